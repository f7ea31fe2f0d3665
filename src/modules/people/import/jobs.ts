/**
 * Imports over HTTP are jobs (`people_imports`) that run in the server process after the request
 * returned: the live progress is kept in memory (on PGlite the write transaction holds the only
 * connection), the outcome and the first errors in the row.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { inScope, requirePermission } from '../../../core/actor.js';
import { AppError, deniedNotFound, invalid } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { Page, Paging } from '../../../core/paging.js';
import { rows, type Orm } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';
import { auditPerson } from '../access.js';
import { unitPathOf } from '../places.js';
import { iso } from '../sql.js';
import { XLSX_MIME, type ImportFormat, type ImportJobOut, type ImportJobSummary } from './contracts.js';
import { detectFormat, templateCsv, templateXlsx } from './file.js';
import { peopleImports } from './schema.js';
import { importPeople, importTarget } from './service.js';

/** The live state of the jobs this process runs (progress is not written to the row while running). */
const live = new Map<string, ImportJobOut & { unitPath: string }>();

const jobColumns = sql`j.id, u.code AS "unitCode", u.full_name AS "unitName", j.file_name AS "fileName", j.format,
  j.status, j.dry_run AS "dryRun", j.total, j.validated, j.written, j.created, j.unknown_columns AS "unknownColumns",
  j.error_count AS "errorCount", j.errors, j.message, j.created_by AS "createdBy", ${iso(sql`j.created_at`)} AS "createdAt",
  ${iso(sql`j.started_at`)} AS "startedAt", ${iso(sql`j.finished_at`)} AS "finishedAt", j.unit_path::text AS "unitPath"`;

async function loadJob(db: Orm, id: string): Promise<(ImportJobOut & { unitPath: string }) | undefined> {
  const [job] = await rows<ImportJobOut & { unitPath: string }>(
    db,
    sql`SELECT ${jobColumns} FROM people_imports j JOIN ${unitsRelation} u ON u.id = j.unit_id WHERE j.id = ${id}`,
  );
  return job;
}

const publicJob = ({ unitPath: _p, ...job }: ImportJobOut & { unitPath: string }): ImportJobOut => job;

/**
 * Accepts a file for import into a commune of the actor's area: records the job (queued) and runs it
 * after returning. `runNow` false leaves it queued (tests of the start-up recovery).
 */
export async function startImport(
  db: Orm,
  actor: Actor,
  input: { unit: string; dryRun: boolean; fileName?: string | undefined },
  file: Buffer,
): Promise<ImportJobOut> {
  const target = await importTarget(db, actor, input.unit);
  if (!file.length)
    throw invalid([
      { path: 'body', code: 'empty_file', message: 'send the file as the body of the request' },
    ]);
  const format = detectFormat(file);
  const id = newId();
  const fileName = input.fileName ?? `import.${format}`;
  await db.insert(peopleImports).values({
    id,
    unitId: target.unitId,
    unitPath: target.path,
    fileName,
    format,
    dryRun: input.dryRun,
    createdById: actor.userId,
    createdBy: actor.username,
  });
  const job = (await loadJob(db, id))!;
  live.set(id, job);
  setImmediate(() => void runImportJob(db, actor, job, file));
  return publicJob(job);
}

