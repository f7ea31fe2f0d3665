/**
 * Code-list checks (ethnicity, religion, relation to the head, beneficiary groups): the versioned
 * lists of the terminology module, read through the relation it publishes (docs/adr/0020).
 */
import { sql } from 'drizzle-orm';
import { today } from '../../core/clock.js';
import { invalid, type FieldError } from '../../core/errors.js';
import { preparedRows, type Executor } from '../../db/connection.js';
import { codeValuesRelation } from '../terminology/index.js';
import { levelsOf, type GroupVersion } from './cards/groups.js';

export interface CodeCheck {
  system: string;
  code: string | null | undefined;
  path: string;
}

/** Checks codes against their versioned lists in one query (valid on `on`); 422 naming each bad field. */
export async function checkCodes(db: Executor, checks: CodeCheck[], on = today()): Promise<void> {
  const wanted = checks.filter((c): c is CodeCheck & { code: string } => Boolean(c.code));
  if (!wanted.length) return;
  // Prepared: one statement per number of codes checked (at most a few).
  const found = await preparedRows<{ system: string; code: string }>(
    db,
    sql`SELECT system, code FROM ${codeValuesRelation} cv
        WHERE (system, code) IN (${sql.join(
          wanted.map((c) => sql`(${c.system}, ${c.code})`),
          sql`, `,
        )})
          AND valid_from <= ${on}::date AND (valid_to IS NULL OR valid_to > ${on}::date)`,
  );
  const ok = new Set(found.map((f) => `${f.system}\0${f.code}`));
  const errors: FieldError[] = wanted
    .filter((c) => !ok.has(`${c.system}\0${c.code}`))
    .map((c) => ({
      path: c.path,
      code: 'unknown_code',
      message: `"${c.code}" is not on the code list ${c.system} (valid on ${on})`,
    }));
  if (errors.length) throw invalid(errors);
}

/** Every version of the beneficiary groups' code list, by code (the import checks many cards at once). */
export async function beneficiaryGroups(db: Executor): Promise<Map<string, GroupVersion[]>> {
  const groups = new Map<string, GroupVersion[]>();
  for (const g of await preparedRows<{
    code: string;
    validFrom: string;
    validTo: string | null;
    levels: string | null;
  }>(
    db,
    sql`SELECT code, valid_from::text AS "validFrom", valid_to::text AS "validTo",
          properties->>'benefit_levels' AS levels
        FROM ${codeValuesRelation} cv WHERE system = 'insurance-beneficiary-group' ORDER BY valid_from`,
  ))
    groups.set(g.code, [
      ...(groups.get(g.code) ?? []),
      { validFrom: g.validFrom, validTo: g.validTo, benefitLevels: levelsOf(g.levels) },
    ]);
  return groups;
}
