import { requirePermission, type Actor } from '../../core/actor.js';
import type { Database } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { backupDatabase, type BackupManifest } from './backup.js';

/**
 * A backup taken by the running server for a system administrator (the embedded database belongs
 * to the server's process, so only it can take a consistent copy while it serves). Audited: a backup
 * carries every person's data.
 */
export async function backupFor(db: Database, actor: Actor, file: string): Promise<BackupManifest> {
  requirePermission(actor, 'system.backup');
  const manifest = await backupDatabase(db, file);
  await audit(db.orm, actor, {
    action: 'export',
    entityType: 'database',
    details: {
      kind: manifest.kind,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
      bytes: manifest.payloadBytes,
      sha256: manifest.payloadSha256,
    },
  });
  return manifest;
}
