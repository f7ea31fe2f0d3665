/**
 * The FHIR R4 REST API at /fhir (issue 19; docs/adr/0030): JSON (`application/fhir+json`), every
 * answer a resource or an OperationOutcome. HTTP only: the interactions are service.ts. Signed in as
 * for the JSON API (a bearer token, or a session with its CSRF header for unsafe methods).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, RETRY_AFTER_SECONDS } from '../../core/errors.js';
import { language } from '../../http/problem.js';
import type { ModuleRoutes } from '../../http/types.js';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { registerBulkExport } from './bulk-routes.js';
export { fhirRouterError } from './router-errors.js';
import { asFhirError, FhirError, outcome } from './outcome.js';
import { translatorOf } from './registry.js';
import { auditDenial, interact, versionOfETag, type FhirResponse } from './service.js';
import type { FhirContext, SearchParams } from './translator.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function send(reply: FastifyReply, status: number, body: Resource | undefined): FastifyReply {
  reply.status(status).type(FHIR_JSON);
  return reply.send(body === undefined ? '' : JSON.stringify(body));
}

const querySchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

function searchParams(query: Record<string, string | string[]>): SearchParams {
  const out: SearchParams = {};
  for (const [k, v] of Object.entries(query)) out[k] = Array.isArray(v) ? v : [v];
  return out;
}

function preferOf(header: string | string[] | undefined) {
  const m = /return=(minimal|representation|OperationOutcome)/.exec(String(header ?? ''));
  return m?.[1] as 'minimal' | 'representation' | 'OperationOutcome' | undefined;
}

const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}/fhir`;

export const fhirRoutes: ModuleRoutes = async (app, { db }) => {
  // FHIR's own media type (and its old spelling), parsed as JSON.
  app.addContentTypeParser(
    ['application/fhir+json', 'application/json+fhir'],
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(
          new FhirError(400, [
            { severity: 'error', code: 'structure', details: { text: 'The body is not JSON' } },
          ]),
          undefined,
        );
      }
    },
  );

  app.setErrorHandler(async (error: FastifyError | FhirError | AppError, request, reply) => {
    const denial = (error as { denial?: AppError['denial'] }).denial;
    if (denial && request.auth) {
      const ctx = { db: db.orm, actor: request.auth.actor } as FhirContext;
      await auditDenial(ctx, new AppError('not-found', 'denied', { denial }), request.method).catch(
        (err: unknown) => request.log.error({ err }, 'could not audit a denial'),
      );
    }
    const type = (request.params as { '*'?: string } | undefined)?.['*']?.split('/')[0];
    const f = asFhirError(error, language(request), type, type ? translatorOf(type)?.paths : undefined);
    if (f) {
      if (f.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return send(reply, f.status, outcome(f.issues));
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    const issues: OperationOutcomeIssue[] = [
      {
        severity: 'error',
        code:
          status === 415
            ? 'not-supported'
            : status === 413
              ? 'too-long'
              : status < 500
                ? 'invalid'
                : 'exception',
        details: {
          text: status < 500 ? error.message : 'Something went wrong on the server; it has been logged',
        },
      },
    ];
    return send(reply, status, outcome(issues));
  });
  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      404,
      outcome([
        {
          severity: 'error',
          code: 'not-found',
          details: { text: `No route ${request.method} ${request.url.split('?')[0]}` },
        },
      ]),
    ),
  );

  const answer = async (request: FastifyRequest, reply: FastifyReply, path: string, query: SearchParams) => {
    const ctx: FhirContext = {
      db: db.orm,
      actor: request.actor(),
      lang: language(request),
      base: baseOf(request),
      warnings: [],
    };
    const res: FhirResponse = await interact(ctx, {
      method: request.method,
      path,
      query,
      body: request.body,
      ifMatch: versionOfETag(request.headers['if-match'] as string | undefined),
      prefer: preferOf(request.headers['prefer']),
      strict: /handling=strict/.test(String(request.headers['prefer'] ?? '')),
      asText: true,
    });
    if (res.location) reply.header('location', res.location);
    if (res.etag) reply.header('etag', res.etag);
    if (res.lastModified) reply.header('last-modified', res.lastModified);
    if (res.text !== undefined) return reply.status(res.status).type(FHIR_JSON).send(res.text);
    return send(reply, res.status, res.body);
  };

  // The CapabilityStatement needs no sign-in (clients read it before they authenticate).
  app.get('/metadata', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const ctx = { base: baseOf(request) } as FhirContext;
    const res = await interact(ctx, { method: 'GET', path: 'metadata', query: {} });
    return send(reply, 200, res.body);
  });

  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
    url: '/*',
    schema: { hide: true, params: z.object({ '*': z.string().max(300) }), querystring: querySchema },
    handler: (request, reply) =>
      answer(
        request,
        reply,
        (request.params as { '*': string })['*'],
        searchParams(request.query as Record<string, string | string[]>),
      ),
  });
  app.post('/', { schema: { hide: true } }, (request, reply) => answer(request, reply, '', {}));
  // Bulk $export (Bulk Data Access IG v2): kick-offs, status, files (bulk-routes.ts).
  registerBulkExport(app, db);
};
