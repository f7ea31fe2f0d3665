/** The audit log's shapes shared by the server and the web app. Must not import database or server code. */
import { z } from 'zod';

export const auditEventOut = z.object({
  seq: z.number(),
  occurredAt: z.string(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  unitPath: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventOut = z.infer<typeof auditEventOut>;

export const auditVerification = z.object({
  ok: z.boolean(),
  checked: z.number(),
  lastSeq: z.number().nullable(),
  pending: z.number().describe('events of transactions still running, chained once they commit'),
  problems: z.array(z.object({ seq: z.number(), problem: z.string() })),
});
