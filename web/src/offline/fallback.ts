/**
 * The ordinary pages without a network (issue 20, docs/adr/0033 point 12): when a request gets no
 * answer at all, the API client asks here, and what the device's store holds answers in the server's
 * shape — who is signed in, the commune, a resident search, a person, the worklist, the station's
 * facilities and staff, ICD-10, a child's immunization card, a pregnancy, an NCD programme card — and a new visit goes to the outbox instead of the server. One
 * mechanism for every page; what it answers is marked "from this device" (./device-state.ts). A
 * request it cannot answer fails as before (the page shows its error).
 */
import { visitInput } from '../../../src/modules/visits/contracts';
import type { Problem } from '../api/types';
import i18n from '../i18n';
import { searchKey, todayIso } from '../lib/format';
import { getMeta, offlineDb, type LocalResident } from './db';
import { markFromDevice, type SavedOnDevice } from './device-state';
import { immunizationCard, pregnancies, programmeCard } from './programme';
import { addToOutbox, hasWorkingSet } from './sync';

export type Answer = { data: unknown } | { problem: Problem } | undefined;

const page = <T>(items: T[], limit: number, offset = 0, total = items.length) => ({
  items,
  total,
  limit,
  offset,
});

async function scopeNames(): Promise<{ code: string; name: string }> {
  return { code: (await getMeta<string>('scope')) ?? '', name: (await getMeta<string>('scopeName')) ?? '' };
}

/** A resident of the store as a search or list shows one. */
async function found(r: LocalResident, insured: Set<string>) {
  const scope = await scopeNames();
  return {
    id: r.id,
    fullName: r.fullName,
    sex: r.sex,
    birthDate: r.birthDate,
    birthYear: r.birthYear,
    personalId: r.personalId,
    phones: r.phones,
    status: r.status,
    householdId: r.householdId,
    relationToHead: (r.relationToHead as string | null) ?? null,
    unitCode: scope.code,
    hamletName: null,
    communeName: scope.name,
    unitPath: r.unitPath,
    score: null,
    insuredToday: insured.has(r.id),
  };
}

async function insuredToday(ids: string[]): Promise<Set<string>> {
  const today = todayIso();
  const cards = await offlineDb.cards.where('residentId').anyOf(ids).toArray();
  return new Set(
    cards
      .filter((c) => !c.voided && c.validFrom <= today && (!c.validTo || c.validTo >= today))
      .map((c) => c.residentId),
  );
}

async function searchResidents(params: URLSearchParams) {
  const limit = Number(params.get('limit') ?? 30);
  const q = (params.get('q') ?? '').trim();
  const key = searchKey(q);
  const digits = q.replace(/\D/g, '');
  const matches = await offlineDb.residents
    .filter(
      (r) =>
        r.status === 'active' &&
        ((key.length >= 2 && (r.searchName ?? searchKey(r.fullName)).includes(key)) ||
          (digits.length >= 4 &&
            ((r.personalId ?? '').includes(digits) || r.phones.some((p) => p.includes(digits))))),
    )
    .limit(500)
    .toArray();
  matches.sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  const shown = matches.slice(0, limit);
  const insured = await insuredToday(shown.map((r) => r.id));
  return {
    ...page(await Promise.all(shown.map((r) => found(r, insured))), limit, 0, matches.length),
    moreThanTotal: false,
  };
}

async function resident(id: string): Promise<unknown> {
  const r = await offlineDb.residents.get(id);
  if (!r) return undefined;
  const today = todayIso();
  const cards = await offlineDb.cards.where('residentId').equals(id).toArray();
  const current = cards.find((c) => !c.voided && c.validFrom <= today && (!c.validTo || c.validTo >= today));
  const household = r.householdId ? await offlineDb.households.get(r.householdId) : undefined;
  const scope = await scopeNames();
  const base = await found(r, new Set(current ? [id] : []));
  const address = {
    unitCode: scope.code,
    unitName: scope.name,
    hamletCode: null,
    hamletName: null,
    communeCode: scope.code,
    communeName: scope.name,
    provinceCode: scope.code.slice(0, 2),
    provinceName: '',
    line: r.currentAddressLine,
    text: [r.currentAddressLine, scope.name].filter(Boolean).join(', '),
  };
  return {
    ...base,
    ethnicity: r.ethnicity,
    ethnicityName: null,
    nationality: (r.nationality as string | undefined) ?? 'VN',
    religion: (r.religion as string | null) ?? null,
    religionName: null,
    occupation: r.occupation,
    bloodGroup: r.bloodGroup,
    currentAddress: address,
    permanentAddress: null,
    householdCode: (household?.code as string | null | undefined) ?? null,
    relationToHeadName: null,
    motherId: (r.motherId as string | null) ?? null,
    fatherId: (r.fatherId as string | null) ?? null,
    diedOn: null,
    mergedIntoId: null,
    mergedIds: [],
    insurance: {
      insuredToday: !!current,
      currentCard: current
        ? {
            id: current.id,
            code: current.code,
            validFrom: current.validFrom,
            validTo: current.validTo,
            benefitLevel: current.benefitLevel ?? null,
          }
        : null,
    },
    healthRecord: null,
    changeSeq: r.changeSeq,
  };
}

