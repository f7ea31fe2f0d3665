import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendDownload } from '../../core/downloads.js';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import { backupFor } from './service.js';

/** Operations over HTTP: a backup of the running server's database (`ytcs backup --server`). */
export const opsRoutes: ModuleRoutes = async (app, { db }) => {
  app.post('/ops/backup', {
    schema: {
      tags: ['ops'],
      summary:
        'A consistent backup of the whole database, taken while the server runs (system administrators; the file `ytcs restore` reads)',
      response: { ...problemResponses },
    },
    handler: async (req, reply) => {
      const dir = mkdtempSync(join(tmpdir(), 'ytcs-backup-'));
      const file = join(dir, 'ytcs.backup');
      try {
        await backupFor(db, req.actor(), file);
      } catch (err) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      const stream = createReadStream(file);
      stream.on('close', () => rmSync(dir, { recursive: true, force: true }));
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
      return sendDownload(reply, {
        format: 'binary',
        fileName: `ytcs-${db.kind}-${stamp}.backup`,
        body: stream,
      });
    },
  });
};
