/**
 * Patient ↔ a resident of the people module (người dân): read, search, create with people's
 * duplicate detection, update of identity fields, and the versions people keep (resident_versions:
 * vread and history; docs/adr/0030).
 */
import type { Address, HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import type { z } from 'zod';
import {
  createResident,
  getResident,
  getResidentJson,
  getResidentsJson,
  phone as phoneContract,
  residentInput,
  residentPatch,
  residentVersions,
  searchResidents,
  updateResident,
  type ResidentFound,
  type ResidentOut,
} from '../people/index.js';
import { fhirError, fromContractIssues, issue, type FieldPaths } from './outcome.js';
import { today } from '../../core/clock.js';
import {
  ADDRESS_KIND_EXTENSION,
  ADMIN_UNIT_EXTENSION,
  ADMIN_UNIT_MAP_EXTENSION,
  INSURANCE_NUMBER,
  NATIONAL_ID,
  SOCIAL_INSURANCE_NUMBER,
  UNIT_NAMES_AS_OF_EXTENSION,
  V2_0203,
} from './systems.js';
import {
  checkParams,
  dateRanges,
  dropped,
  inRange,
  lastUpdatedOk,
  reference,
  token,
  unkept,
  uuidOf,
  type FhirContext,
  type Page,
  type SearchParams,
  type SearchResult,
  type Translator,
} from './translator.js';

const PATHS: FieldPaths = {
  fullName: 'Patient.name',
  sex: 'Patient.gender',
  birthDate: 'Patient.birthDate',
  birthYear: 'Patient.birthDate',
  personalId: `Patient.identifier.where(system='${NATIONAL_ID}').value`,
  phones: 'Patient.telecom',
  currentAddress: 'Patient.address',
  permanentAddress: 'Patient.address',
  id: 'Patient.id',
  status: 'Patient.active',
};

// ---------------------------------------------------------------- ytcs → FHIR

/**
 * An address: the unit the resident's record names (a hamlet or commune of the current map: people
 * places residents only there), its names as the network module has them. `namesAsOf`: a past
 * version's, whose unit names are today's (network keeps no past names), said so on the address.
 */
function addressOf(
  a: ResidentOut['currentAddress'],
  kind: 'current' | 'permanent',
  namesAsOf?: string,
): Address {
  return {
    extension: [
      { url: ADMIN_UNIT_EXTENSION, valueCode: a.unitCode },
      { url: ADMIN_UNIT_MAP_EXTENSION, valueCode: 'post2025' },
      { url: ADDRESS_KIND_EXTENSION, valueCode: kind },
      ...(namesAsOf ? [{ url: UNIT_NAMES_AS_OF_EXTENSION, valueDate: namesAsOf }] : []),
    ],
    use: 'home',
    text: a.text,
    ...(a.line ? { line: [a.line] } : {}),
    ...(a.hamletName ? { district: a.hamletName } : {}),
    city: a.communeName,
    state: a.provinceName,
    country: 'VN',
  };
}

/** Vietnamese names are written family name first (Nguyễn Văn Hùng: họ Nguyễn, tên đệm và tên Văn Hùng). */
export function nameOf(fullName: string): HumanName {
  const [family, ...given] = fullName.split(/\s+/);
  return { use: 'official', text: fullName, family: family!, ...(given.length ? { given } : {}) };
}

/** A Patient of a resident's profile; `namesAsOf` for a past version (see addressOf). */
export function patientOf(r: ResidentOut, namesAsOf?: string): Patient {
  const identifier: Identifier[] = [];
  if (r.personalId)
    identifier.push({
      type: { coding: [{ system: V2_0203, code: 'NI', display: 'National unique individual identifier' }] },
      system: NATIONAL_ID,
      value: r.personalId,
    });
  const card = r.insurance.currentCard;
  if (card) {
    identifier.push({
      type: { coding: [{ system: V2_0203, code: 'NH', display: 'National Health Plan Identifier' }] },
      system: INSURANCE_NUMBER,
      value: card.code,
      period: { start: card.validFrom, ...(card.validTo ? { end: card.validTo } : {}) },
    });
    identifier.push({ system: SOCIAL_INSURANCE_NUMBER, value: card.socialInsuranceNumber });
  }
  const link: NonNullable<Patient['link']> = [
    ...(r.mergedIntoId
      ? [{ other: reference('Patient', r.mergedIntoId), type: 'replaced-by' as const }]
      : []),
    ...r.mergedIds.map((id) => ({ other: reference('Patient', id), type: 'replaces' as const })),
  ];
  return {
    resourceType: 'Patient',
    id: r.id,
    meta: { versionId: String(r.version), lastUpdated: r.updatedAt },
    ...(identifier.length ? { identifier } : {}),
    active: r.status === 'active',
    name: [nameOf(r.fullName)],
    ...(r.phones.length ? { telecom: r.phones.map((value) => ({ system: 'phone' as const, value })) } : {}),
    gender: r.sex,
    birthDate: r.birthDate ?? String(r.birthYear),
    ...(r.diedOn ? { deceasedDateTime: r.diedOn } : {}),
    address: [
      addressOf(r.currentAddress, 'current', namesAsOf),
      ...(r.permanentAddress ? [addressOf(r.permanentAddress, 'permanent', namesAsOf)] : []),
    ],
    ...(link.length ? { link } : {}),
  };
}

// ---------------------------------------------------------------- FHIR → ytcs

const extensionCode = (a: Address, url: string) => a.extension?.find((e) => e.url === url)?.valueCode;

/** The unit (hamlet or commune) the actor works in, when it is one: where a new resident lives by default. */
function actorUnitCode(ctx: FhirContext): string | undefined {
  const labels = ctx.actor.scopePath.split('.');
  const commune = labels[2]?.startsWith('c') ? labels[2].slice(1) : undefined;
  if (!commune) return undefined;
  return labels[3]?.startsWith('h') ? `${commune}-${labels[3].slice(1)}` : commune;
}

function addressLine(a: Address): string | null {
  const text = a.line?.length ? [...a.line, a.city, a.state].filter(Boolean).join(', ') : a.text;
  return text ? text.slice(0, 200) : null;
}

interface Translated {
  fields: Record<string, unknown>;
  /** The identity fields a replacing PUT clears when the resource leaves them out. */
}

/** The people fields a Patient carries, and warnings for what ytcs does not keep. */
function residentFieldsOf(ctx: FhirContext, p: Patient, creating: boolean): Translated['fields'] {
  unkept(ctx, p, [
    'identifier',
    'active',
    'name',
    'telecom',
    'gender',
    'birthDate',
    'address',
    'link',
    'deceasedBoolean',
    'deceasedDateTime',
  ]);
  const fields: Record<string, unknown> = {};
  // Name: the official one (or the first); Vietnamese order, family name first.
  const names = p.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (name) {
    fields.fullName = (name.text ?? [name.family, ...(name.given ?? [])].filter(Boolean).join(' ')).trim();
    if (names.length > 1) dropped(ctx, 'Patient.name', 'ytcs keeps one name: the others are not kept');
  }
  if (p.gender === 'male' || p.gender === 'female') fields.sex = p.gender;
  else if (p.gender)
    throw fhirError(
      422,
      'invalid',
      `ytcs records the sex as male or female, not ${p.gender}`,
      'Patient.gender',
    );
  if (p.birthDate) {
    if (p.birthDate.length === 10) {
      fields.birthDate = p.birthDate;
      fields.birthYear = Number(p.birthDate.slice(0, 4));
    } else {
      fields.birthYear = Number(p.birthDate.slice(0, 4));
      fields.birthDate = null;
      if (p.birthDate.length === 7)
        dropped(
          ctx,
          'Patient.birthDate',
          'ytcs keeps a full birth date or the year alone: the month is not kept',
        );
    }
  }
  const identifiers = p.identifier ?? [];
  const national = identifiers.filter((i) => i.system === NATIONAL_ID);
  fields.personalId = national[0]?.value ?? null;
  for (const i of identifiers)
    if (i.system !== NATIONAL_ID && i.system !== INSURANCE_NUMBER && i.system !== SOCIAL_INSURANCE_NUMBER)
      dropped(
        ctx,
        'Patient.identifier',
        `ytcs does not keep the identifier of system ${i.system ?? '(none)'}`,
      );
    else if (i.system !== NATIONAL_ID)
      dropped(
        ctx,
        'Patient.identifier',
        'an insurance card is recorded as a Coverage (or in the people module), not on the Patient',
      );
  const phones: string[] = [];
  for (const t of p.telecom ?? []) {
    const parsed =
      t.system === 'phone' || t.system === 'sms' ? phoneContract.safeParse(t.value ?? '') : undefined;
    if (parsed?.success) phones.push(parsed.data);
    else
      dropped(
        ctx,
        'Patient.telecom',
        `ytcs keeps Vietnamese phone numbers only: ${t.system} ${t.value ?? ''} is not kept`,
      );
  }
  fields.phones = phones.slice(0, 5);
  const addresses = p.address ?? [];
  const current =
    addresses.find((a) => extensionCode(a, ADDRESS_KIND_EXTENSION) === 'current') ??
    addresses.find((a) => extensionCode(a, ADDRESS_KIND_EXTENSION) !== 'permanent');
  const permanent = addresses.find((a) => extensionCode(a, ADDRESS_KIND_EXTENSION) === 'permanent');
  if (current) {
    const unitCode = extensionCode(current, ADMIN_UNIT_EXTENSION);
    if (unitCode) fields.currentAddress = { unitCode, line: current.line?.[0] ?? null };
    else if (creating) {
      const own = actorUnitCode(ctx);
      if (own) {
        fields.currentAddress = { unitCode: own, line: addressLine(current) };
        dropped(
          ctx,
          'Patient.address',
          `the address names no Vietnamese unit (extension ${ADMIN_UNIT_EXTENSION}): kept as a line in your area (${own})`,
        );
      }
    } else
      dropped(
        ctx,
        'Patient.address',
        `an address without the extension ${ADMIN_UNIT_EXTENSION} does not change where the resident lives`,
      );
  } else if (creating) {
    const own = actorUnitCode(ctx);
    if (own) fields.currentAddress = { unitCode: own };
  }
  if (permanent) {
    const unitCode = extensionCode(permanent, ADMIN_UNIT_EXTENSION);
    if (unitCode) fields.permanentAddress = { unitCode, line: permanent.line?.[0] ?? null };
    else dropped(ctx, 'Patient.address', 'a permanent address without a unit code is not kept');
  }
  if (addresses.length > (permanent ? 2 : 1))
    dropped(ctx, 'Patient.address', 'ytcs keeps the current and the permanent address only');
  if (p.deceasedBoolean || p.deceasedDateTime)
    dropped(ctx, 'Patient.deceased', 'a death is recorded as a life event in ytcs, not through Patient');
  if (p.active === false && creating) dropped(ctx, 'Patient.active', 'a new resident is active');
  if (p.link?.length)
    dropped(ctx, 'Patient.link', 'merges of duplicates are made in ytcs, not through Patient.link');
  return fields;
}

function parseOrRefuse<T>(ctx: FhirContext, schema: z.ZodType<T>, fields: Record<string, unknown>): T {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) throw fromContractIssues('Patient', parsed.error.issues, PATHS, ctx.lang);
  return parsed.data;
}

