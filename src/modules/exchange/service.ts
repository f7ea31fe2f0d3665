/**
 * Aggregate exchange (docs/adr/0034): the indicators' values of a unit (and its children) and a month
 * in the shapes DHIS2, ADX and FHIR read, and a DHIS2 payload mapped back to ytcs (dry run).
 * Values come from the indicators module (its published `indicatorValues`: the stored values, kept
 * current); the mapping from the code lists (mapping.ts).
 */
import { sql } from 'drizzle-orm';
import { today } from '../../core/clock.js';
import { inScope, requirePermission, type Actor } from '../../core/actor.js';
import { rows, type Executor, type Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { indicatorValues, listIndicators } from '../indicators/index.js';
import { getUnit, unitsRelation } from '../network/index.js';
import type { Dhis2DataValueSet, ExportQuery, ImportSummary } from './contracts.js';
import {
  candidateUnits,
  fromDataValueSet,
  toAdx,
  toDataValueSet,
  toMeasureReportBundle,
  type ExportRow,
  type UnitResolution,
} from './formats.js';
import { storeImport } from './imports.js';
import { mappingOn, monthRange, type Mapping } from './mapping.js';
import { measureReportIssues } from './validate.js';

export type ExportFormat = 'dhis2' | 'adx' | 'fhir';

/**
 * The mapped indicators' numbers for the unit (and, with `children`, each of its children) and the
 * month. Out of the actor's area: 404 (network's getUnit, audited as a refusal).
 */
export async function exportRows(
  db: Executor,
  actor: Actor,
  query: ExportQuery,
): Promise<{ rows: ExportRow[]; mapping: Mapping; unitPath: string }> {
  requirePermission(actor, 'network.read');
  const { end } = monthRange(query.period);
  const unit = await getUnit(db, actor, query.unit);
  const mapping = await mappingOn(db, end);
  const mapped = new Set(mapping.dataElements.map((m) => m.indicator));
  const definitions = (await listIndicators(db, end)).filter(
    (d) => mapped.has(d.code) && d.periodType === 'month',
  );
  const out: ExportRow[] = [];
  for (const d of definitions) {
    const sets = [await indicatorValues(db, actor, d.code, unit.code, query.period, false)];
    if (query.children === 'true')
      sets.push(await indicatorValues(db, actor, d.code, unit.code, query.period, true));
    for (const set of sets)
      for (const v of set.values)
        out.push({
          indicator: {
            code: set.indicator.code,
            version: set.indicator.version,
            nameVi: set.indicator.nameVi,
            nameEn: set.indicator.nameEn,
            unit: set.indicator.unit,
          },
          unitCode: v.unitCode,
          unitName: v.unitName,
          period: query.period,
          asOf: v.asOf,
          numerator: v.numerator,
          denominator: v.denominator,
          value: v.value,
        });
  }
  return { rows: out, mapping, unitPath: unit.path };
}

/** One export in one format, audited as an export of the unit's aggregate figures. */
export async function exportIndicators(
  db: Executor,
  actor: Actor,
  query: ExportQuery,
  format: ExportFormat,
  now = new Date(),
): Promise<{ body: unknown; count: number }> {
  const { rows: found, mapping, unitPath } = await exportRows(db, actor, query);
  const generated = now.toISOString();
  let body: unknown;
  let count: number;
  if (format === 'dhis2') {
    const set = toDataValueSet(found, mapping);
    body = set;
    count = set.dataValues.length;
  } else if (format === 'adx') {
    body = toAdx(found, mapping, generated);
    count = found.length;
  } else {
    const bundle = toMeasureReportBundle(found, generated);
    // What ytcs sends must be valid R4: checked by @medplum/core's validator, never assumed.
    const issues = measureReportIssues(bundle);
    if (issues.length)
      throw new Error(`MeasureReport export is not valid FHIR R4: ${JSON.stringify(issues.slice(0, 3))}`);
    body = bundle;
    count = found.length;
  }
  await audit(db, actor, {
    action: 'export',
    entityType: 'aggregate_export',
    entityId: `${format}:${query.unit}:${query.period}`,
    unitPath,
    details: { format, period: query.period, children: query.children === 'true', count },
  });
  return { body, count };
}

/** The payload's org units resolved to ytcs units the actor may see (one query for all of them). */
async function resolveUnits(
  db: Executor,
  actor: Actor,
  set: Dhis2DataValueSet,
  mapping: Mapping,
): Promise<UnitResolution> {
  const candidates = candidateUnits(set, mapping);
  const codes = [...new Set(candidates.values())].filter((c) => /^[0-9]{2,5}$/.test(c));
  const found = codes.length
    ? await rows<{ code: string; path: string }>(
        db,
        sql`SELECT u.code, u.path::text AS path FROM ${unitsRelation} u
            WHERE u.map = 'post2025' AND u.code IN (${sql.join(
              codes.map((c) => sql`${c}`),
              sql`, `,
            )})`,
      )
    : [];
  const visible = new Set(found.filter((u) => inScope(actor, u.path)).map((u) => u.code));
  return new Map([...candidates].map(([orgUnit, code]) => [orgUnit, visible.has(code) ? code : null]));
}

/**
 * A DHIS2 data value set mapped back to ytcs (ADR 0034): a dry run answers what each value maps to
 * and every conflict; a real import without conflicts keeps every value (imports.ts), one with any
 * conflict keeps nothing and says so — each value it would have kept is reported as not stored.
 */
export async function importDataValueSet(
  db: Orm,
  actor: Actor,
  set: Dhis2DataValueSet,
  dryRun: boolean,
): Promise<ImportSummary> {
  requirePermission(actor, 'network.read');
  // Keeping another system's figures is an exchange administrator's act (a dry run only reads).
  if (!dryRun) requirePermission(actor, 'exchange.manage');
  const months = [
    ...new Set(set.dataValues.map((v) => v.period || set.period || '').filter((p) => /^\d{6}$/.test(p))),
  ];
  // The mapping in force on the payload's month (its last day); a payload of several months is read
  // with the mapping of the latest one, since the mapping changes seldom (reference data).
  const latest = months.sort().at(-1);
  const on = latest ? monthRange(`${latest.slice(0, 4)}-${latest.slice(4)}`).end : today();
  const mapping = await mappingOn(db, on);
  const units = await resolveUnits(db, actor, set, mapping);
  const summary = fromDataValueSet(set, mapping, units, dryRun);
  await audit(db, actor, {
    action: dryRun ? 'read' : 'create',
    entityType: 'dhis2_data_value_set',
    details: {
      dryRun,
      values: set.dataValues.length,
      mapped: summary.mapped.length,
      conflicts: summary.conflicts.length,
    },
  });
  if (dryRun) return summary;
  // All or nothing: one conflict and nothing is kept (409, as DHIS2 answers an import it refused).
  if (!summary.conflicts.length && summary.mapped.length) return storeImport(db, actor, set, summary);
  const notStored = summary.mapped.map((m) => m.index);
  return {
    ...summary,
    status: 'ERROR',
    description: `Nothing stored: an import is all or nothing and ${summary.conflicts.length} conflict${summary.conflicts.length === 1 ? '' : 's'} came up (docs/adr/0034); ${summary.mapped.length} of ${set.dataValues.length} data values would map (see mapped)`,
    importCount: { imported: 0, updated: 0, ignored: set.dataValues.length, deleted: 0 },
    conflicts: notStored.length
      ? [
          ...summary.conflicts,
          {
            object: 'dataValueSet',
            property: 'dryRun',
            value: 'an import is all or nothing: the values that map were checked, not stored',
            errorCode: 'not_stored',
            indexes: notStored,
          },
        ]
      : summary.conflicts,
  };
}
