// The public face of the claims module: insurance claim XML (Decision 130/QĐ-BYT as amended) and
// register A1. Other modules and the CLI call these, never the files behind them.
export { claimStandardOn, claimStandards, type ClaimStandard, type ClaimTable } from './standard.js';
export { claimInput, claimIssue, type ClaimInput, type ClaimIssue } from './contracts.js';
export { claimTables, type ClaimTables } from './tables.js';
export { envelopeXml, readEnvelope } from './xml.js';
export { validateEnvelope } from './validate.js';
export {
  checkMonthClaims,
  exportMonthClaims,
  exportVisitClaim,
  registerA1,
  type ClaimExport,
} from './service.js';
export { a1Pdf, a1Workbook } from './a1-files.js';
export type { A1Register, A1Row } from './register-a1.js';
