/**
 * Residents (người dân): registration, the profile, identity changes and the search that finds a
 * person by name (with or without diacritics), personal ID, insurance code, phone, birth year or hamlet.
 */
import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { AppError, conflict, invalid, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page, Paging } from '../../core/paging.js';
import {
  isEmbedded,
  preparedRows,
  rows,
  statement,
  withGenericPlans,
  type Executor,
  type Orm,
} from '../../db/connection.js';
import {
  normaliseCardCode,
  normalisePhone,
  residentIssues,
  type DuplicateWarning,
  type ResidentInput,
  type ResidentOut,
  type ResidentPatch,
  type ResidentStatus,
  type ResidentFound,
} from './contracts.js';
import { duplicateCandidates, toWarnings } from './duplicates.js';
import { residents } from './schema.js';
import {
  auditPerson,
  checkCodes,
  insuredOn,
  loadResident,
  loadResidentJson,
  personDenied,
  readResidentJson,
  residentInScope,
  resolvePlace,
  summaryColumns,
  summaryFrom,
  today,
  unitPathOf,
  type Place,
} from './shared.js';

type Insert = typeof residents.$inferInsert;

/** `post2025.p22.c06862.h001` → `post2025.p22.c06862`. */
const communeOf = (path: string) => path.split('.').slice(0, 3).join('.');

interface HouseholdRow {
  id: string;
  unitId: string;
  unitPath: string;
  code: string;
  level: 'commune' | 'hamlet';
  addressLine: string | null;
  status: 'active' | 'dissolved';
}

export async function householdForMember(db: Executor, actor: Actor, id: string): Promise<HouseholdRow> {
  const [h] = await rows<HouseholdRow>(
    db,
    sql`SELECT h.id, h.unit_id AS "unitId", h.unit_path::text AS "unitPath", u.code, u.level, h.address_line AS "addressLine", h.status
        FROM households h JOIN admin_units u ON u.id = h.unit_id WHERE h.id = ${id}`,
  );
  const outside = h && !(h.unitPath === actor.scopePath || h.unitPath.startsWith(`${actor.scopePath}.`));
  if (!h || outside || h.status !== 'active')
    throw new AppError('validation', 'The request has invalid fields', {
      errors: [
        { path: 'householdId', code: 'unknown_household', message: 'no such active household in your area' },
      ],
      ...(outside
        ? { denial: { entityType: 'household', entityId: id, details: { op: 'add_member' } } }
        : {}),
    });
  return h;
}

/** Parents must be residents of the actor's area, of the right sex and old enough. */
async function checkParents(
  db: Executor,
  actor: Actor,
  child: { birthYear: number; motherId?: string | null | undefined; fatherId?: string | null | undefined },
): Promise<void> {
  const errors: FieldError[] = [];
  for (const [field, sex] of [
    ['motherId', 'female'],
    ['fatherId', 'male'],
  ] as const) {
    const id = child[field];
    if (!id) continue;
    const [p] = await rows<{ sex: string; birthYear: number; status: ResidentStatus }>(
      db,
      sql`SELECT sex, birth_year AS "birthYear", status FROM residents WHERE id = ${id} AND unit_path <@ ${actor.scopePath}::ltree`,
    );
    if (!p || p.status === 'merged')
      errors.push({ path: field, code: 'unknown_resident', message: 'no such resident in your area' });
    else if (p.sex !== sex)
      errors.push({
        path: field,
        code: 'wrong_sex',
        message: `the ${field === 'motherId' ? 'mother' : 'father'} is recorded as ${p.sex}`,
      });
    else if (child.birthYear - p.birthYear < 10)
      errors.push({
        path: field,
        code: 'too_young',
        message: 'a parent is at least 10 years older than the child',
      });
  }
  if (errors.length) throw invalid(errors);
}