// ---------------------------------------------------------------- search

const PARAMS = [
  { name: '_id', type: 'token', documentation: 'The resident id' },
  { name: '_lastUpdated', type: 'date', documentation: 'Last change of the resident (days)' },
  {
    name: 'identifier',
    type: 'token',
    documentation: `Personal ID (${NATIONAL_ID}), insurance card code (${INSURANCE_NUMBER}) or social-insurance number`,
  },
  { name: 'name', type: 'string', documentation: 'Any part of the name, with or without diacritics' },
  {
    name: 'birthdate',
    type: 'date',
    documentation: 'Birth date (eq, ge, le, gt, lt; YYYY, YYYY-MM, YYYY-MM-DD)',
  },
  { name: 'gender', type: 'token', documentation: 'male or female' },
  {
    name: 'active',
    type: 'token',
    documentation: 'true: living residents (default: all but merged records)',
  },
] as const satisfies Translator['searchParams'];

/** How many matches a filtered search reads from people to filter them (birth date, sex, last change). */
const FILTER_WINDOW = 500;

async function search(ctx: FhirContext, params: SearchParams, page: Page): Promise<SearchResult<Patient>> {
  checkParams('Patient', params, [...PARAMS]);
  if (params['_id']) {
    const ids = params['_id'].flatMap((v) => v.split(','));
    const found: Patient[] = [];
    for (const id of ids) {
      try {
        const p = await read(ctx, id);
        if (lastUpdatedOk(p.meta!.lastUpdated!, params)) found.push(p);
      } catch (err) {
        if (!(err instanceof Error && (err as { status?: number }).status === 404)) throw err;
      }
    }
    return { resources: found.slice(page.offset, page.offset + page.count), total: found.length };
  }
  const words: string[] = [];
  for (const v of params['name'] ?? []) words.push(v.trim());
  for (const v of params['identifier'] ?? []) {
    const t = token(v);
    const ok =
      t.system === NATIONAL_ID
        ? /^\d{12}$/.test(t.code)
        : t.system === INSURANCE_NUMBER
          ? /^[A-Za-z]{2}\d{13}$/.test(t.code)
          : t.system === SOCIAL_INSURANCE_NUMBER
            ? /^\d{10}$/.test(t.code)
            : t.system === undefined && /^(\d{12}|\d{10}|[A-Za-z]{2}\d{13})$/.test(t.code);
    if (!ok) return { resources: [], total: 0 };
    words.push(t.code);
  }
  const birth = dateRanges(params['birthdate']);
  if (birth.from && birth.to && birth.from.slice(0, 4) === birth.to.slice(0, 4))
    words.push(birth.from.slice(0, 4));
  const genders = (params['gender'] ?? []).flatMap((g) => g.split(','));
  if (
    genders.some((g) => g !== 'male' && g !== 'female') &&
    !genders.some((g) => g === 'male' || g === 'female')
  )
    return { resources: [], total: 0 };
  const active = params['active']?.[0];
  const status = active === 'true' ? ('active' as const) : ('all' as const);
  const q = words.join(' ').trim();
  if (q.length === 1) throw fhirError(400, 'invalid', 'a name searched has at least 2 characters', 'name');
  const filtered = Boolean(
    birth.from || birth.to || genders.length || params['_lastUpdated'] || active === 'false',
  );
  const filter = { ...(q ? { q } : {}), status };
  if (!filtered) {
    const found = await searchResidents(ctx.db, ctx.actor, filter, {
      limit: page.count,
      offset: page.offset,
    });
    const resources = await readAll(
      ctx,
      found.items.filter((r) => r.status !== 'merged' || status === 'all'),
    );
    return { resources, total: found.total };
  }
  const window = await searchResidents(ctx.db, ctx.actor, filter, { limit: FILTER_WINDOW, offset: 0 });
  let candidates: ResidentFound[] = window.items.filter(
    (r) =>
      inRange(r.birthDate ?? undefined, birth) &&
      (!genders.length || genders.includes(r.sex)) &&
      (active !== 'false' || r.status !== 'active'),
  );
  if (params['_lastUpdated']) {
    const full = await readAll(ctx, candidates);
    const kept = full.filter((p) => lastUpdatedOk(p.meta!.lastUpdated!, params));
    return { resources: kept.slice(page.offset, page.offset + page.count), total: kept.length };
  }
  const total = candidates.length;
  candidates = candidates.slice(page.offset, page.offset + page.count);
  return { resources: await readAll(ctx, candidates), total };
}

