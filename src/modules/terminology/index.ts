export {
  codesValidOn,
  isValidCode,
  loadReferenceCodes,
  loadedChecksum,
  parseCodeCsv,
  recordDatasetLoad,
  type CodeValue,
} from './service.js';
