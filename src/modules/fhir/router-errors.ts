/**
 * What Fastify's router refuses before any /fhir route runs (a broken percent-encoding, a path
 * parameter over the router's limit) answered as FHIR answers everything else: an OperationOutcome
 * (found by src/reliability/fuzz-fhir.db.test.ts). src/server.ts hands /fhir URLs here.
 */
import type { FastifyReply } from 'fastify';
import { outcome } from './outcome.js';

export function fhirRouterError(error: { message: string; statusCode?: number }, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  return reply
    .status(status)
    .type('application/fhir+json; charset=utf-8')
    .send(
      JSON.stringify(
        outcome([
          { severity: 'error', code: 'invalid', details: { text: `The URL is malformed: ${error.message}` } },
        ]),
      ),
    );
}
