/**
 * The route table as the assembled server holds it: every route's method, URL, zod schemas and
 * config, captured with the server's `onRoute` option. The fuzz and access-matrix tests walk it, so a
 * route another module adds is covered (or, for the access matrix, fails until it is given a rule).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../db/connection.js';
import { buildServer } from '../server.js';

export interface RouteEntry {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify's form: `/api/v1/residents/:id`. */
  url: string;
  /** `METHOD url`, the key of the access rules. */
  key: string;
  params?: z.ZodType | undefined;
  querystring?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  public: boolean;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** The API's routes from a list `onRoute` collected (HEAD twins, docs and the web app left out). */
export function apiRoutes(collected: RouteOptions[]): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const r of collected) {
    if (!r.url.startsWith('/api/') || r.url.startsWith('/api/docs')) continue;
    for (const method of [r.method].flat()) {
      if (!METHODS.has(method)) continue;
      const schema = (r.schema ?? {}) as Record<string, unknown>;
      const config = (r.config ?? {}) as { public?: boolean };
      out.push({
        method: method as RouteEntry['method'],
        url: r.url,
        key: `${method} ${r.url}`,
        params: schema.params as z.ZodType | undefined,
        querystring: schema.querystring as z.ZodType | undefined,
        body: schema.body as z.ZodType | undefined,
        public: config.public === true || r.url === '/api/openapi.json',
      });
    }
  }
  return out;
}

/** A server on `db` (no background sealer, as in the tests) with its route table. */
export async function serverWithRoutes(
  db: Database,
): Promise<{ app: FastifyInstance; routes: RouteEntry[] }> {
  const collected: RouteOptions[] = [];
  const app = await buildServer({
    db,
    webRoot: '/nonexistent',
    auditSealIntervalMs: 0,
    onRoute: (r) => collected.push(r),
  });
  await app.ready();
  return { app, routes: apiRoutes(collected) };
}

/** The names of a route's path parameters, in order (`:id`, `:version`). */
export function paramNames(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

/**
 * A value percent-encoded as a client would send it; a lone surrogate, which has no UTF-8 form,
 * becomes the bytes a careless encoder writes for it (an invalid UTF-8 sequence).
 */
export function encodeLoose(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          const c = ch.charCodeAt(0);
          return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('');
        }
      })
      .join('');
  }
}

/** The URL with its parameters filled in (each value URI-encoded). */
export function fillUrl(url: string, params: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => encodeLoose(params[name] ?? ''));
}
