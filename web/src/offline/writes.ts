/**
 * The ordinary forms' writes without a network (issue 20, docs/adr/0033 points 10 and 12): a household
 * with its members, a resident added to a household, a child's doses and a measurement go to the outbox,
 * checked first with the server's own schemas (the zod contracts the forms use), and the people
 * registered appear in the device's store at once with the ids minted here (the server keeps them), so a
 * dose or a visit to them can follow before any sync. Also the reads those forms need: the code lists
 * and the vaccination schedule kept on the device. Called by ./fallback.ts when a request gets no answer.
 */
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { measurementInput } from '../../../src/modules/growth/contracts';
import { recordDosesInput } from '../../../src/modules/immunization/contracts';
import { householdInput, residentInput } from '../../../src/modules/people/contracts';
import { api } from '../api/client';
import type { Problem } from '../api/types';
import { searchKey } from '../lib/format';
import { getMeta, offlineDb, setMeta, type LocalResident, type OutboxKind, type OutboxRecord } from './db';
import type { SavedOnDevice } from './device-state';
import { addToOutbox } from './sync';

type Answer = { data: unknown } | { problem: Problem } | undefined;

/** A body the server's schema refuses: the same problem the server would answer, paths from `body`. */
function invalid(error: z.ZodError): Answer {
  return {
    problem: {
      type: 'validation',
      title: 'validation',
      status: 422,
      errors: error.issues.map((i) => ({
        path: ['body', ...i.path.map(String)].join('.'),
        code: i.code,
        message: i.message,
      })),
    } as Problem,
  };
}

const saved = (id: string, extra: Record<string, unknown> = {}): Answer => {
  const data: SavedOnDevice & Record<string, unknown> = { savedOnDevice: true, id, warnings: [], ...extra };
  return { data };
};

async function scopePath(): Promise<string> {
  return (await getMeta<{ path?: string }>('unit'))?.path ?? '';
}

type NewPerson = z.infer<typeof residentInput> & { id: string };

/** A person registered on this device, as the store keeps a pulled one (until the pull brings the server's). */
function localResident(
  p: NewPerson,
  householdId: string | null,
  path: string,
  record: string,
): LocalResident {
  return {
    id: p.id,
    fullName: p.fullName,
    searchName: searchKey(p.fullName),
    sex: p.sex,
    birthDate: p.birthDate ?? null,
    birthYear: p.birthDate ? Number(p.birthDate.slice(0, 4)) : (p.birthYear ?? 0),
    personalId: p.personalId ?? null,
    phones: p.phones ?? [],
    householdId,
    relationToHead: p.relationToHead ?? null,
    unitPath: path,
    status: 'active',
    occupation: p.occupation ?? null,
    ethnicity: p.ethnicity ?? null,
    bloodGroup: p.bloodGroup ?? null,
    currentAddressLine: p.currentAddress?.line ?? null,
    changeSeq: 0,
    /** The outbox record that made it: it goes with the record if the record is discarded. */
    localOnly: record,
  };
}

async function saveHousehold(body: unknown): Promise<Answer> {
  const parsed = householdInput.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const id = uuidv7();
  const members = parsed.data.members.map((m) => ({ ...m, id: uuidv7() }));
  const payload = {
    ...(body as object),
    id,
    members: ((body as { members?: object[] }).members ?? []).map((m, i) => ({ ...m, id: members[i]!.id })),
  };
  const head = members.find((m) => m.relationToHead === 'head');
  const label = `${head?.fullName ?? ''} · ${members.length}`;
  const record = await addToOutbox('household.create', payload, label, head?.id ?? null);
  const path = await scopePath();
  await offlineDb.transaction('rw', offlineDb.households, offlineDb.residents, async () => {
    await offlineDb.households.put({
      id,
      code: parsed.data.code ?? null,
      addressLine: parsed.data.addressLine ?? null,
      unitPath: path,
      status: 'active',
      localOnly: record,
    });
    await offlineDb.residents.bulkPut(
      members.map((m) =>
        localResident(
          {
            ...m,
            currentAddress: { unitCode: parsed.data.unitCode, line: parsed.data.addressLine ?? null },
          } as NewPerson,
          id,
          path,
          record,
        ),
      ),
    );
  });
  return saved(record, { householdId: id, memberIds: members.map((m) => m.id) });
}