async function worklist(params: URLSearchParams) {
  const limit = Number(params.get('limit') ?? 50);
  const offset = Number(params.get('offset') ?? 0);
  const kind = params.get('kind');
  const today = todayIso();
  const all = await offlineDb.due.orderBy('dueOn').toArray();
  const people = new Map(
    (await offlineDb.residents.bulkGet([...new Set(all.map((d) => d.residentId))])).flatMap((r) =>
      r ? [[r.id, r] as const] : [],
    ),
  );
  const listed = all.filter((d) => people.has(d.residentId));
  const chosen = listed.filter(
    (d) => (!kind || d.kind === kind) && (params.get('overdue') !== 'true' || d.dueOn < today),
  );
  chosen.sort((a, b) => b.priority - a.priority || a.dueOn.localeCompare(b.dueOn));
  const kinds = new Map<string, { kind: string; total: number; overdue: number }>();
  for (const d of listed) {
    const k = kinds.get(d.kind) ?? { kind: d.kind, total: 0, overdue: 0 };
    k.total++;
    if (d.dueOn < today) k.overdue++;
    kinds.set(d.kind, k);
  }
  const scope = await scopeNames();
  const days = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / 86_400_000);
  return {
    on: today,
    until: today,
    unit: { code: scope.code, name: scope.name, level: 'commune' },
    items: chosen.slice(offset, offset + limit).map((d) => {
      const r = people.get(d.residentId)!;
      return {
        kind: d.kind,
        refId: d.refId,
        residentId: d.residentId,
        fullName: r.fullName,
        sex: r.sex,
        birthDate: r.birthDate,
        birthYear: r.birthYear,
        phones: r.phones,
        hamletId: null,
        hamletName: null,
        dueOn: d.dueOn,
        daysOverdue: days(today, d.dueOn),
        priority: d.priority,
        reason: d.reason,
        detail: d.detail,
      };
    }),
    total: chosen.length,
    limit,
    offset,
    kinds: [...kinds.values()],
    hamlets: [],
  };
}

async function facilities(params: URLSearchParams) {
  const scope = await scopeNames();
  const rows = await offlineDb.station.where('kind').equals('facility').toArray();
  const limit = Number(params.get('limit') ?? 50);
  return page(
    rows.map((f) => ({
      id: f.id,
      code: f.code ?? '',
      name: f.name,
      kind: f.facilityKind ?? 'commune_station',
      stationModel: null,
      unitId: '',
      unitCode: scope.code,
      unitName: scope.name,
      unitPath: '',
      parentFacilityId: null,
      address: null,
      phone: null,
      activeFrom: null,
      activeTo: null,
    })),
    limit,
  );
}

async function staff(params: URLSearchParams) {
  const facility = params.get('facility');
  const rows = (await offlineDb.station.where('kind').equals('staff').toArray()).filter(
    (s) => !facility || s.facilityId === facility,
  );
  return page(
    rows.map((s) => ({
      id: s.id,
      fullName: s.name,
      sex: 'male',
      birthDate: null,
      title: s.title ?? '',
      facilityId: s.facilityId,
      facilityName: null,
      hamletId: null,
      hamletName: null,
      unitPath: '',
      fullTime: true,
      trained: true,
      phone: null,
      activeFrom: '',
      activeTo: null,
    })),
    Number(params.get('limit') ?? 50),
  );
}

async function icd10(params: URLSearchParams) {
  const q = (params.get('q') ?? '').trim();
  const limit = Number(params.get('limit') ?? 15);
  const upper = q.toUpperCase();
  const key = searchKey(q);
  const hits = await offlineDb.codes
    .where('system')
    .equals('icd10')
    .filter((c) => c.code.startsWith(upper) || searchKey(c.displayVi).includes(key))
    .limit(limit)
    .toArray();
  return hits.map((c) => ({ code: c.code, title: c.displayVi, titleEn: c.displayEn ?? c.displayVi }));
}

/** A person's finished visits on the device, newest first, as a visit list shows them. */
async function visitsOf(residentId: string) {
  const r = await offlineDb.residents.get(residentId);
  if (!r) return [];
  const facilities = new Map((await offlineDb.station.toArray()).map((s) => [s.id, s.name]));
  const visits = await offlineDb.visits.where('residentId').equals(residentId).toArray();
  visits.sort((a, b) => b.visitDate.localeCompare(a.visitDate));
  return visits.map((v) => ({
    id: v.id,
    version: 1,
    status: 'finished',
    visitDate: v.visitDate,
    residentId,
    patientName: r.fullName,
    patientSex: r.sex,
    patientBirthYear: r.birthYear,
    facilityId: v.facilityId as string,
    facilityName: facilities.get(v.facilityId as string) ?? '',
    clinicianName: '',
    mainDiagnosis: v.mainDiagnosis,
    mainDiagnosisTitle: null,
    paymentMethod: 'insurance',
    total: 0,
    insurerAmount: 0,
    patientAmount: 0,
  }));
}

