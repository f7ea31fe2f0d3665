// The worklist's API shapes (danh sách việc cần làm), shared with the web app.
import { z } from 'zod';
import { pagingQuery } from '../../core/paging.js';

const isoDate = z.iso.date();

/** `GET /worklist`: the actor's station or hamlet (or a commune or hamlet of their area), filtered. */
export const worklistQuery = pagingQuery.extend({
  /** A commune or hamlet code of the actor's area (default: the actor's own unit). */
  unit: z.string().trim().min(2).max(20).optional(),
  /** Only items of this kind (`visits.re_examination`, `ncd.follow_up` …). */
  kind: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/)
    .optional(),
  /** Only items whose day has passed. */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Only people of this hamlet (its unit id). */
  hamlet: z.uuid().optional(),
  /** How many days ahead of today the list looks (0: due today or before). */
  days: z.coerce.number().int().min(0).max(31).default(0),
});
export type WorklistQuery = z.infer<typeof worklistQuery>;

export const worklistItem = z.object({
  kind: z.string(),
  /** The record to act on (the visit that set the appointment, the enrolment, the dose …). */
  refId: z.string(),
  residentId: z.uuid(),
  fullName: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string().nullable(),
  birthYear: z.number().int(),
  phones: z.array(z.string()),
  /** The hamlet the person lives in (null when they are placed at the commune). */
  hamletId: z.uuid().nullable(),
  hamletName: z.string().nullable(),
  /** Since when it is due. */
  dueOn: isoDate,
  /** Days past `dueOn` on the list's day (0 on the day, negative when ahead). */
  daysOverdue: z.number().int(),
  priority: z.number().int(),
  /** A message key, `worklist.reason.<reason>`, and its parameters. */
  reason: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type WorklistItem = z.infer<typeof worklistItem>;

export const worklistOut = z.object({
  /** The list's day and the last day it looks at. */
  on: isoDate,
  until: isoDate,
  /** The commune or hamlet the list is for. */
  unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  items: z.array(worklistItem),
  /** Items matching every filter (the pages' total). */
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** Per kind (the kind filter left out): how many, and how many overdue. */
  kinds: z.array(z.object({ kind: z.string(), total: z.number().int(), overdue: z.number().int() })),
  /** Per hamlet (the hamlet filter left out), for the hamlet picker. */
  hamlets: z.array(z.object({ id: z.uuid(), name: z.string(), total: z.number().int() })),
});
export type WorklistOut = z.infer<typeof worklistOut>;