/** The full resources of a page of residents found: their profiles in one read (audited as one list). */
async function readAll(ctx: FhirContext, found: { id: string }[]): Promise<Patient[]> {
  const profiles = await getResidentsJson(
    ctx.db,
    ctx.actor,
    found.map((r) => r.id),
  );
  return profiles.map((json) => patientOf(JSON.parse(json) as ResidentOut));
}

// ---------------------------------------------------------------- interactions

/**
 * The FHIR text of a profile, kept for the last profiles read: a Patient is a function of the profile's
 * JSON text alone, so a read of an unchanged profile (the same text) skips parsing, translating and
 * serializing it again. Bounded; the oldest entries go first.
 */
interface Rendered {
  profile: string;
  text: string;
  versionId: string;
  lastUpdated: string;
}
const rendered = new Map<string, Rendered>();
const RENDERED_MAX = 10_000;

/** A Patient read as the JSON text sent (the route sends it as it is), with its version. */
async function readText(ctx: FhirContext, id: string): Promise<Rendered> {
  const residentId = uuidOf('Patient', id);
  const profile = await getResidentJson(ctx.db, ctx.actor, residentId);
  const hit = rendered.get(residentId);
  if (hit?.profile === profile) return hit;
  const patient = patientOf(JSON.parse(profile) as ResidentOut);
  const out: Rendered = {
    profile,
    text: JSON.stringify(patient),
    versionId: patient.meta!.versionId!,
    lastUpdated: patient.meta!.lastUpdated!,
  };
  rendered.delete(residentId);
  if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value!);
  rendered.set(residentId, out);
  return out;
}

