import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/connection.js';

/** Every module's routes are a Fastify plugin of this type, given the database. */
export type ModuleRoutes = FastifyPluginAsyncZod<{ db: Database }>;

/** The problem+json body, for OpenAPI. */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })),
});

export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
} as const;

export const idParams = z.object({ id: z.uuid() });

/**
 * Sends JSON text the database wrote in the shape of the route's response (docs/adr/0017): Fastify
 * sends a string with a JSON content type as it is, neither parsed nor serialized again. (The type
 * provider only knows the response's object type, hence the cast.)
 */
export function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json as never);
}
