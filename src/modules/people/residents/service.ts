/**
 * Residents (người dân): registration (alone, in a household, or as a baby: the checks are shared),
 * the audited read of a profile, and changes of identity fields. Searches are search.ts; the profile
 * as the database renders it, profile.ts.
 */
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { today } from '../../../core/clock.js';
import { recordHamletMoves } from '../events/hamlet-moves.js';
import { conflict, invalid, type FieldError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { PlausibilityWarning } from '../../../core/plausibility-contracts.js';
import { rows, statement, type Executor, type Orm } from '../../../db/connection.js';
import { checkPlausible } from '../../terminology/index.js';
import { auditPerson, personDenied, residentInScope } from '../access.js';
import { checkCodes } from '../codes.js';
import type { ResidentWarning } from '../duplicates/contracts.js';
import { duplicateCandidates, toWarnings } from '../duplicates/service.js';
import { householdForMember, type HouseholdRow } from '../households/members.js';
import { communeOf, resolvePlace, type Place } from '../places.js';
import {
  residentIssues,
  type ResidentInput,
  type ResidentOut,
  type ResidentPatch,
  type ResidentStatus,
} from './contracts.js';
import {
  loadResident,
  loadResidentJson,
  readResidentJson,
  readResidentsJson,
  readResidentVersionsJson,
} from './profile.js';
import { residents, residentVersions as residentVersionRows } from './schema.js';

type Insert = typeof residents.$inferInsert;

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
 * The plausibility rules of a resident (reference/codes/plausibility-rule.csv, `applies_to` resident):
 * an age no one reaches refuses the write (a birth date in 1850), an unusual one (over 100) comes back
 * as a warning. With the year alone, the age is counted from its last day (the youngest the person can
 * be) and a finding is reported on `birthYear`.
 */
export async function checkBirthPlausible(
  db: Executor,
  birthDate: string | null,
  birthYear: number,
  fieldPrefix = '',
): Promise<PlausibilityWarning[]> {
  const on = today();
  return checkPlausible(
    db,
    'resident',
    on,
    { birthDate: birthDate ?? `${birthYear}-12-31`, today: on },
    { pathPrefix: fieldPrefix, fieldFor: (f) => (f === 'birthDate' && !birthDate ? 'birthYear' : f) },
  );
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
  warnings?: PlausibilityWarning[],
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
  const unusual = await checkBirthPlausible(db, input.birthDate ?? null, birthYear, fieldPrefix);
  warnings?.push(...unusual);
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
export async function createResidentJson(
  db: Orm,
  actor: Actor,
  input: ResidentInput,
  /** The id a device minted when it registered the resident offline (UUIDv7, docs/adr/0033); else a new one. */
  ids?: { id?: string },
): Promise<string> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const household = input.householdId ? await householdForMember(tx, actor, input.householdId) : undefined;
    if (household && input.relationToHead === 'head') await checkHeadFree(tx, household.id);
    const unusual: PlausibilityWarning[] = [];
    const row = await prepareResident(tx, actor, input, household, '', unusual);
    row.id = ids?.id ?? row.id;
    const warnings: ResidentWarning[] = [
      ...toWarnings(await duplicateCandidates(tx, actor, row)),
      ...unusual,
    ];
    await insertNewResident(tx, newResidentValues(row));
    await auditPerson(tx, actor, 'create', row.id!, row.unitPath, {
      householdId: row.householdId,
      possibleDuplicates: warnings.flatMap((w) => ('candidate' in w ? [w.candidate.id] : [])),
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
  ids?: { id?: string },
): Promise<ResidentOut & { warnings: ResidentWarning[] }> {
  return JSON.parse(await createResidentJson(db, actor, input, ids)) as ResidentOut & {
    warnings: ResidentWarning[];
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

/**
 * The profiles of residents a list showed (the FHIR API's search pages), as JSON text in the order
 * of `ids`; those outside the actor's area are left out. Audited as one list read of the ids.
 */
export async function getResidentsJson(db: Executor, actor: Actor, ids: string[]): Promise<string[]> {
  requirePermission(actor, 'person.read');
  const out = await readResidentsJson(db, ids, actor.scopePath);
  await auditPerson(db, actor, 'list', null, actor.scopePath, { op: 'profiles', count: out.length, ids });
  return out;
}

/**
 * Every version of a resident's identity, newest first: the current profile, then the past versions
 * (resident_versions, written by a trigger in the transaction of every change of the identity); each
 * carries its `version` and, in `updatedAt`, when it began. An audited read; 404 outside the area.
 */
export async function residentVersions(db: Executor, actor: Actor, id: string): Promise<ResidentOut[]> {
  requirePermission(actor, 'person.read');
  const current = await readResidentJson(db, id, actor.scopePath);
  if (!current) throw personDenied(id, 'read');
  const past = await readResidentVersionsJson(db, id, actor.scopePath);
  await auditPerson(db, actor, 'read', id, current.unitPath, { versions: past.length + 1 });
  return [current.json, ...past].map((json) => JSON.parse(json) as ResidentOut);
}

/** A resident's profile (audited read); 404 outside the actor's area. */
export async function getResident(db: Executor, actor: Actor, id: string): Promise<ResidentOut> {
  return JSON.parse(await getResidentJson(db, actor, id)) as ResidentOut;
}

/** Changes identity fields. Where the person lives is a change of address in the same area; moving to
 * another commune is a transfer (events/transfers.ts). */
export async function updateResident(
  db: Orm,
  actor: Actor,
  id: string,
  patch: ResidentPatch,
): Promise<ResidentOut & { warnings: PlausibilityWarning[] }> {
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
    // A changed birth is checked against the plausibility rules (an unchanged one is left as it is).
    const warnings =
      patch.birthDate !== undefined || patch.birthYear !== undefined
        ? await checkBirthPlausible(tx, birthDate, birthYear)
        : [];
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
    if (set.unitPath && set.unitPath !== current.unitPath)
      await recordHamletMoves(tx, actor, [{ residentId: id, from: current.unitPath, to: set.unitPath }]);
    const out = (await loadResident(tx, id))!;
    await auditPerson(tx, actor, 'update', id, out.unitPath, { fields });
    return { ...out, warnings };
  });
}

/**
 * Erases a resident's contact details (Decree 13/2023: an erasure request the privacy module carried
 * out): the phones and occupation of the record and the phones of every past version kept in
 * resident_versions (the only rows of that table ever changed, and only so), in one transaction.
 * Audited as an update naming the fields, never their values.
 */
export async function eraseContactDetails(db: Orm, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'person.write');
  await db.transaction(async (tx) => {
    const current = await residentInScope(tx, actor, id, 'update', { lock: true });
    // First the record (its trigger keeps the version being replaced, phones and all), then the versions.
    await tx.update(residents).set({ phones: [], occupation: null }).where(eq(residents.id, id));
    await tx
      .update(residentVersionRows)
      .set({ fields: sql`jsonb_set(${residentVersionRows.fields}, '{phones}', '[]'::jsonb)` })
      .where(eq(residentVersionRows.residentId, id));
    await auditPerson(tx, actor, 'update', id, current.unitPath, {
      fields: ['phones', 'occupation'],
      op: 'erase_contact_details',
    });
  });
}
