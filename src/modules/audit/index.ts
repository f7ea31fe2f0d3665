// The public face of the audit module (nhật ký truy cập): every module records reads and writes of a
// person's data, and its own writes, through `audit`; the server runs the sealer; `ytcs audit verify`
// recomputes the chain. Lowest of the domain modules: it imports no other module.
export {
  audit,
  countRecentEvents,
  eventsAbout,
  listAuditEvents,
  sealAuditEvents,
  startAuditSealer,
  verifyAuditChain,
  type AuditAction,
  type AuditEntry,
  type AuditEventRow,
  type ChainProblem,
  type VerifyResult,
} from './service.js';
