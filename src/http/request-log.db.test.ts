import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { testDatabase, type TestDatabase } from '../test-support/db.js';

/** The server writes one log line per request at info level (Fastify alone writes two). */
let t: TestDatabase;
let app: FastifyInstance;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await testDatabase();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  app = await buildServer({
    db: t.db,
    webRoot: '/nonexistent',
    auditSealIntervalMs: 0,
    logger: { level: 'info', stream },
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('request log', () => {
  it('writes one info line per request, with method, path, status and time', async () => {
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/api/v1/units?limit=2' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, method: 'GET', url: '/api/v1/units?limit=2', status: 401 });
    expect(typeof lines[0]?.ms).toBe('number');
    expect(typeof lines[0]?.reqId).toBe('string');
  });

  it('leaves liveness probes out at info level', async () => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(lines).toHaveLength(0);
  });
});
