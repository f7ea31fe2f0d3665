import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import { pullOut, pullQuery, pushInput, pushOut } from './contracts.js';
import { pull } from './pull.js';
import { push } from './push.js';

const tags = ['sync'];
const gzipped = promisify(gzip);

/** Pages of a pull are large and compress about ten to one: gzip when the device accepts it (docs/adr/0033). */
const COMPRESS_FROM = 1024;

export const syncRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  // Scoped to these routes (a Fastify plugin's hooks stay inside it).
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || payload.length < COMPRESS_FROM) return payload;
    if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return payload;
    reply.header('content-encoding', 'gzip');
    reply.header('vary', 'accept-encoding');
    reply.removeHeader('content-length');
    return gzipped(payload);
  });

  app.get('/sync/pull', {
    schema: {
      tags,
      summary:
        "A page of a commune's or hamlet's working set for an offline device: the rows changed since the cursor (by the change sequence, never by time), removals, code lists, due items, and the next cursor",
      querystring: pullQuery,
      response: { 200: pullOut, ...problemResponses },
    },
    handler: async (req) => pull(orm, req.actor(), req.query),
  });

  app.post('/sync/push', {
    schema: {
      tags,
      summary:
        "A device's outbox records, applied in order through their modules' services; each answered accepted, merged (with the conflicts recorded) or refused with the reason; a record sent again is applied once",
      body: pushInput,
      response: { 200: pushOut, ...problemResponses },
    },
    handler: async (req) => push(orm, req.actor(), req.body),
  });
};
