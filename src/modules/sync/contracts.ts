// The offline sync's API shapes (đồng bộ ngoại tuyến, docs/adr/0033), shared with the web app's
// device store: no database or server code here.
import { z } from 'zod';
import { measurementInput } from '../growth/contracts.js';
import { doseInput } from '../immunization/contracts.js';
import {
  duplicateCandidate,
  householdInput,
  householdPatch,
  residentFields,
  residentInput,
} from '../people/contracts.js';
import { visitInput } from '../visits/contracts.js';

/** At most this many rows a pull page, and this many records a push. */
export const PULL_LIMIT_MAX = 5000;
export const PUSH_RECORDS_MAX = 200;

export const pullQuery = z.object({
  /** A commune or hamlet code of the actor's area (default: the actor's own unit). */
  scope: z.string().trim().min(2).max(20).optional(),
  /** The cursor of the last page stored on the device (0: everything). */
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).default(1000),
  /** Send the scope's due items with the last page (a device asks once a sync). */
  due: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** The code lists' stamp the device holds: the lists come again when it moved. */
  codes: z.string().max(64).optional(),
  /**
   * With `due=true`: the cursor the device's due items were computed at (the `next` of the page that
   * brought them) and their day (`dueDay` of that page). When both are given and the day is still
   * today in Vietnam, only the due items of the people whose facts changed since come, with `dueFor`
   * (docs/adr/0033, point 14); otherwise the whole list.
   */
  dueSince: z.coerce.number().int().min(1).optional(),
  dueDay: z.iso.date().optional(),
});
export type PullQuery = z.infer<typeof pullQuery>;

export const SYNC_ENTITIES = [
  'resident',
  'household',
  'card',
  'conflict',
  'visit',
  // Programme data (ncd, maternal, immunization, growth): removals drop the one row.
  'enrolment',
  'pregnancy',
  'dose',
  'forecast',
  'measurement',
] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

/** A row to upsert on the device, or a removal (`removed: true`: drop it and what hangs on it). */
export const syncChange = z.object({
  entity: z.enum(SYNC_ENTITIES),
  id: z.uuid(),
  seq: z.number().int(),
  removed: z.boolean().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type SyncChange = z.infer<typeof syncChange>;

export const codeValueRow = z.object({
  system: z.string(),
  code: z.string(),
  displayVi: z.string(),
  displayEn: z.string().nullable(),
  sortOrder: z.number().nullable(),
});
export type CodeValueRow = z.infer<typeof codeValueRow>;

/** A due item of the scope's worklist (computed, sent whole with the last page; src/core/worklist.ts). */
export const dueRow = z.object({
  kind: z.string(),
  refId: z.string(),
  residentId: z.uuid(),
  dueOn: z.string(),
  priority: z.number().int(),
  /** A message key, `worklist.reason.<reason>`, and its parameters. */
  reason: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type DueRow = z.infer<typeof dueRow>;

export const pullOut = z.object({
  scope: z.object({ code: z.string(), name: z.string(), level: z.string(), path: z.string() }),
  since: z.number().int(),
  /** Store this and send it as `since` next time (also to resume an interrupted pull). */
  next: z.number().int(),
  /** Whether more pages wait above `next` (ask again at once). */
  more: z.boolean(),
  changes: z.array(syncChange),
  /** The code lists valid today, when the device's stamp is not the current one. */
  codes: z.object({ stamp: z.string(), values: z.array(codeValueRow) }).optional(),
  /** The commune's facilities active today and their staff (for a visit recorded offline), on the last page. */
  station: z
    .object({
      facilities: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), kind: z.string() })),
      staff: z.array(
        z.object({ id: z.uuid(), fullName: z.string(), title: z.string(), facilityId: z.uuid().nullable() }),
      ),
    })
    .optional(),
  /**
   * The scope's due items (the worklist of the coming 31 days), on the last page when asked
   * (`due=true`): the whole list, or with `dueFor` only those of the people named there.
   */
  due: z.array(dueRow).optional(),
  /**
   * When present, `due` holds only these people's items: the device replaces their items (and drops
   * those of them not in `due`), keeping everyone else's. Absent with `due`: replace the whole list.
   */
  dueFor: z.array(z.uuid()).optional(),
  /** The Vietnamese day the due items were computed for (send it back as `dueDay`). */
  dueDay: z.iso.date().optional(),
});
export type PullOut = z.infer<typeof pullOut>;

// ---------------------------------------------------------------- push

export const SYNC_RECORD_KINDS = [
  'visit.create',
  'resident.update',
  'household.create',
  'household.update',
  'growth.measurement',
  'immunization.doses',
  'resident.create',
] as const;
export type SyncRecordKind = (typeof SYNC_RECORD_KINDS)[number];

/** A visit recorded on the device: a clinical event, append-only. */
export const visitCreatePayload = visitInput;

/** An id minted on a device for a record it creates (UUIDv7: time-ordered, docs/adr/0004). */
export const clientId = z.uuidv7();

