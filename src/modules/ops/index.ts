// The public face of the ops module: backups and restores of the whole database, verified by
// per-table checksums (docs/adr/0032-reliability.md). Used by the CLI (`ytcs backup`, `ytcs restore`)
// and the server (POST /api/v1/ops/backup). It owns no table.
export {
  backupDatabase,
  checkPayload,
  compareChecksums,
  readManifest,
  restoreDatabase,
  tableChecksums,
  type BackupManifest,
  type RestoreResult,
  type RestoreTarget,
  type TableChecksum,
} from './backup.js';
export { backupFor } from './service.js';