async function read(ctx: FhirContext, id: string): Promise<Patient> {
  return patientOf(await getResident(ctx.db, ctx.actor, uuidOf('Patient', id)));
}

/**
 * Every version people keep of the resident's identity, newest first (resident_versions). A past
 * version names the units it recorded (their codes, on the current map); their names are today's,
 * said so on each address (UNIT_NAMES_AS_OF_EXTENSION): the network module keeps no past names.
 */
async function history(ctx: FhirContext, id: string): Promise<Patient[]> {
  const on = today();
  return (await residentVersions(ctx.db, ctx.actor, uuidOf('Patient', id))).map((r, i) =>
    patientOf(r, i === 0 ? undefined : on),
  );
}

async function vread(ctx: FhirContext, id: string, versionId: string): Promise<Patient> {
  const versions = await history(ctx, id);
  const p = versions.find((v) => v.meta?.versionId === versionId);
  if (!p)
    throw fhirError(
      404,
      'not-found',
      `Patient/${id} has no version ${versionId} (versions 1 to ${versions[0]!.meta!.versionId})`,
    );
  return p;
}

async function create(ctx: FhirContext, p: Patient): Promise<Patient> {
  const fields = residentFieldsOf(ctx, p, true);
  if (!fields.currentAddress)
    throw fhirError(
      422,
      'required',
      `give the commune or hamlet the person lives in (Address.extension ${ADMIN_UNIT_EXTENSION})`,
      'Patient.address',
    );
  if (fields.birthDate === undefined && fields.birthYear === undefined)
    throw fhirError(422, 'required', 'give the birth date, or at least the year', 'Patient.birthDate');
  if (fields.birthDate === null) delete fields.birthDate;
  const input = parseOrRefuse(ctx, residentInput, fields);
  const created = await createResident(ctx.db, ctx.actor, input);
  for (const w of created.warnings)
    ctx.warnings.push(
      'candidate' in w
        ? issue(
            'warning',
            'duplicate',
            `likely the same person as Patient/${w.candidate.id} (${w.candidate.fullName}, score ${w.candidate.score.toFixed(2)})`,
            'Patient',
          )
        : issue('warning', 'business-rule', w.message, PATHS[w.path] ?? 'Patient'),
    );
  const { warnings: _w, ...profile } = created;
  return patientOf(profile);
}