/** A household registered on the device, with its members, as people registers one. */
export const householdCreatePayload = householdInput;

/**
 * The ids the device minted for that household and its members (`payload.id`, `payload.members.N.id`):
 * the server keeps them as the records' ids, so a visit to a person registered offline can follow in the
 * same push, and the device's copy is the server's (docs/adr/0033, point 10). Without them the server
 * mints the ids.
 */
export const householdCreateIds = z.object({
  id: clientId.optional(),
  members: z.array(z.object({ id: clientId.optional() })).optional(),
});

/**
 * A resident registered alone on the device (into a household of the working set), as people registers
 * one; `payload.id` is the UUIDv7 the device minted, kept as the resident's id. A probable duplicate of
 * someone on record is refused with the candidates (the device shows them); the user may send it again
 * naming, in `payload.notDuplicateOf`, the candidates judged to be other people.
 */
export const residentCreatePayload = residentInput;
export type DuplicateCandidate = z.infer<typeof duplicateCandidate>;
export const residentCreateExtras = z.object({
  id: clientId.optional(),
  notDuplicateOf: z.array(z.uuid()).max(20).optional(),
});

/** A household's fields a device may change offline (merged field by field, like a resident's). */
export const householdFieldsPatch = householdPatch
  .pick({ addressLine: true, code: true, unitCode: true })
  .partial()
  .strict();

/** An edit of a household: the new values, and each one's value when last pulled. */
export const householdUpdatePayload = z.strictObject({
  householdId: z.uuid(),
  fields: householdFieldsPatch,
  base: z.record(z.string(), z.unknown()).default({}),
});
export type HouseholdUpdatePayload = z.infer<typeof householdUpdatePayload>;

/** Doses given to a child, recorded on the device (a session in a hamlet): clinical events, append-only. */
export const immunizationDosesPayload = z.strictObject({
  residentId: z.uuid(),
  doses: z.array(doseInput).min(1).max(10),
});

/** A child's measurement taken on the device: a clinical event, append-only. */
export const growthMeasurementPayload = z.strictObject({
  residentId: z.uuid(),
  measurement: measurementInput,
});

/** The administrative fields a device may change offline (merged field by field), as people checks them. */
export const residentFieldsPatch = residentFields
  .pick({
    fullName: true,
    personalId: true,
    ethnicity: true,
    nationality: true,
    religion: true,
    occupation: true,
    bloodGroup: true,
    phones: true,
  })
  .partial()
  .strict();
export type ResidentFieldsPatch = z.infer<typeof residentFieldsPatch>;

/** An edit of a resident's administrative fields: the new values, and each one's value when last pulled. */
export const residentUpdatePayload = z.strictObject({
  residentId: z.uuid(),
  fields: residentFieldsPatch,
  base: z.record(z.string(), z.unknown()).default({}),
});
export type ResidentUpdatePayload = z.infer<typeof residentUpdatePayload>;

export const pushRecord = z.object({
  /** Minted on the device (UUIDv7): the same record sent again is applied once. */
  id: z.uuid(),
  kind: z.enum(SYNC_RECORD_KINDS),
  payload: z.unknown(),
  /** When the device made it (shown; never used to order anything). */
  madeAt: z.string().max(40).optional(),
});
export type PushRecord = z.infer<typeof pushRecord>;

export const pushInput = z.strictObject({
  records: z.array(pushRecord).min(1).max(PUSH_RECORDS_MAX),
});
export type PushInput = z.infer<typeof pushInput>;

export const fieldConflict = z.object({
  field: z.string(),
  serverValue: z.unknown(),
  baseValue: z.unknown(),
  pushedValue: z.unknown(),
});
export type FieldConflict = z.infer<typeof fieldConflict>;

export const PUSH_STATUSES = ['accepted', 'merged', 'refused', 'failed'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

export const pushResult = z.object({
  id: z.uuid(),
  /** `failed`: not applied for a reason of the server (retry later); the others are final. */
  status: z.enum(PUSH_STATUSES),
  /** True when this record had been received before: the stored answer, nothing applied again. */
  replayed: z.boolean(),
  /** What the record wrote on the server (the visit's id…). */
  entityId: z.uuid().nullable(),
  conflicts: z.array(fieldConflict),
  /** Why it was refused: the problem's status, kind and message, and the fields at fault. */
  problem: z
    .object({
      status: z.number().int(),
      kind: z.string(),
      detail: z.string(),
      errors: z.array(
        z.object({
          path: z.string(),
          code: z.string(),
          message: z.string(),
          text: z.object({ vi: z.string(), en: z.string() }).optional(),
        }),
      ),
      /** A registration refused as a probable duplicate: the people on record it may be. */
      candidates: z.array(duplicateCandidate).optional(),
    })
    .nullable(),
});
export type PushResult = z.infer<typeof pushResult>;

export const pushOut = z.object({ results: z.array(pushResult) });
export type PushOut = z.infer<typeof pushOut>;
