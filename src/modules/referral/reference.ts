// The referral module's reference data (docs/adr/0009, 0028): the holiday calendar and the lists in
// reference/referral/, loaded at migrate when a file's content changed, and by an administrator
// (PUT /referral/reference/{name} with a file of the same shape). A list file's values are versioned
// by `valid_from`/`valid_to`; the holiday calendar is replaced whole (slips keep the validity they
// were given on the day they were signed).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { requirePermission, type Actor } from '../../core/actor.js';
import { forbidden, invalid } from '../../core/errors.js';
import type { Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { loadedChecksum, parseCodeCsv, recordDatasetLoad } from '../terminology/index.js';
import { parseHolidayCsv, REFERRAL_DIR } from './calendar.js';
import { referralHolidays, referralListValues } from './schema.js';

export const HOLIDAYS = 'holidays';
export const LISTS = [
  'chronic-one-year',
  'transport',
  'teleconsult-condition',
  'teleconsult-facility',
] as const;

/**
 * Loads one file's text (the holiday calendar or a list) into the database; its row count. A shipped
 * file adds and updates (an administrator's days and values stay); an administrator's calendar
 * replaces the calendar whole (a day taken out of it is no longer a day off). Each is recorded under
 * its own dataset name, so that a start reloads the shipped file only when the file itself changed.
 */
async function loadText(
  db: Orm,
  name: string,
  text: string,
  source: string,
  upload: boolean,
): Promise<number> {
  const dataset = upload ? `referral:${name}:upload` : `referral:${name}`;
  if (name === HOLIDAYS) {
    const days = parseHolidayCsv(text, source);
    await db.transaction(async (tx) => {
      if (upload) await tx.execute(sql`DELETE FROM referral_holidays`);
      for (const d of days)
        await tx
          .insert(referralHolidays)
          .values(d)
          .onConflictDoUpdate({
            target: referralHolidays.day,
            set: { nameVi: d.nameVi, nameEn: d.nameEn, basis: d.basis, source: d.source },
          });
      await recordDatasetLoad(tx, dataset, checksumOf(text), days.length);
    });
    return days.length;
  }
  const values = parseCodeCsv(text, source);
  await db.transaction(async (tx) => {
    for (const v of values)
      await tx
        .insert(referralListValues)
        .values({
          list: name,
          code: v.code,
          displayVi: v.displayVi,
          displayEn: v.displayEn,
          validFrom: v.validFrom,
          validTo: v.validTo,
          sortOrder: v.sortOrder,
          properties: v.properties,
          source,
        })
        .onConflictDoUpdate({
          target: [referralListValues.list, referralListValues.code, referralListValues.validFrom],
          set: {
            displayVi: v.displayVi,
            displayEn: v.displayEn,
            validTo: v.validTo,
            sortOrder: v.sortOrder,
            properties: v.properties,
            source,
          },
        });
    await recordDatasetLoad(tx, dataset, checksumOf(text), values.length);
  });
  return values.length;
}

const checksumOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** Loads every file of reference/referral/ whose content changed since its last load. */
export async function loadReferralReference(db: Orm, dir = REFERRAL_DIR): Promise<string[]> {
  const loaded: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const name = basename(file, '.csv');
    const text = readFileSync(join(dir, file), 'utf8');
    if ((await loadedChecksum(db, `referral:${name}`)) === checksumOf(text)) continue;
    loaded.push(`referral ${name}: ${await loadText(db, name, text, `reference/referral/${file}`, false)}`);
  }
  return loaded;
}

/** An administrator loads a new version of the calendar or of a list (the file's text). */
export async function loadReferralFile(
  db: Orm,
  actor: Actor,
  name: string,
  text: string,
): Promise<{ name: string; rows: number }> {
  requirePermission(actor, 'users.manage');
  if (actor.role !== 'system_admin' && actor.role !== 'system')
    throw forbidden('Only a system administrator loads the referral calendar and lists');
  if (name !== HOLIDAYS && !(LISTS as readonly string[]).includes(name))
    throw invalid([
      {
        path: 'params.name',
        code: 'unknown_list',
        message: `one of ${[HOLIDAYS, ...LISTS].join(', ')}`,
        text: {
          vi: `Tên danh mục phải là một trong: ${[HOLIDAYS, ...LISTS].join(', ')}`,
          en: `one of ${[HOLIDAYS, ...LISTS].join(', ')}`,
        },
      },
    ]);
  let count: number;
  try {
    count = await loadText(db, name, text, `${name}.csv (${actor.username})`, true);
  } catch (err) {
    if (err instanceof Error && /line \d+/.test(err.message))
      throw invalid([
        {
          path: 'body',
          code: 'invalid_file',
          message: err.message,
          text: { vi: `Tệp không hợp lệ: ${err.message}`, en: err.message },
        },
      ]);
    throw err;
  }
  await audit(db, actor, {
    action: 'update',
    entityType: 'reference',
    entityId: null,
    details: { dataset: `referral:${name}`, rows: count },
  });
  return { name, rows: count };
}
