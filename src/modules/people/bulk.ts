/**
 * The people module's bulk writer, for the demo (docs/adr/0020-module-boundaries.md): plain rows in —
 * households, residents, insurance cards, life events, 831 records and their versions — inserted into
 * people's own tables inside the caller's transaction, with one audit event per table. Columns the
 * database keeps (change_seq, updated_at, the search name) take their defaults; `createdAt` of a
 * resident (when the commune registered them) and of a record version (when it was written) are data.
 *
 * Loading into empty tables, the secondary indexes are dropped and rebuilt afterwards and, where the
 * role may, the foreign-key triggers are skipped (see `withIndexesRebuilt`). Also the set reads a bulk
 * generator needs: the living residents and their cards under a unit, and the coverage of a load.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { insertAll } from '../../db/bulk.js';
import { rows, type Executor, type Tx } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { healthManagedOn, insuredOn } from './population.js';
import {
  healthRecords,
  healthRecordVersions,
  households,
  insuranceCards,
  lifeEvents,
  residents,
} from './schema.js';

type KeptByDatabase = 'changeSeq' | 'updatedAt';
export type BulkHousehold = Omit<typeof households.$inferInsert, KeptByDatabase | 'createdAt'>;
export type BulkResident = Omit<typeof residents.$inferInsert, KeptByDatabase>;
export type BulkCard = Omit<typeof insuranceCards.$inferInsert, KeptByDatabase | 'createdAt'>;
export type BulkLifeEvent = Omit<typeof lifeEvents.$inferInsert, KeptByDatabase | 'createdAt'>;
export type BulkHealthRecord = Omit<typeof healthRecords.$inferInsert, KeptByDatabase | 'createdAt'>;
export type BulkHealthRecordVersion = Omit<typeof healthRecordVersions.$inferInsert, KeptByDatabase>;

export interface PeopleBulk {
  households: BulkHousehold[];
  /** In any order: mothers and fathers are written before the residents that point at them. */
  residents: BulkResident[];
  cards: BulkCard[];
  lifeEvents: BulkLifeEvent[];
  healthRecords: BulkHealthRecord[];
  healthRecordVersions: BulkHealthRecordVersion[];
}

export interface PeopleBulkOptions {
  /** The audit events: the unit the load is about, their entity type and details common to all. */
  audit: { unitPath: string; entityType: string; details: Record<string, unknown> };
  progress?: ((step: string, done: number, total: number) => void) | undefined;
}

/**
 * Takes the residents for a bulk load (one load at a time: other writers of residents wait until the
 * caller's transaction ends) and counts those already under `unitPath`.
 */