async function runImportJob(
  db: Orm,
  actor: Actor,
  job: ImportJobOut & { unitPath: string },
  file: Buffer,
): Promise<void> {
  const state = live.get(job.id) ?? job;
  const setStatus = async (status: 'validating' | 'writing') => {
    state.status = status;
    await db.execute(
      sql`UPDATE people_imports SET status = ${status}, total = ${state.total}, validated = ${state.validated},
            started_at = coalesce(started_at, now()), updated_at = now() WHERE id = ${job.id}`,
    );
  };
  try {
    await setStatus('validating');
    const result = await importPeople(db, actor, job.unitCode, file, {
      dryRun: job.dryRun,
      format: job.format,
      importId: job.id,
      onProgress: (p) => {
        state.total = p.total;
        state.validated = p.validated;
        state.written = p.written;
      },
      onWriting: () => setStatus('writing'),
    });
    await db.execute(
      sql`UPDATE people_imports SET status = ${result.ok ? 'done' : 'failed'}, total = ${result.total},
            validated = ${state.validated}, written = ${result.ok && !result.dryRun ? result.created.residents : 0},
            created = ${JSON.stringify(result.created)}::jsonb, unknown_columns = ${sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(result.unknownColumns)}::jsonb))`},
            error_count = ${result.errorCount}, errors = ${JSON.stringify(result.errors)}::jsonb,
            message = ${result.ok ? null : result.errorCount === 1 && result.errors[0]!.row === 0 ? result.errors[0]!.message : `${result.errorCount} errors in the file: nothing was stored`},
            finished_at = now(), updated_at = now() WHERE id = ${job.id}`,
    );
  } catch (err) {
    const message =
      err instanceof AppError
        ? `${err.message}${err.errors.length ? `: ${err.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` : ''}`
        : `the import stopped: ${(err as Error).message}; nothing was stored`;
    await db
      .execute(
        sql`UPDATE people_imports SET status = 'failed', message = ${message.slice(0, 1000)}, finished_at = now(), updated_at = now()
            WHERE id = ${job.id}`,
      )
      .catch(() => undefined);
  } finally {
    live.delete(job.id);
  }
}

/** An import job of the actor's area, with its progress and error rows; 404 otherwise. */
export async function getImport(db: Orm, actor: Actor, id: string): Promise<ImportJobOut> {
  requirePermission(actor, 'person.read');
  const running = live.get(id);
  const job = running ?? (await loadJob(db, id));
  if (!job || !inScope(actor, job.unitPath))
    throw deniedNotFound('Import', { entityType: 'person', entityId: id, details: { op: 'read_import' } });
  // The error rows quote the file's cells (names, personal IDs): reading them is a person-level read.
  if (!running && job.errors.length)
    await auditPerson(db, actor, 'read', null, job.unitPath, { op: 'import_errors', importId: id });
  return publicJob({ ...job, created: { ...job.created }, errors: [...job.errors] });
}

/** The imports of the actor's area (or of one of its units), newest first, without error rows. */
export async function listImports(
  db: Orm,
  actor: Actor,
  filter: { unit?: string | undefined },
  paging: Paging,
): Promise<Page<ImportJobSummary>> {
  requirePermission(actor, 'person.read');
  const conditions = [sql`j.unit_path <@ ${actor.scopePath}::ltree`];
  if (filter.unit && filter.unit !== 'VN')
    conditions.push(sql`j.unit_path <@ ${await unitPathOf(db, filter.unit)}::ltree`);
  const found = await rows<ImportJobOut & { unitPath: string; totalCount: number }>(
    db,
    sql`SELECT ${jobColumns}, count(*) OVER ()::int AS "totalCount" FROM people_imports j JOIN ${unitsRelation} u ON u.id = j.unit_id
        WHERE ${sql.join(conditions, sql` AND `)} ORDER BY j.created_at DESC, j.id DESC
        LIMIT ${paging.limit} OFFSET ${paging.offset}`,
  );
  return {
    items: found.map(({ totalCount: _t, ...j }) => {
      const l = live.get(j.id);
      const { errors: _e, unitPath: _p, ...summary } = l ? { ...j, ...l } : j;
      return summary;
    }),
    total: found[0]?.totalCount ?? 0,
    limit: paging.limit,
    offset: paging.offset,
  };
}

/**
 * At server start: jobs left validating or writing (the server stopped during them) failed. Each ran
 * in one transaction, so nothing of them was stored.
 */
export async function failInterruptedImports(db: Orm): Promise<number> {
  const found = await rows<{ id: string }>(
    db,
    sql`UPDATE people_imports SET status = 'failed',
          message = 'server stopped during import; nothing was stored', finished_at = now(), updated_at = now()
        WHERE status IN ('queued', 'validating', 'writing') RETURNING id`,
  );
  return found.length;
}

/** The empty template with the Vietnamese headers, for someone who may import. */
export async function importTemplate(
  actor: Actor,
  format: ImportFormat,
): Promise<{ body: string | Buffer; contentType: string; fileName: string }> {
  requirePermission(actor, 'person.write');
  return format === 'xlsx'
    ? { body: await templateXlsx(), contentType: XLSX_MIME, fileName: 'mau-nhap-ho-dan.xlsx' }
    : { body: templateCsv(), contentType: 'text/csv; charset=utf-8', fileName: 'mau-nhap-ho-dan.csv' };
}
