/**
 * Bulk `$export` (FHIR Bulk Data Access IG v2; docs/adr/0030, amendment): a kick-off records the
 * export and queues its job (bulk-queue.ts, pg-boss); the job writes the resources of the patients in
 * scope as NDJSON lines in the database, a slice of patients per transaction, through the same
 * translators, scope and audit as every other FHIR read; the requester polls the status, reads the
 * manifest and downloads the files. No HTTP here: bulk-routes.ts.
 */
import type { Resource } from '@medplum/fhirtypes';
import { sql } from 'drizzle-orm';
import { actorFor, requirePermission, type Actor } from '../../core/actor.js';
import { deniedNotFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Role } from '../../core/permissions.js';
import { rows, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { getHousehold, getResidentsJson, residentsRelation, type ResidentOut } from '../people/index.js';
import { fhirError } from './outcome.js';
import { patientOf } from './patient.js';
import { TRANSLATORS } from './registry.js';
import { fhirExports } from './schema.js';
import { uuidOf, type FhirContext, type SearchParams } from './translator.js';

/** How the export work is cut (tests make the slices small). */
export const bulkSettings = {
  /** Patients a transaction exports (its lines and the cursor commit together). */
  patientsPerSlice: 50,
  /** Lines a file of the manifest holds at most. */
  fileLines: 10_000,
};

export type ExportKind = 'system' | 'patient' | 'group';

export interface ExportRow {
  id: string;
  kind: ExportKind;
  groupId: string | null;
  types: string[];
  since: string | null;
  request: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  requestedById: string | null;
  requestedBy: string;
  role: string;
  scopePath: string;
  cursor: string;
  total: number;
  done: number;
  counts: Record<string, number>;
  transactionTime: string;
  error: string | null;
}

const COLUMNS = sql`id, kind, group_id AS "groupId", types, to_json(since) #>> '{}' AS since, request, status,
  requested_by_id AS "requestedById", requested_by AS "requestedBy", role, scope_path::text AS "scopePath",
  cursor, total, done, counts, to_json(transaction_time) #>> '{}' AS "transactionTime", error`;

/** The types an export may hold: Patient and every served type searchable by `patient` (as $everything). */
export function exportableTypes(): string[] {
  return [
    'Patient',
    ...TRANSLATORS.filter(
      (t) => t.type !== 'Patient' && t.search && t.searchParams.some((p) => p.name === 'patient'),
    ).map((t) => t.type),
  ];
}

const OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
const KICK_OFF_PARAMS = new Set(['_outputFormat', '_type', '_since']);

export interface KickOff {
  kind: ExportKind;
  groupId?: string | undefined;
  query: SearchParams;
  /** The URL as the client sent it. */
  request: string;
  /** `Prefer: respond-async` was sent (the IG requires it). */
  respondAsync: boolean;
  /** `Prefer: handling=lenient`: unknown parameters are ignored instead of refused. */
  lenient: boolean;
}

function single(query: SearchParams, name: string): string | undefined {
  const v = query[name];
  if (!v?.length) return undefined;
  return v.join(',');
}

/**
 * Accepts an export: checks the request as the IG says (an unsupported format, type or parameter is a
 * 400 OperationOutcome), the group (a household of the caller's area), records it and returns its id.
 * The caller queues the job.
 */
export async function startExport(db: Orm, actor: Actor, k: KickOff): Promise<string> {
  requirePermission(actor, 'person.read');
  if (!k.respondAsync)
    throw fhirError(400, 'invalid', 'a bulk export is asynchronous: send Prefer: respond-async');
  for (const name of Object.keys(k.query))
    if (!KICK_OFF_PARAMS.has(name) && !k.lenient)
      throw fhirError(400, 'not-supported', `ytcs does not support the export parameter ${name}`, name);
  const format = single(k.query, '_outputFormat');
  if (format !== undefined && !OUTPUT_FORMATS.has(format))
    throw fhirError(
      400,
      'not-supported',
      `ytcs exports application/fhir+ndjson only, not ${format}`,
      '_outputFormat',
    );
  const allowed = exportableTypes();
  const asked = single(k.query, '_type')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const type of asked ?? [])
    if (!allowed.includes(type))
      throw fhirError(
        400,
        'not-supported',
        `ytcs does not export ${type} (it exports ${allowed.join(', ')})`,
        '_type',
      );
  const types = asked?.length ? allowed.filter((t) => asked.includes(t)) : allowed;
  const sinceText = single(k.query, '_since');
  let since: string | null = null;
  if (sinceText !== undefined) {
    const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(sinceText);
    const ms = ok ? Date.parse(sinceText) : NaN;
    if (!Number.isFinite(ms))
      throw fhirError(
        400,
        'invalid',
        `_since must be an instant (2026-01-31T00:00:00Z), not ${sinceText}`,
        '_since',
      );
    since = new Date(ms).toISOString();
  }
  let total: number;
  let groupId: string | null = null;
  if (k.kind === 'group') {
    groupId = uuidOf('Group', k.groupId ?? '');
    // A household of the caller's area (404 otherwise, audited by people); its members are the patients.
    total = (await getHousehold(db, actor, groupId)).members.length;
  } else {
    const [row] = await rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM ${residentsRelation} r WHERE r.unit_path <@ ${actor.scopePath}::ltree`,
    );
    total = row!.n;
  }
  const id = newId();
  await db.insert(fhirExports).values({
    id,
    kind: k.kind,
    groupId,
    types,
    since: since ? new Date(since) : null,
    request: k.request,
    requestedById: actor.userId,
    requestedBy: actor.username,
    role: actor.role,
    scopePath: actor.scopePath,
    total,
  });
  await audit(db, actor, {
    action: 'export',
    entityType: 'fhir_export',
    entityId: id,
    unitPath: actor.scopePath,
    details: { op: 'kick-off', kind: k.kind, groupId, types, since, patients: total },
  });
  return id;
}

async function loadExport(db: Orm, id: string): Promise<ExportRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await rows<ExportRow>(db, sql`SELECT ${COLUMNS} FROM fhir_exports WHERE id = ${id}`);
  return row;
}

/** An export of the caller's own (only the requester may poll it, read its files or cancel it); 404 otherwise. */
export async function ownExport(db: Orm, actor: Actor, id: string, op: string): Promise<ExportRow> {
  const e = await loadExport(db, id);
  if (!e || e.requestedBy !== actor.username || e.requestedById !== actor.userId)
    throw deniedNotFound('Export', { entityType: 'fhir_export', entityId: id, details: { op } });
  return e;
}

export interface ManifestFile {
  type: string;
  url: string;
  count: number;
}

/** The completion manifest (IG v2): a file per type and `fileLines` lines. */
export function manifestOf(e: ExportRow, base: string) {
  const output: ManifestFile[] = [];
  for (const type of e.types) {
    const n = e.counts[type] ?? 0;
    for (let k = 0; k * bulkSettings.fileLines < n; k++)
      output.push({
        type,
        url: `${base}/bulk-files/${e.id}/${type}-${k + 1}.ndjson`,
        count: Math.min(bulkSettings.fileLines, n - k * bulkSettings.fileLines),
      });
  }
  return {
    transactionTime: e.transactionTime,
    request: e.request,
    requiresAccessToken: true,
    output,
    error: [] as ManifestFile[],
  };
}

/** One file of a finished export: its lines, newline-terminated (audited: the requester downloads persons' data). */
export async function exportFile(
  db: Orm,
  actor: Actor,
  id: string,
  name: string,
): Promise<{ body: string; count: number }> {
  const e = await ownExport(db, actor, id, 'file');
  const m = /^([A-Za-z]+)-([1-9][0-9]{0,6})\.ndjson$/.exec(name);
  const type = m?.[1];
  const part = Number(m?.[2]);
  const n = type ? (e.counts[type] ?? 0) : 0;
  if (e.status !== 'done' || !type || (part - 1) * bulkSettings.fileLines >= n)
    throw fhirError(404, 'not-found', `no file ${name} in export ${id}`);
  const from = (part - 1) * bulkSettings.fileLines;
  const [row] = await rows<{ body: string | null; count: number }>(
    db,
    sql`SELECT string_agg(line, E'\n' ORDER BY seq) AS body, count(*)::int AS count FROM fhir_export_lines
        WHERE export_id = ${id} AND type = ${type} AND seq >= ${from} AND seq < ${from + bulkSettings.fileLines}`,
  );
  await audit(db, actor, {
    action: 'export',
    entityType: 'fhir_export',
    entityId: id,
    unitPath: e.scopePath,
    details: { op: 'download', file: name, count: row!.count },
  });
  return { body: row!.body ? `${row!.body}\n` : '', count: row!.count };
}

/** Cancels an export (running or not) and removes it with its lines; the job finds it gone and stops. */
export async function cancelExport(db: Orm, actor: Actor, id: string): Promise<void> {
  const e = await ownExport(db, actor, id, 'cancel');
  await db.execute(sql`DELETE FROM fhir_exports WHERE id = ${e.id}`);
  await audit(db, actor, {
    action: 'delete',
    entityType: 'fhir_export',
    entityId: id,
    unitPath: e.scopePath,
    details: { op: 'cancel', status: e.status, done: e.done, total: e.total },
  });
}

// ---------------------------------------------------------------- the job's work

/** The patients after the cursor, in id order: of the requester's area, or of the household. */
async function nextPatients(ctx: FhirContext, e: ExportRow, n: number): Promise<string[]> {
  if (e.kind === 'group') {
    const household = await getHousehold(ctx.db, ctx.actor, e.groupId!);
    return household.members
      .map((m) => m.id)
      .sort()
      .filter((id) => id > e.cursor)
      .slice(0, n);
  }
  const found = await rows<{ id: string }>(
    ctx.db,
    sql`SELECT r.id::text AS id FROM ${residentsRelation} r WHERE r.unit_path <@ ${e.scopePath}::ltree
        ${e.cursor ? sql`AND r.id > ${e.cursor}::uuid` : sql``} ORDER BY r.id LIMIT ${n}`,
  );
  return found.map((r) => r.id);
}

/** The resources of some patients, by type: Patients read as one audited list, the rest as $everything does. */
async function resourcesOf(ctx: FhirContext, e: ExportRow, ids: string[]): Promise<Map<string, Resource[]>> {
  const out = new Map<string, Resource[]>();
  const since = e.since ? Date.parse(e.since) : undefined;
  const keep = (r: Resource) =>
    since === undefined || !r.meta?.lastUpdated || Date.parse(r.meta.lastUpdated) >= since;
  for (const type of e.types) {
    const found: Resource[] = [];
    if (type === 'Patient') {
      for (const json of await getResidentsJson(ctx.db, ctx.actor, ids))
        found.push(patientOf(JSON.parse(json) as ResidentOut));
    } else {
      const t = TRANSLATORS.find((x) => x.type === type);
      if (!t?.search) continue;
      for (const id of ids)
        for (let offset = 0; ; offset += 100) {
          const page = await t.search(ctx, { patient: [`Patient/${id}`] }, { count: 100, offset });
          found.push(...page.resources);
          if (page.resources.length < 100) break;
        }
    }
    // A resource once per export, whatever led to it.
    const seen = new Set<string>();
    out.set(
      type,
      found.filter((r) => keep(r) && r.id && !seen.has(r.id) && seen.add(r.id)),
    );
  }
  return out;
}

export type SliceResult = 'more' | 'done' | 'gone';

/**
 * One slice of an export in one transaction: the next patients' resources written as lines, the
 * cursor and counts advanced with them. Run again after a stop, it starts after the last committed
 * slice, so each resource is written exactly once (the lines' keys would refuse a second).
 */
export async function exportSlice(db: Orm, id: string): Promise<SliceResult> {
  return db.transaction(async (tx) => {
    const [e] = await rows<ExportRow>(
      tx,
      sql`SELECT ${COLUMNS} FROM fhir_exports WHERE id = ${id} FOR UPDATE`,
    );
    if (!e) return 'gone';
    if (e.status === 'done' || e.status === 'failed') return 'done';
    const actor = actorFor(
      { id: e.requestedById!, username: e.requestedBy, role: e.role as Role, scopePath: e.scopePath },
      { requestId: `fhir-export:${e.id}` },
    );
    const ctx: FhirContext = { db: tx as unknown as Orm, actor, lang: 'vi', base: '', warnings: [] };
    const ids = await nextPatients(ctx, e, bulkSettings.patientsPerSlice);
    if (!ids.length) {
      await tx.execute(
        sql`UPDATE fhir_exports SET status = 'done', finished_at = now(), updated_at = now() WHERE id = ${id}`,
      );
      return 'done';
    }
    const counts = { ...e.counts };
    const lines: { type: string; seq: number; resourceId: string; line: string }[] = [];
    for (const [type, resources] of await resourcesOf(ctx, e, ids))
      for (const r of resources) {
        const seq = counts[type] ?? 0;
        counts[type] = seq + 1;
        lines.push({ type, seq, resourceId: r.id!, line: JSON.stringify(r) });
      }
    for (let i = 0; i < lines.length; i += 500) {
      const batch = lines.slice(i, i + 500);
      await tx.execute(
        sql`INSERT INTO fhir_export_lines (export_id, type, seq, resource_id, line)
            SELECT ${id}::uuid, x.type, x.seq, x.resource_id, x.line
            FROM json_to_recordset(${JSON.stringify(batch.map((l) => ({ type: l.type, seq: l.seq, resource_id: l.resourceId, line: l.line })))}::json)
              AS x(type text, seq int, resource_id text, line text)`,
      );
    }
    await tx.execute(
      sql`UPDATE fhir_exports SET status = 'running', cursor = ${ids.at(-1)!}, done = done + ${ids.length},
            total = greatest(total, done + ${ids.length}), counts = ${JSON.stringify(counts)}::jsonb, updated_at = now()
          WHERE id = ${id}`,
    );
    return 'more';
  });
}

/** The export failed for good (its OperationOutcome says why); its lines are dropped. */
export async function failExport(db: Orm, id: string, message: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM fhir_export_lines WHERE export_id = ${id}`);
    await tx.execute(
      sql`UPDATE fhir_exports SET status = 'failed', error = ${message.slice(0, 1000)}, finished_at = now(),
            updated_at = now() WHERE id = ${id} AND status IN ('queued', 'running')`,
    );
  });
}

/** Exports still to finish (at start: their jobs are looked for, and queued again when lost). */
export async function unfinishedExports(db: Orm): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM fhir_exports WHERE status IN ('queued', 'running') ORDER BY created_at`,
  );
  return found.map((r) => r.id);
}

export { loadExport };