export async function lockPeopleForBulk(tx: Tx, unitPath: string): Promise<number> {
  await tx.execute(sql`LOCK TABLE residents IN EXCLUSIVE MODE`);
  const [row] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM residents WHERE unit_path <@ ${unitPath}::ltree`,
  );
  return row?.n ?? 0;
}

/** Inserts the rows, parents before children, and audits one event per table with its counts. */
export async function insertPeopleBulk(
  tx: Tx,
  actor: Actor,
  data: PeopleBulk,
  opts: PeopleBulkOptions,
): Promise<void> {
  const { progress } = opts;
  await withIndexesRebuilt(tx, PEOPLE_TABLES, progress, async () => {
    await insertAll(tx, households, data.households, 'households', progress);
    await insertAll(tx, residents, orderParentsFirst(data.residents), 'residents', progress);
    await insertAll(tx, insuranceCards, data.cards, 'insurance cards', progress);
    await insertAll(tx, lifeEvents, data.lifeEvents, 'life events', progress);
    await insertAll(tx, healthRecords, data.healthRecords, '831 records', progress);
    await insertAll(tx, healthRecordVersions, data.healthRecordVersions, '831 versions', progress, 1_000);
  });
  const status = (s: string) => data.residents.filter((r) => (r.status ?? 'active') === s).length;
  for (const details of [
    { table: 'households', rows: data.households.length },
    {
      table: 'residents',
      rows: data.residents.length,
      active: status('active'),
      dead: status('dead'),
      movedOut: status('moved_out'),
    },
    { table: 'insurance_cards', rows: data.cards.length },
    { table: 'life_events', rows: data.lifeEvents.length },
    {
      table: 'health_records',
      rows: data.healthRecords.length,
      versions: data.healthRecordVersions.length,
    },
  ])
    await audit(tx, actor, {
      action: 'create',
      entityType: opts.audit.entityType,
      unitPath: opts.audit.unitPath,
      details: { ...opts.audit.details, ...details },
    });
}

/** Living (status active) residents under a unit, insured and health-managed on a day. */
export async function livingCoverage(
  db: Executor,
  unitPath: string,
  on: string,
): Promise<{ insured: number; managed: number }> {
  const [facts] = await rows<{ insured: number; managed: number }>(
    db,
    sql`SELECT count(*) FILTER (WHERE ${insuredOn(sql`r.id`, sql`${on}::date`)})::int AS insured,
            count(*) FILTER (WHERE ${healthManagedOn(sql`r.id`, sql`${on}::date`)})::int AS managed
        FROM residents r WHERE r.unit_path <@ ${unitPath}::ltree AND r.status = 'active'`,
  );
  return facts ?? { insured: 0, managed: 0 };
}

/** A living resident under a unit, as a generator of visits needs them. */
export interface LivingResident {
  id: string;
  unitPath: string;
  birthYear: number;
  sex: 'male' | 'female';
}

/** The living (status active) residents under a unit, by id. */
export async function livingResidentsUnder(db: Executor, unitPath: string): Promise<LivingResident[]> {
  return rows<LivingResident>(
    db,
    sql`SELECT id, unit_path::text AS "unitPath", birth_year AS "birthYear", sex FROM residents
        WHERE unit_path <@ ${unitPath}::ltree AND status = 'active' ORDER BY id`,
  );
}

/** An insurance card (not voided) of a resident under a unit. */
export interface ResidentCard {
  residentId: string;
  id: string;
  code: string;
  socialInsuranceNumber: string;
  beneficiaryGroup: string | null;
  benefitLevel: number | null;
  validFrom: string;
  validTo: string | null;
  registeredFacilityCode: string | null;
}

/** The cards (not voided) of the residents under a unit, by resident then start of validity. */
export async function cardsUnder(db: Executor, unitPath: string): Promise<ResidentCard[]> {
  return rows<ResidentCard>(
    db,
    sql`SELECT c.resident_id AS "residentId", c.id, c.code, c.social_insurance_number AS "socialInsuranceNumber",
          c.beneficiary_group AS "beneficiaryGroup", c.benefit_level::int AS "benefitLevel", c.valid_from::text AS "validFrom",
          c.valid_to::text AS "validTo", c.registered_facility_code AS "registeredFacilityCode"
        FROM insurance_cards c JOIN residents r ON r.id = c.resident_id
        WHERE r.unit_path <@ ${unitPath}::ltree AND c.voided_at IS NULL ORDER BY c.resident_id, c.valid_from`,
  );
}

/** Residents whose mother or father is in the list come after them. */
function orderParentsFirst(list: BulkResident[]): BulkResident[] {
  const withParents = list.filter((r) => r.motherId || r.fatherId);
  const without = list.filter((r) => !r.motherId && !r.fatherId);
  // A parent may itself have parents in the list (three generations): order by birth year.
  withParents.sort((a, b) => a.birthYear - b.birthYear);
  return [...without, ...withParents];
}

const PEOPLE_TABLES = [
  'households',
  'residents',
  'insurance_cards',
  'life_events',
  'health_records',
  'health_record_versions',
] as const;

/**
 * Loading into EMPTY tables: their secondary indexes (GiST on paths, trigram GIN on names, btrees) are
 * dropped for the load and rebuilt from their own definitions afterwards, in the same transaction —
 * building an index once is about three times cheaper than maintaining it row by row (PGlite:
 * residents 14 s → 5 s at scale 1). Indexes backing constraints (primary keys) stay. When any of the
 * tables holds rows (another province's demo), nothing is dropped.
 */
async function withIndexesRebuilt(
  tx: Tx,
  tables: readonly string[],
  progress: PeopleBulkOptions['progress'],
  load: () => Promise<void>,
): Promise<void> {
  const empty = await rows<{ empty: boolean }>(
    tx,
    sql.raw(tables.map((t) => `SELECT NOT EXISTS (SELECT 1 FROM "${t}") AS empty`).join(' UNION ALL ')),
  );
  if (!empty.every((e) => e.empty)) return load();
  const indexes = await rows<{ name: string; def: string }>(
    tx,
    sql`SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename IN (${sql.join(
          tables.map((t) => sql`${t}`),
          sql`, `,
        )})
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        ORDER BY i.tablename, i.indexname`,
  );
  for (const i of indexes) await tx.execute(sql.raw(`DROP INDEX "${i.name}"`));
  // Generated rows reference each other consistently (parents first, households before members), so
  // the per-row foreign-key triggers are skipped for the load where the role may (a superuser, as on
  // PGlite); elsewhere they run. Triggers are back on before anything else (the audit chain) is written.
  const replica = await tx
    .transaction(async (sp) => {
      await sp.execute(sql`SET LOCAL session_replication_role = replica`);
    })
    .then(() => true)
    .catch(() => false);
  try {
    await load();
  } finally {
    if (replica) await tx.execute(sql`SET LOCAL session_replication_role = origin`);
  }
  let done = 0;
  for (const i of indexes) {
    await tx.execute(sql.raw(i.def));
    progress?.('people: indexes', ++done, indexes.length);
  }
}