async function checkHeadFree(db: Executor, householdId: string, except?: string): Promise<void> {
  const [head] = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM residents WHERE household_id = ${householdId} AND relation_to_head = 'head' AND status = 'active'
        ${except ? sql`AND id <> ${except}` : sql``}`,
  );
  if (head)
    throw conflict('The household already has a head', [
      {
        path: 'relationToHead',
        code: 'household_has_head',
        message: 'the household already has a head: change the head on the household first',
      },
    ]);
}

/**
 * Builds the row of a new resident (checks included). Shared by registration, household registration
 * and births. `household` is given when the resident joins one.
 */
export async function prepareResident(
  db: Executor,
  actor: Actor,
  input: ResidentInput,
  household: HouseholdRow | undefined,
  fieldPrefix = '',
): Promise<Insert> {
  const path = (p: string) => `${fieldPrefix}${p}`;
  let current: Place;
  if (input.currentAddress)
    current = await resolvePlace(
      db,
      actor,
      input.currentAddress.unitCode,
      path('currentAddress.unitCode'),
      true,
    );
  else if (household)
    current = {
      unitId: household.unitId,
      code: household.code,
      level: household.level,
      path: household.unitPath,
    };
  else
    throw invalid([
      { path: path('currentAddress'), code: 'required', message: 'give the current address, or a household' },
    ]);
  const permanent = input.permanentAddress
    ? await resolvePlace(db, actor, input.permanentAddress.unitCode, path('permanentAddress.unitCode'), false)
    : undefined;
  await checkCodes(db, [
    { system: 'ethnicity', code: input.ethnicity, path: path('ethnicity') },
    { system: 'religion', code: input.religion, path: path('religion') },
    { system: 'relation-to-head', code: input.relationToHead, path: path('relationToHead') },
  ]);
  const birthYear = input.birthDate ? Number(input.birthDate.slice(0, 4)) : input.birthYear!;
  await checkParents(db, actor, { birthYear, motherId: input.motherId, fatherId: input.fatherId });
  return {
    id: newId(),
    householdId: household?.id ?? null,
    relationToHead: household ? (input.relationToHead ?? null) : null,
    fullName: input.fullName,
    sex: input.sex,
    birthDate: input.birthDate ?? null,
    birthYear,
    personalId: input.personalId ?? null,
    ethnicity: input.ethnicity ?? null,
    nationality: input.nationality ?? 'VN',
    religion: input.religion ?? null,
    occupation: input.occupation ?? null,
    bloodGroup: input.bloodGroup ?? null,
    phones: [...new Set(input.phones ?? [])],
    currentUnitId: current.unitId,
    currentAddressLine:
      input.currentAddress?.line ??
      (!input.currentAddress && household ? household.addressLine : null) ??
      null,
    permanentUnitId: permanent?.unitId ?? null,
    permanentAddressLine: permanent ? (input.permanentAddress?.line ?? null) : null,
    unitPath: current.path,
    motherId: input.motherId ?? null,
    fatherId: input.fatherId ?? null,
  };
}

/** The columns `prepareResident` fills, in a fixed order: the rest take their defaults. */
const NEW_RESIDENT_FIELDS = [
  'id',
  'householdId',
  'relationToHead',
  'fullName',
  'sex',
  'birthDate',
  'birthYear',
  'personalId',
  'ethnicity',
  'nationality',
  'religion',
  'occupation',
  'bloodGroup',
  'phones',
  'currentUnitId',
  'currentAddressLine',
  'permanentUnitId',
  'permanentAddressLine',
  'unitPath',
  'motherId',
  'fatherId',
] as const satisfies readonly (keyof Insert)[];

/** The insert of a new resident, built once (a registration is frequent; Drizzle's builder is not free). */
const insertNewResident = statement<Record<string, unknown>, never>('resident_insert', () => {
  const columns = getTableColumns(residents);
  return sql`INSERT INTO residents (${sql.join(
    NEW_RESIDENT_FIELDS.map((f) => sql.identifier(columns[f].name)),
    sql`, `,
  )}) VALUES (${sql.join(
    NEW_RESIDENT_FIELDS.map((f) => sql`${sql.placeholder(f)}`),
    sql`, `,
  )})`;
});

const NEW_RESIDENT_FIELD_SET = new Set<string>(NEW_RESIDENT_FIELDS);

function newResidentValues(row: Insert): Record<string, unknown> {
  // A field prepareResident fills but the insert would leave out is a programming error, not data loss.
  for (const key of Object.keys(row))
    if (!NEW_RESIDENT_FIELD_SET.has(key)) throw new Error(`resident_insert does not write ${key}`);
  return Object.fromEntries(NEW_RESIDENT_FIELDS.map((f) => [f, row[f] ?? null]));
}

/**
 * Registers a resident; likely duplicates already on record come back as warnings (not refusals). The
 * answer is the JSON text of `residentCreated`: the new profile as the database writes it (ADR 0017),
 * with the warnings.
 */
export async function createResidentJson(db: Orm, actor: Actor, input: ResidentInput): Promise<string> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const household = input.householdId ? await householdForMember(tx, actor, input.householdId) : undefined;
    if (household && input.relationToHead === 'head') await checkHeadFree(tx, household.id);
    const row = await prepareResident(tx, actor, input, household);
    const warnings = toWarnings(await duplicateCandidates(tx, actor, row));
    await insertNewResident(tx, newResidentValues(row));
    await auditPerson(tx, actor, 'create', row.id!, row.unitPath, {
      householdId: row.householdId,
      possibleDuplicates: warnings.map((w) => w.candidate.id),
    });
    const profile = (await loadResidentJson(tx, row.id!))!.json;
    return `${profile.slice(0, -1)},"warnings":${JSON.stringify(warnings)}}`;
  });
}

/** Registers a resident (see createResidentJson), as an object. */
export async function createResident(
  db: Orm,
  actor: Actor,
  input: ResidentInput,
): Promise<ResidentOut & { warnings: DuplicateWarning[] }> {
  return JSON.parse(await createResidentJson(db, actor, input)) as ResidentOut & {
    warnings: DuplicateWarning[];
  };
}

/**
 * A resident's profile (audited read) as the JSON text of `residentOut`, made by the database; 404
 * outside the actor's area. The HTTP route sends the text as it is.
 */
export async function getResidentJson(db: Executor, actor: Actor, id: string): Promise<string> {
  requirePermission(actor, 'person.read');
  const r = await readResidentJson(db, id, actor.scopePath);
  if (!r) throw personDenied(id, 'read');
  await auditPerson(db, actor, 'read', id, r.unitPath);
  return r.json;
}

/** A resident's profile (audited read); 404 outside the actor's area. */
export async function getResident(db: Executor, actor: Actor, id: string): Promise<ResidentOut> {
  return JSON.parse(await getResidentJson(db, actor, id)) as ResidentOut;
}

/** Changes identity fields. Where the person lives is a change of address in the same area; moving to
 * another commune is a transfer (events.ts). */
export async function updateResident(
  db: Orm,
  actor: Actor,
  id: string,
  patch: ResidentPatch,
): Promise<ResidentOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const current = await residentInScope(tx, actor, id, 'update', { lock: true });
    if (current.status === 'merged')
      throw conflict('This record was merged into another: change that one', [
        { path: 'id', code: 'resident_merged', message: `merged into ${current.mergedIntoId}` },
      ]);
    const set: Partial<Insert> = {};
    const fields = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    // Birth: a full date, or a year alone (a new year that contradicts the date clears the date).
    let birthDate = current.birthDate;
    let birthYear = current.birthYear;
    if (patch.birthDate) {
      birthDate = patch.birthDate;
      birthYear = Number(patch.birthDate.slice(0, 4));
    } else if (patch.birthYear != null) {
      birthYear = patch.birthYear;
      if (patch.birthDate === null || (birthDate && Number(birthDate.slice(0, 4)) !== birthYear))
        birthDate = null;
    } else if (patch.birthDate === null) birthDate = null;
    const merged = {
      sex: patch.sex ?? current.sex,
      birthDate,
      birthYear,
      personalId: patch.personalId !== undefined ? patch.personalId : current.personalId,
    };
    const issues = residentIssues(merged, today());
    if (issues.length) throw invalid(issues);
    set.sex = merged.sex;
    set.birthDate = birthDate;
    set.birthYear = birthYear;
    set.personalId = merged.personalId ?? null;
    if (patch.fullName !== undefined) set.fullName = patch.fullName;
    if (patch.ethnicity !== undefined) set.ethnicity = patch.ethnicity;
    if (patch.nationality !== undefined) set.nationality = patch.nationality;
    if (patch.religion !== undefined) set.religion = patch.religion;
    if (patch.occupation !== undefined) set.occupation = patch.occupation;
    if (patch.bloodGroup !== undefined) set.bloodGroup = patch.bloodGroup;
    if (patch.phones !== undefined) set.phones = [...new Set(patch.phones)];
    await checkCodes(tx, [
      { system: 'ethnicity', code: patch.ethnicity, path: 'ethnicity' },
      { system: 'religion', code: patch.religion, path: 'religion' },
      { system: 'relation-to-head', code: patch.relationToHead, path: 'relationToHead' },
    ]);
    if (patch.currentAddress) {
      const place = await resolvePlace(
        tx,
        actor,
        patch.currentAddress.unitCode,
        'currentAddress.unitCode',
        true,
      );
      if (communeOf(place.path) !== communeOf(current.unitPath))
        throw invalid([
          {
            path: 'currentAddress.unitCode',
            code: 'other_commune',
            message:
              'moving to another commune is a transfer (POST /residents/{id}/transfer): the record moves with the person',
          },
        ]);
      set.currentUnitId = place.unitId;
      set.currentAddressLine = patch.currentAddress.line ?? null;
      set.unitPath = place.path;
    }
    if (patch.permanentAddress !== undefined) {
      if (patch.permanentAddress === null) {
        set.permanentUnitId = null;
        set.permanentAddressLine = null;
      } else {
        const place = await resolvePlace(
          tx,
          actor,
          patch.permanentAddress.unitCode,
          'permanentAddress.unitCode',
          false,
        );
        set.permanentUnitId = place.unitId;
        set.permanentAddressLine = patch.permanentAddress.line ?? null;
      }
    }
    if (patch.householdId !== undefined || patch.relationToHead !== undefined) {
      const householdId = patch.householdId !== undefined ? patch.householdId : current.householdId;
      const relation = patch.relationToHead !== undefined ? patch.relationToHead : current.relationToHead;
      if (householdId && !relation)
        throw invalid([
          {
            path: 'relationToHead',
            code: 'required',
            message: 'say how the resident is related to the head',
          },
        ]);
      if (householdId) {
        const h = await householdForMember(tx, actor, householdId);
        if (communeOf(h.unitPath) !== communeOf(set.unitPath ?? current.unitPath))
          throw invalid([
            {
              path: 'householdId',
              code: 'other_commune',
              message: 'the household is in another commune: transfer the resident there first',
            },
          ]);
        if (relation === 'head') await checkHeadFree(tx, h.id, id);
        if (householdId !== current.householdId && !patch.currentAddress) {
          set.currentUnitId = h.unitId;
          set.currentAddressLine = h.addressLine;
          set.unitPath = h.unitPath;
        }
      }
      set.householdId = householdId ?? null;
      set.relationToHead = householdId ? relation : null;
    }
    if (patch.motherId !== undefined || patch.fatherId !== undefined) {
      await checkParents(tx, actor, { birthYear, motherId: patch.motherId, fatherId: patch.fatherId });
      if (patch.motherId === id || patch.fatherId === id)
        throw invalid([{ path: 'motherId', code: 'self', message: 'a resident is not their own parent' }]);
      if (patch.motherId !== undefined) set.motherId = patch.motherId;
      if (patch.fatherId !== undefined) set.fatherId = patch.fatherId;
    }
    await tx.update(residents).set(set).where(eq(residents.id, id));
    const out = (await loadResident(tx, id))!;
    await auditPerson(tx, actor, 'update', id, out.unitPath, { fields });
    return out;
  });
}

// ---------------------------------------------------------------- search and lists

export interface ResidentFilter {
  q?: string | undefined;
  unit?: string | undefined;
  household?: string | undefined;
  /** Default: living residents (`active`); `all` includes the dead, moved out and merged. */
  status?: ResidentStatus | 'all' | undefined;
}

export interface ParsedQuery {
  /** Text to match against names and hamlet names, as typed (diacritics or not). */
  text: string | null;
  personalId: string | null;
  cardCode: string | null;
  socialInsuranceNumber: string | null;
  phone: string | null;
  birthYear: number | null;
}

/**
 * Splits what the user typed into what it can be: 12 digits a personal ID, 15 characters a card code,
 * 10 digits a social-insurance number or a phone, 4 digits a birth year, the rest a name or a hamlet.
 */
export function parseQuery(q: string): ParsedQuery {
  const out: ParsedQuery = {
    text: null,
    personalId: null,
    cardCode: null,
    socialInsuranceNumber: null,
    phone: null,
    birthYear: null,
  };
  const words: string[] = [];
  // A phone number typed with spaces ("0912 345 678", "+84 912 345 678") is one token.
  const compact = q.trim();
  if (/^[+\d][\d\s.-]{8,}$/.test(compact)) {
    const digits = normalisePhone(compact);
    // Digits that make no phone, ID or card ("0912345678 1970") are read word by word below: taken
    // as one number they matched nothing, and the search listed everyone.
    const classified = /^\d+$/.test(digits) ? classifyDigits(digits) : {};
    if (Object.keys(classified).length) return { ...out, ...classified };
  }
  for (const token of compact.split(/\s+/).filter(Boolean)) {
    if (/^[A-Za-z]{2}\d{13}$/.test(token)) {
      out.cardCode = normaliseCardCode(token);
      continue;
    }
    if (/^\d+$/.test(token)) {
      const c = classifyDigits(token);
      if (Object.keys(c).length) {
        Object.assign(out, c);
        continue;
      }
    }
    words.push(token);
  }
  out.text = words.length ? words.join(' ') : null;
  return out;
}

/** A word without its diacritics, to count its letters as the search key will. */
function stripMarks(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function classifyDigits(d: string): Partial<ParsedQuery> {
  if (d.length === 12) return { personalId: d };
  if (d.length === 10) return { socialInsuranceNumber: d, phone: d };
  if (d.length === 11 && d.startsWith('0')) return { phone: d };
  if (d.length === 4 && Number(d) >= 1880 && Number(d) <= 2200) return { birthYear: Number(d) };
  return {};
}

/**
 * The page of a resident list or search (`searchResidents`) as the JSON text the API sends, written
 * by the database in the shape of the route's response (a test holds the two to each other).
 */
export async function searchResidentsJson(
  db: Executor,
  actor: Actor,
  filter: ResidentFilter,
  paging: Paging,
): Promise<string> {
  requirePermission(actor, 'person.read');
  const unitPath = filter.unit ? await unitPathOf(db, filter.unit) : null;
  const areas = [actor.scopePath, ...(unitPath ? [unitPath] : [])];
  // Inside a commune or a hamlet (`post2025.p22.c06862…`, at most a few ten thousand residents): the
  // commune's label, which keys its entries in the name-token index.
  const commune = areas.map((path) => path.split('.')).find((labels) => labels.length >= 3)?.[2];
  const smallArea = commune !== undefined;
  const conditions: SQL[] = [];
  if (filter.household) conditions.push(sql`r.household_id = ${filter.household}`);
  const status = filter.status ?? 'active';
  if (status !== 'all') conditions.push(sql`r.status = ${status}`);
  let score: SQL = sql`NULL::real`;
  let text: { exact: SQL; near: SQL | undefined; fuzzy: SQL } | undefined;
  let order: SQL = sql`r.unit_path, r.full_name, r.id`;
  let lookup = false;
  if (filter.q) {
    const p = parseQuery(filter.q);
    const ids: SQL[] = [];
    if (p.personalId) ids.push(sql`r.personal_id = ${p.personalId}`);
    if (p.phone) ids.push(sql`r.phones @> ARRAY[${p.phone}]::text[]`);
    const cards: SQL[] = [];
    if (p.cardCode)
      cards.push(sql`ic.code = ${p.cardCode}`, sql`ic.social_insurance_number = ${p.cardCode.slice(5)}`);
    if (p.socialInsuranceNumber) cards.push(sql`ic.social_insurance_number = ${p.socialInsuranceNumber}`);
    // An array (evaluated once), so that the match on card codes and the one on phones are both index scans.
    if (cards.length)
      ids.push(
        sql`r.id = ANY(ARRAY(SELECT coalesce(rr.merged_into_id, rr.id) FROM insurance_cards ic JOIN residents rr ON rr.id = ic.resident_id
                    WHERE ${sql.join(cards, sql` OR `)}))`,
      );
    if (ids.length) conditions.push(sql`(${sql.join(ids, sql` OR `)})`);
    lookup = ids.length > 0;
    // With a name in a commune, or an ID, phone or card, the year is checked on the rows those found:
    // through its own index it would read a year of the whole province (~14,000 rows at 1 M).
    if (p.birthYear)
      conditions.push(
        (p.text && smallArea) || lookup
          ? sql`r.birth_year + 0 = ${p.birthYear}`
          : sql`r.birth_year = ${p.birthYear}`,
      );
    if (p.text) {
      const key = sql`ytcs_search_key(${p.text})`;
      const name = sql`r.search_name`;
      const tokens = p.text.split(/\s+/);
      // Every word somewhere in the name ("nguyen hung" finds "Nguyễn Văn Hùng"), or the hamlet's name.
      // Words of three letters or more go through the trigram index; shorter ones ("an", "hà") match
      // whole words only, checked on the rows the other conditions and the area found (a trigram
      // index cannot help with them and would read itself whole).
      // In a commune or a hamlet every word is checked on the area's rows, found through the unit path
      // index: `(search_name || '')` is the same text but not the indexed column, so the planner cannot
      // read the trigram index, whose posting lists for the common syllables (nguyen, van, thi, hung)
      // cover the whole database, only to intersect them with the area. With 200,000 residents in one
      // province a commune user's "nguyen van hung" went from 6.8 to 2.4 ms of execution on PostgreSQL;
      // the gap grows with the database (bench/people-search.ts). (strpos() would do too, but its
      // default selectivity misleads the planner into hashing all admin units.)
      const allWords = sql.join(
        tokens.map((t) =>
          stripMarks(t).length < 3
            ? sql`(' ' || ${name} || ' ') LIKE '% ' || ytcs_search_key(${t}) || ' %'`
            : smallArea
              ? sql`(${name} || '') LIKE '%' || ytcs_search_key(${t}) || '%'`
              : sql`${name} LIKE '%' || ytcs_search_key(${t}) || '%'`,
        ),
        sql` AND `,
      );
      // Inside one commune, the words are looked up as beginnings of words in the commune's own
      // entries of the name-token index (ytcs_name_tokens): "nguyen van hu" reads three short posting
      // lists instead of the commune's rows.
      const words = commune
        ? sql`ytcs_name_tokens(subpath(r.unit_path, 2, 1)::text, ytcs_search_key(r.full_name))
            @> ytcs_name_query(${commune}::text, ${key})`
        : allWords;
      text = {
        exact: sql`(${words} OR r.current_unit_id = ANY(ARRAY(
          SELECT h.id FROM admin_units h WHERE h.level = 'hamlet' AND h.path <@ ${actor.scopePath}::ltree
            AND ytcs_search_key(h.full_name) LIKE '%' || ${key} || '%')))`,
        // A misspelt name ("nguyen van hugn"): trigram similarity, tried only when nothing else matched
        // (on common names it reads far more of the index). On the embedded database the `%` operator
        // was seen to leave the session broken, about one test run in three (a query's resources
        // left open, then the backend spinning: docs/adr/0013); there the same threshold (pg_trgm's
        // default, 0.3) is compared on the area's rows, which never broke in twelve runs.
        fuzzy: isEmbedded(db) ? sql`similarity(${name}, ${key}) >= 0.3` : sql`${name} % ${key}`,
        // In a commune, a misspelt name is first looked for among the residents whose words begin with
        // the first two letters of the typed ones ("nguyen van hugn": ng…, va…, hu…), through the
        // name-token index, with the same threshold: a few hundred names compared instead of the
        // trigram index read for the common syllables (200 ms at 1 M residents on PostgreSQL). A
        // misspelling in the first two letters still falls through to `fuzzy`.
        near: commune
          ? sql`ytcs_name_tokens(subpath(r.unit_path, 2, 1)::text, ytcs_search_key(r.full_name))
              @> ytcs_name_query(${commune}::text,
                (SELECT string_agg(left(w, 2), ' ') FROM unnest(string_to_array(${key}, ' ')) AS w))
              AND similarity(${name}, ${key}) >= 0.3`
          : undefined,
      };
      // The rank, on every row found. Its search keys are computed once per query, as sub-selects: in
      // a prepared statement's generic plan, `ytcs_search_key($n)` would run again on every row (a
      // given name alone can find a thousand rows in a commune, at five keys a row).
      const once = (text: string) => sql`(SELECT ytcs_search_key(${text}))`;
      const keyOnce = once(p.text);
      const rankWords = sql.join(
        tokens.map((t) =>
          stripMarks(t).length < 3
            ? sql`(' ' || ${name} || ' ') LIKE '% ' || ${once(t)} || ' %'`
            : sql`${name} LIKE '%' || ${once(t)} || '%'`,
        ),
        sql` AND `,
      );
      score = sql`(CASE WHEN ${name} = ${keyOnce} THEN 3 WHEN ${name} LIKE ${keyOnce} || ' %' OR ${name} LIKE '% ' || ${keyOnce} THEN 2
          WHEN ${rankWords} THEN 1 ELSE 0 END + similarity(${name}, ${keyOnce}))::real`;
      order = sql`score DESC, r.full_name, r.birth_year, r.id`;
    }
  }
  // The page is chosen on the residents alone (match, rank, count) and only its rows are joined to their
  // units: joined before, every match was, and the planner hashed all admin units for it (~8 of the
  // 22 ms of a commune user's name search at 1 M residents on PostgreSQL, more for province-wide matches).
  // Inside a commune or a hamlet the page is one named statement per shape, run on its generic plan
  // (withGenericPlans, docs/adr/0018): planned for its values it cost ~0.9 ms of planning a search for
  // a plan no better. Wider areas are planned for their values (how many rows a name matches in a
  // province decides the plan). "Insured today" is computed for the page's rows only, in the outer query.
  // The area through the unit path's GiST index; or, when the name-token index (keyed by commune)
  // finds the rows, checked on the rows found: read through the GiST, a commune of 11,000 residents
  // cost a millisecond for nothing.
  const areaConditions = (filterOnly: boolean) =>
    areas.map((path) =>
      filterOnly ? sql`ltree_risparent(r.unit_path, ${path}::ltree)` : sql`r.unit_path <@ ${path}::ltree`,
    );
  // The page as the database writes it: the items' JSON in the page's order (numbered by `n`), their
  // ids for the audit, and the number of matches.
  const run = async (extra: SQL[], filterOnly = false) =>
    (
      await (smallArea ? preparedRows : rows)<{
        items: string | null;
        ids: string[] | null;
        total: number | null;
      }>(
        smallArea ? withGenericPlans(db) : db,
        sql`SELECT json_agg(to_jsonb(x) - 'total' - 'n' ORDER BY x.n)::text AS items,
            array_agg(x.id ORDER BY x.n)::text[] AS ids, max(x.total)::int AS total
          FROM (SELECT ${summaryColumns}, page.score, page.total, ${insuredOn(sql`r.id`, sql`${today()}::date`)} AS "insuredToday",
              row_number() OVER (ORDER BY ${order}) AS n
            FROM (SELECT r.id, ${score} AS score, count(*) OVER ()::int AS total FROM residents r
                  WHERE ${sql.join([...areaConditions(filterOnly), ...conditions, ...extra], sql` AND `)} ORDER BY ${order} LIMIT ${paging.limit} OFFSET ${paging.offset}) page
            JOIN (${summaryFrom}) ON r.id = page.id) x`,
      )
    )[0]!;
  // The area is only checked on the rows found when the rows come from an index of their own: a
  // name in a commune (the name-token index), or a personal ID, phone or card (a few rows at most).
  let page = await run(text ? [text.exact] : [], (text !== undefined && smallArea) || lookup);
  if (text?.near && !page.ids && paging.offset === 0) page = await run([text.near], true);
  if (text && !page.ids && paging.offset === 0) page = await run([text.fuzzy]);
  const ids = page.ids ?? [];
  await auditPerson(db, actor, 'list', null, actor.scopePath, { filter, count: ids.length, ids });
  return `{"items":${page.items ?? '[]'},"total":${page.total ?? 0},"limit":${paging.limit},"offset":${paging.offset}}`;
}

/**
 * Lists residents of the actor's area, or searches them (best match first). Every list is audited
 * with the ids it showed.
 */
export async function searchResidents(
  db: Executor,
  actor: Actor,
  filter: ResidentFilter,
  paging: Paging,
): Promise<Page<ResidentFound>> {
  return JSON.parse(await searchResidentsJson(db, actor, filter, paging)) as Page<ResidentFound>;
}

export { personDenied };
