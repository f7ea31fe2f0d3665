/**
 * Bulk `$export` over HTTP (FHIR Bulk Data Access IG v2): the kick-offs (`/$export` for the caller's
 * area, `Patient/$export`, `Group/<household>/$export`), the status URL (202 with `X-Progress` while
 * it runs, 200 with the manifest, an OperationOutcome when it failed; DELETE cancels and removes it)
 * and the NDJSON files. Only the requester may poll, download or cancel. HTTP only: bulk-export.ts
 * does the work, bulk-queue.ts runs it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.js';
import {
  cancelExport,
  exportFile,
  manifestOf,
  ownExport,
  startExport,
  type ExportKind,
} from './bulk-export.js';
import { ExportWorker } from './bulk-queue.js';
import { outcome } from './outcome.js';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

const querySchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}/fhir`;

/** The export worker of the latest server on a database (tests reach it to stop a server mid-export). */
export const exportWorkers = new WeakMap<Database, ExportWorker>();

export function registerBulkExport(app: FastifyInstance, db: Database): void {
  const worker = new ExportWorker(db, app.log);
  exportWorkers.set(db, worker);
  app.addHook('onReady', async () => {
    await worker.recover().catch((err: unknown) => app.log.error({ err }, 'could not take up the exports'));
  });
  app.addHook('onClose', async () => worker.stop());

  const kickOff = (kind: ExportKind) => async (request: FastifyRequest, reply: FastifyReply) => {
    const query: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(request.query as Record<string, string | string[]>))
      query[k] = Array.isArray(v) ? v : [v];
    const prefer = String(request.headers['prefer'] ?? '');
    const id = await startExport(db.orm, request.actor(), {
      kind,
      groupId: (request.params as { id?: string }).id,
      query,
      request: `${baseOf(request)}${request.url.replace(/^\/fhir/, '')}`,
      respondAsync: /respond-async/.test(prefer),
      lenient: /handling=lenient/.test(prefer),
    });
    await worker.enqueue(id);
    return reply
      .status(202)
      .header('content-location', `${baseOf(request)}/bulk-status/${id}`)
      .type(FHIR_JSON)
      .send(
        JSON.stringify(
          outcome([
            {
              severity: 'information',
              code: 'informational',
              details: { text: `Export ${id} accepted: poll its status URL (Content-Location)` },
            },
          ]),
        ),
      );
  };
  const kickOffSchema = { hide: true, querystring: querySchema };
  app.get('/$export', { schema: kickOffSchema }, kickOff('system'));
  app.get('/Patient/$export', { schema: kickOffSchema }, kickOff('patient'));
  app.get(
    '/Group/:id/$export',
    { schema: { ...kickOffSchema, params: z.object({ id: z.string().max(64) }) } },
    kickOff('group'),
  );

  const statusParams = z.object({ id: z.string().max(64) });
  app.get('/bulk-status/:id', { schema: { hide: true, params: statusParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const e = await ownExport(db.orm, request.actor(), id, 'status');
    if (e.status === 'queued' || e.status === 'running') {
      // A poll wakes this server's worker too: an export whose server died is taken up here.
      worker.kick();
      const pct = e.total ? Math.min(99, Math.floor((100 * e.done) / e.total)) : 0;
      return reply
        .status(202)
        .header('x-progress', `${pct}% (${e.done} of ${e.total} patients)`)
        .header('retry-after', '2')
        .send();
    }
    if (e.status === 'failed')
      return reply
        .status(500)
        .type(FHIR_JSON)
        .send(
          JSON.stringify(
            outcome([
              {
                severity: 'error',
                code: 'exception',
                details: { text: `The export failed: ${e.error ?? 'unknown error'}` },
              },
            ]),
          ),
        );
    return reply
      .status(200)
      .header('expires', new Date(Date.now() + 7 * 86_400_000).toUTCString())
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(manifestOf(e, baseOf(request))));
  });
  app.delete('/bulk-status/:id', { schema: { hide: true, params: statusParams } }, async (request, reply) => {
    await cancelExport(db.orm, request.actor(), (request.params as { id: string }).id);
    return reply
      .status(202)
      .type(FHIR_JSON)
      .send(
        JSON.stringify(
          outcome([
            {
              severity: 'information',
              code: 'informational',
              details: { text: 'Export cancelled and removed' },
            },
          ]),
        ),
      );
  });
  app.get(
    '/bulk-files/:id/:file',
    { schema: { hide: true, params: z.object({ id: z.string().max(64), file: z.string().max(100) }) } },
    async (request, reply) => {
      const { id, file } = request.params as { id: string; file: string };
      const out = await exportFile(db.orm, request.actor(), id, file);
      return reply.type('application/fhir+ndjson').header('cache-control', 'no-store').send(out.body);
    },
  );
}