/** A visit recorded with the network down: checked as the server would, then into the outbox. */
async function saveVisit(body: unknown): Promise<Answer> {
  const parsed = visitInput.safeParse(body);
  if (!parsed.success)
    return {
      problem: {
        type: 'validation',
        title: 'validation',
        status: 422,
        errors: parsed.error.issues.map((i) => ({
          path: ['body', ...i.path.map(String)].join('.'),
          code: i.code,
          message: i.message,
        })),
      } as Problem,
    };
  const input = body as {
    residentId: string;
    visitDate: string;
    finish?: boolean;
    diagnoses?: { main?: unknown };
  };
  // The service's own rule, said now rather than at the next sync: a finished visit has a main diagnosis.
  if (input.finish && !input.diagnoses?.main)
    return {
      problem: {
        type: 'validation',
        title: 'validation',
        status: 422,
        errors: [
          {
            path: 'body.diagnoses.main',
            code: 'required',
            message: i18n.t('offline.device.needsDiagnosis'),
          },
        ],
      },
    };
  const r = await offlineDb.residents.get(input.residentId);
  if (!r) return undefined;
  const id = await addToOutbox('visit.create', body, `${r.fullName} · ${input.visitDate}`, r.id);
  const saved: SavedOnDevice & Record<string, unknown> = {
    savedOnDevice: true,
    id,
    residentId: r.id,
    warnings: [],
  };
  return { data: saved };
}

const routes: {
  method: string;
  pattern: RegExp;
  answer: (m: RegExpMatchArray, p: URLSearchParams, body: unknown) => Promise<unknown>;
}[] = [
  {
    // Only in a tab still signed in (its session's token is kept in the tab; signing out drops it).
    method: 'GET',
    pattern: /^\/auth\/me$/,
    answer: async () => (sessionStorage.getItem('ytcs.csrf') ? getMeta('me') : undefined),
  },
  {
    method: 'GET',
    pattern: /^\/units\/([^/]+)$/,
    answer: async (m) => {
      for (const key of ['unit', 'ownUnit']) {
        const unit = await getMeta<{ code: string }>(key);
        if (unit?.code === m[1]) return unit;
      }
      return undefined;
    },
  },
  { method: 'GET', pattern: /^\/residents$/, answer: (_m, p) => searchResidents(p) },
  { method: 'GET', pattern: /^\/residents\/([0-9a-f-]{36})$/, answer: (m) => resident(m[1]!) },
  { method: 'GET', pattern: /^\/worklist$/, answer: (_m, p) => worklist(p) },
  { method: 'GET', pattern: /^\/facilities$/, answer: (_m, p) => facilities(p) },
  { method: 'GET', pattern: /^\/staff$/, answer: (_m, p) => staff(p) },
  { method: 'GET', pattern: /^\/icd10$/, answer: (_m, p) => icd10(p) },
  {
    // A person's visits of the last year; not the follow-up form's prefill (it needs the whole visit).
    method: 'GET',
    pattern: /^\/visits$/,
    answer: async (_m, p) => {
      const id = p.get('resident');
      if (!id) return undefined;
      const limit = Number(p.get('limit') ?? 20);
      return page(p.get('status') === 'finished' && limit === 1 ? [] : await visitsOf(id), limit);
    },
  },
  // Programme data (./programme.ts): a child's immunization grid, a pregnancy under way, NCD enrolments.
  {
    method: 'GET',
    pattern: /^\/residents\/([0-9a-f-]{36})\/immunization$/,
    answer: (m) => immunizationCard(m[1]!),
  },
  {
    method: 'GET',
    pattern: /^\/maternal\/residents\/([0-9a-f-]{36})\/pregnancies$/,
    answer: (m) => pregnancies(m[1]!),
  },
  { method: 'GET', pattern: /^\/ncd\/patients\/([0-9a-f-]{36})$/, answer: (m) => programmeCard(m[1]!) },
  {
    method: 'GET',
    pattern: /^\/station-services\/([0-9a-f-]{36})$/,
    answer: async () => ({ services: [] }),
  },
];

/** The device's answer to a request that got no answer from the network, if it has one. */
export async function answer(method: string, path: string, body: unknown): Promise<Answer> {
  if (!(await hasWorkingSet())) return undefined;
  const url = new URL(path, 'http://device');
  // The forms' other writes (a household, a resident, doses, a measurement) and their code lists: ./writes.ts.
  const written = await (await import('./writes')).deviceWrite(method, url.pathname, body);
  if (written) {
    markFromDevice();
    return written;
  }
  if (method === 'POST' && url.pathname === '/visits') {
    const saved = await saveVisit(body);
    if (saved) markFromDevice();
    return saved;
  }
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = url.pathname.match(route.pattern);
    if (!m) continue;
    const data = await route.answer(m, url.searchParams, body);
    if (data === undefined) return undefined;
    markFromDevice();
    return { data };
  }
  return undefined;
}