async function saveResident(body: unknown): Promise<Answer> {
  const parsed = residentInput.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const id = uuidv7();
  const household = parsed.data.householdId ? await offlineDb.households.get(parsed.data.householdId) : null;
  const record = await addToOutbox('resident.create', { ...(body as object), id }, parsed.data.fullName, id);
  await offlineDb.residents.put(
    localResident(
      {
        ...parsed.data,
        id,
        currentAddress: parsed.data.currentAddress ?? {
          unitCode: '',
          line: (household?.addressLine as string | null | undefined) ?? null,
        },
      } as NewPerson,
      parsed.data.householdId ?? null,
      (household?.unitPath as string | undefined) ?? (await scopePath()),
      record,
    ),
  );
  return saved(record, { residentId: id, fullName: parsed.data.fullName });
}

async function nameOf(residentId: string): Promise<string | undefined> {
  return (await offlineDb.residents.get(residentId))?.fullName;
}

async function saveClinical(
  kind: Extract<OutboxKind, 'immunization.doses' | 'growth.measurement'>,
  residentId: string,
  body: unknown,
): Promise<Answer> {
  const name = await nameOf(residentId);
  // Not a person of the working set: nothing to attach it to (the form shows the network error).
  if (name === undefined) return undefined;
  if (kind === 'immunization.doses') {
    const parsed = recordDosesInput.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const what = parsed.data.doses.map((d) => `${d.vaccine} ${d.givenOn}`).join(', ');
    const record = await addToOutbox(
      kind,
      { residentId, doses: (body as { doses: unknown }).doses },
      `${name} · ${what}`,
      residentId,
    );
    return saved(record, { residentId });
  }
  const parsed = measurementInput.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const record = await addToOutbox(
    kind,
    { residentId, measurement: body },
    `${name} · ${parsed.data.measuredOn}`,
    residentId,
  );
  return saved(record, { residentId });
}

/** The code lists valid today, kept on the device by the sync, in the shape of `GET /codes/:system`. */
async function codes(system: string): Promise<unknown> {
  const values = await offlineDb.codes.where('system').equals(system).toArray();
  if (!values.length) return undefined;
  values.sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.code.localeCompare(b.code));
  return values.map((v) => ({
    code: v.code,
    displayVi: v.displayVi,
    displayEn: v.displayEn ?? v.displayVi,
    validFrom: '',
    validTo: null,
    sortOrder: v.sortOrder ?? 0,
  }));
}

/** What the device answers for these forms, or undefined (then the other device answers are asked). */
export async function deviceWrite(method: string, path: string, body: unknown): Promise<Answer> {
  let m: RegExpMatchArray | null;
  if (method === 'GET') {
    if ((m = path.match(/^\/codes\/([a-z0-9-]+)$/))) {
      const data = await codes(m[1]!);
      return data === undefined ? undefined : { data };
    }
    if (path === '/immunization/schedule') {
      const data = await getMeta('schedule');
      return data === undefined ? undefined : { data };
    }
    return undefined;
  }
  if (method !== 'POST') return undefined;
  if (path === '/households') return saveHousehold(body);
  if (path === '/residents') return saveResident(body);
  if ((m = path.match(/^\/residents\/([0-9a-f-]{36})\/vaccinations$/)))
    return saveClinical('immunization.doses', m[1]!, body);
  if ((m = path.match(/^\/growth\/children\/([0-9a-f-]{36})\/measurements$/)))
    return saveClinical('growth.measurement', m[1]!, body);
  return undefined;
}

/**
 * Keeps what these forms read and the sync does not bring (the vaccination schedule), after a sync
 * with the network up.
 */
export async function keepReference(): Promise<void> {
  const schedule = await api.get('/immunization/schedule').catch(() => undefined);
  if (schedule) await setMeta('schedule', schedule);
}

/** A record discarded before the server took it: the people and household it put on the device go too. */
export async function dropLocalRows(record: string): Promise<void> {
  await offlineDb.transaction('rw', offlineDb.households, offlineDb.residents, async () => {
    await offlineDb.residents.filter((r) => r.localOnly === record).delete();
    await offlineDb.households.filter((h) => h.localOnly === record).delete();
  });
}

/**
 * A registration refused as a probable duplicate, judged by the user to be someone else: sent again as
 * a new record naming the candidates (`notDuplicateOf`), with the same person's id; the old one goes.
 */
export async function resendNotDuplicate(record: OutboxRecord): Promise<void> {
  const candidates = record.result?.problem?.candidates ?? [];
  const payload = record.payload as { notDuplicateOf?: string[] };
  const notDuplicateOf = [...new Set([...(payload.notDuplicateOf ?? []), ...candidates.map((c) => c.id)])];
  await offlineDb.transaction('rw', offlineDb.outbox, offlineDb.residents, async () => {
    const id = await addToOutbox(
      record.kind,
      { ...payload, notDuplicateOf },
      record.label,
      record.residentId,
    );
    await offlineDb.outbox.delete(record.id);
    await offlineDb.residents.filter((r) => r.localOnly === record.id).modify({ localOnly: id });
  });
}