async function update(
  ctx: FhirContext,
  id: string,
  p: Patient,
  ifMatch: string | undefined,
): Promise<Patient> {
  const residentId = uuidOf('Patient', id);
  if (p.id && p.id !== id)
    throw fhirError(400, 'invalid', `the resource's id (${p.id}) is not the URL's (${id})`, 'Patient.id');
  const fields = residentFieldsOf(ctx, p, false);
  const current = await getResident(ctx.db, ctx.actor, residentId);
  if (ifMatch !== undefined && ifMatch !== String(current.version))
    throw fhirError(412, 'conflict', `the Patient is at version ${current.version}, not ${ifMatch}`);
  if (
    p.identifier?.some(
      (i) => i.system === INSURANCE_NUMBER && i.value !== current.insurance.currentCard?.code,
    )
  )
    dropped(ctx, 'Patient.identifier', 'insurance cards are changed as Coverage, not through Patient');
  if (fields.birthDate === null && fields.birthYear === undefined) delete fields.birthDate;
  const patch = parseOrRefuse(ctx, residentPatch, fields);
  const updated = await updateResident(ctx.db, ctx.actor, residentId, patch);
  for (const w of updated.warnings)
    ctx.warnings.push(issue('warning', 'business-rule', w.message, PATHS[w.path] ?? 'Patient'));
  const { warnings: _w, ...profile } = updated;
  return patientOf(profile);
}

export const patientTranslator: Translator<Patient> = {
  type: 'Patient',
  documentation: 'Residents of the people module (households, identity, addresses, current insurance card)',
  paths: PATHS,
  searchParams: [...PARAMS],
  read,
  readText,
  vread,
  history,
  search,
  create,
  update,
  references: {
    link: (p) => (p.link ?? []).map((l) => l.other),
  },
};
