// The public face of the privacy module (bảo vệ dữ liệu cá nhân): a person's data export and the
// erasure requests, decided against the retention rules in force. Nothing imports it but the server.
export {
  exportPersonalData,
  requestErasure,
  decideRequest,
  rulesInForce,
  shippedRetentionRules,
} from './service.js';
export { DATA_CATEGORIES, type DataCategory, type PersonalDataExport } from './contracts.js';
