/**
 * The network module's bulk writer, for the demo and imports (docs/adr/0020-module-boundaries.md):
 * plain rows in, inserted into the network's own tables (hamlets, facilities, the hamlets a station
 * serves, staff) inside the caller's transaction, with one audit event per table. The columns the
 * database keeps (change_seq, created_at, updated_at) take their defaults. Multi-row inserts of at
 * most 500 rows: PGlite pays about a millisecond per statement.
 *
 * Also the set reads a bulk generator needs that the relations do not give: the old units each
 * commune of the current map came from (the 2025 reform's mapping).
 */
import { sql } from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Actor } from '../../core/actor.js';
import { rows, type Executor, type Tx } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { FACILITY_KINDS, type FacilityKind } from './contracts.js';
import {
  adminUnits,
  approvedPositions,
  facilities,
  staffCertificates,
  staffMembers,
  stationHamlets,
} from './schema.js';

const BATCH = 500;

type KeptByDatabase = 'changeSeq' | 'createdAt' | 'updatedAt';
/** A hamlet (thôn, ấp, tổ dân phố…) of the current map: `code` `<commune code>-<nnn>`, under its commune. */
export type BulkHamlet = Omit<typeof adminUnits.$inferInsert, KeptByDatabase> & {
  map: 'post2025';
  level: 'hamlet';
};
export type BulkFacility = Omit<typeof facilities.$inferInsert, KeptByDatabase>;
/** A hamlet served by a commune station. */
export type BulkStationHamlet = Omit<typeof stationHamlets.$inferInsert, 'changeSeq'>;
export type BulkStaffMember = Omit<typeof staffMembers.$inferInsert, KeptByDatabase>;

/** A practising certificate of a staff member in the same load (or already stored). */
export type BulkCertificate = Omit<typeof staffCertificates.$inferInsert, KeptByDatabase>;
/** Posts of a title approved for a facility in the same load (or already stored). */
export type BulkPosition = Omit<typeof approvedPositions.$inferInsert, KeptByDatabase>;

export interface NetworkBulk {
  hamlets: BulkHamlet[];
  /** Parents before children: a facility's parent comes earlier in the list (or exists already). */
  facilities: BulkFacility[];
  stationHamlets: BulkStationHamlet[];
  staff: BulkStaffMember[];
  certificates?: BulkCertificate[];
  positions?: BulkPosition[];
}

/** What was written, as the audit events record it. */
export interface NetworkBulkCounts {
  hamlets: number;
  facilities: Record<FacilityKind, number>;
  stationModels: { 1: number; 2: number; 3: number };
  stationHamlets: number;
  staff: { total: number; active: number; former: number; byTitle: Record<string, number> };
}

export interface BulkOptions {
  /** The audit events: the unit the load is about, their entity type and details common to all. */
  audit: { unitPath: string; entityType: string; details: Record<string, unknown> };
  progress?: ((step: string, done: number, total: number) => void) | undefined;
}

/**
 * Takes the facilities for a bulk load (one load at a time: other writers of facilities wait until the
 * caller's transaction ends) and counts those already under `unitPath`.
 */
export async function lockNetworkForBulk(tx: Tx, unitPath: string): Promise<number> {
  await tx.execute(sql`LOCK TABLE facilities IN EXCLUSIVE MODE`);
  const [row] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM facilities WHERE unit_path <@ ${unitPath}::ltree`,
  );
  return row?.n ?? 0;
}

/**
 * Inserts the rows (hamlets and facilities, then the links and the staff that point at them) and
 * audits one event per table with its counts, which it returns.
 */
export async function insertNetworkBulk(
  tx: Tx,
  actor: Actor,
  data: NetworkBulk,
  opts: BulkOptions,
): Promise<NetworkBulkCounts> {
  const { progress } = opts;
  await insertBatches(tx, adminUnits, data.hamlets, 'hamlets', progress);
  await insertBatches(tx, facilities, data.facilities, 'facilities', progress);
  await insertBatches(tx, stationHamlets, data.stationHamlets, 'station hamlets', progress);
  await insertBatches(tx, staffMembers, data.staff, 'staff', progress);
  await insertBatches(tx, staffCertificates, data.certificates ?? [], 'certificates', progress);
  await insertBatches(tx, approvedPositions, data.positions ?? [], 'approved positions', progress);

  const byKind = Object.fromEntries(FACILITY_KINDS.map((k) => [k, 0])) as Record<FacilityKind, number>;
  const stationModels = { 1: 0, 2: 0, 3: 0 };
  for (const f of data.facilities) {
    byKind[f.kind]++;
    if (
      f.kind === 'commune_station' &&
      (f.stationModel === 1 || f.stationModel === 2 || f.stationModel === 3)
    )
      stationModels[f.stationModel]++;
  }
  const byTitle: Record<string, number> = {};
  for (const s of data.staff) byTitle[s.title] = (byTitle[s.title] ?? 0) + 1;
  const former = data.staff.filter((s) => s.activeTo != null).length;
  const counts: NetworkBulkCounts = {
    hamlets: data.hamlets.length,
    facilities: byKind,
    stationModels,
    stationHamlets: data.stationHamlets.length,
    staff: { total: data.staff.length, active: data.staff.length - former, former, byTitle },
  };

  for (const details of [
    { table: 'admin_units', hamlets: counts.hamlets },
    { table: 'facilities', ...counts.facilities, stationModels },
    { table: 'station_hamlets', links: counts.stationHamlets },
    { table: 'staff_members', ...counts.staff },
    { table: 'staff_certificates', certificates: data.certificates?.length ?? 0 },
    { table: 'approved_positions', positions: data.positions?.length ?? 0 },
  ])
    await audit(tx, actor, {
      action: 'create',
      entityType: opts.audit.entityType,
      unitPath: opts.audit.unitPath,
      details: { ...opts.audit.details, ...details },
    });
  return counts;
}

/** One old commune that went (wholly or in part) into a commune of the current map. */
export interface CommuneOrigin {
  /** The current commune's code. */
  commune: string;
  oldCommune: string;
  /** The old commune's district: code, name and full name. */
  district: string;
  districtName: string;
  districtFullName: string;
  /** The old district's province code. */
  oldProvince: string;
}

/** For each commune of a province of the current map, the old communes it came from, by commune code. */
export async function communeOrigins(db: Executor, provinceId: string): Promise<CommuneOrigin[]> {
  return rows<CommuneOrigin>(
    db,
    sql`SELECT n.code AS commune, o.code AS "oldCommune", d.code AS district, d.name AS "districtName",
          d.full_name AS "districtFullName", op.code AS "oldProvince"
        FROM admin_units n
        JOIN unit_mappings m ON m.new_unit_id = n.id
        JOIN admin_units o ON o.id = m.old_unit_id AND o.level = 'commune'
        JOIN admin_units d ON d.id = o.parent_id AND d.level = 'district'
        JOIN admin_units op ON op.id = d.parent_id
        WHERE n.parent_id = ${provinceId} AND n.level = 'commune'
        ORDER BY n.code, o.code`,
  );
}

async function insertBatches<TTable extends PgTable>(
  tx: Tx,
  table: TTable,
  values: PgInsertValue<TTable>[],
  step: string,
  progress: BulkOptions['progress'],
): Promise<void> {
  for (let i = 0; i < values.length; i += BATCH) {
    await tx.insert(table).values(values.slice(i, i + BATCH));
    progress?.(step, Math.min(i + BATCH, values.length), values.length);
  }
  if (!values.length) progress?.(step, 0, 0);
}
