/**
 * The device's side of the sync (docs/adr/0033): push the outbox first, then pull the scope page by
 * page from the stored cursor; each page and its cursor are written in one IndexedDB transaction, so
 * a pull cut anywhere resumes where it stopped. Accepted and merged records leave the outbox; refused
 * ones stay, with the server's reason, until the user discards them.
 */
import { v7 as uuidv7 } from 'uuid';
import { api, ApiError } from '../api/client';
import type { PullOut, PushOut, SyncChange } from '../../../src/modules/sync/contracts';
import { getMeta, offlineDb, setMeta, type OutboxKind, type OutboxRecord } from './db';

const PAGE = 5000;
const PUSH_BATCH = 100;

export interface SyncReport {
  pushed: number;
  refused: number;
  pulled: number;
}

let running: Promise<SyncReport> | null = null;
const listeners = new Set<(state: SyncState) => void>();

export interface SyncState {
  running: boolean;
  /** What the last attempt ended with (null: it succeeded). */
  error: string | null;
}
let state: SyncState = { running: false, error: null };

function setState(next: Partial<SyncState>) {
  state = { ...state, ...next };
  listeners.forEach((l) => l(state));
}

export function syncState(): SyncState {
  return state;
}

export function onSyncState(listener: (s: SyncState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Puts something done on this device in the outbox (and nowhere else until the server confirms it). */
export async function addToOutbox(
  kind: OutboxKind,
  payload: unknown,
  label: string,
  residentId: string | null,
): Promise<string> {
  const id = uuidv7();
  await offlineDb.outbox.add({
    id,
    kind,
    payload,
    status: 'pending',
    label,
    residentId,
    madeAt: new Date().toISOString(),
  });
  return id;
}

async function pushOutbox(): Promise<{ pushed: number; refused: number }> {
  let pushed = 0;
  let refused = 0;
  const waiting = await offlineDb.outbox.where('status').anyOf('pending', 'failed').sortBy('madeAt');
  for (let i = 0; i < waiting.length; i += PUSH_BATCH) {
    const batch = waiting.slice(i, i + PUSH_BATCH);
    const out = await api.post<PushOut>('/sync/push', {
      records: batch.map((r) => ({ id: r.id, kind: r.kind, payload: r.payload, madeAt: r.madeAt })),
    });
    await offlineDb.transaction('rw', offlineDb.outbox, offlineDb.residents, async () => {
      for (const result of out.results) {
        if (result.status === 'accepted' || result.status === 'merged') {
          await offlineDb.outbox.delete(result.id);
          pushed++;
        } else {
          await offlineDb.outbox.update(result.id, { status: result.status, result });
          if (result.status === 'refused') {
            refused++;
            const record = batch.find((r) => r.id === result.id);
            if (record?.kind === 'resident.update') await undoLocalEdit(record);
          }
        }
      }
    });
  }
  return { pushed, refused };
}

/**
 * A refused edit was shown on this device at once: its fields go back to the values the device had
 * (those the server still holds), unless a later edit changed them again.
 */
async function undoLocalEdit(record: OutboxRecord): Promise<void> {
  const { residentId, fields, base } = record.payload as {
    residentId: string;
    fields: Record<string, unknown>;
    base: Record<string, unknown>;
  };
  const current = await offlineDb.residents.get(residentId);
  if (!current) return;
  const back: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields))
    if (field in base && JSON.stringify(current[field]) === JSON.stringify(value)) back[field] = base[field];
  if (Object.keys(back).length) await offlineDb.residents.update(residentId, back);
}

async function applyPage(page: PullOut, scope: string): Promise<void> {
  const db = offlineDb;
  await db.transaction(
    'rw',
    [
      db.residents,
      db.households,
      db.cards,
      db.conflicts,
      db.codes,
      db.due,
      db.station,
      db.visits,
      ...programmeTables(),
      db.meta,
    ],
    async () => {
      await applyChanges(page.changes);
      if (page.codes) {
        await db.codes.clear();
        await db.codes.bulkPut(page.codes.values);
        await setMeta('codesStamp', page.codes.stamp);
      }
      if (page.station) {
        await db.station.clear();
        await db.station.bulkPut([
          ...page.station.facilities.map((f) => ({
            id: f.id,
            kind: 'facility' as const,
            name: f.name,
            facilityId: null,
            code: f.code,
            facilityKind: f.kind,
          })),
          ...page.station.staff.map((s) => ({
            id: s.id,
            kind: 'staff' as const,
            name: s.fullName,
            facilityId: s.facilityId,
            title: s.title,
          })),
        ]);
      }
      if (page.due) {
        // With `dueFor`, only those people's items are replaced (docs/adr/0033, point 14).
        if (page.dueFor) await db.due.where('residentId').anyOf(page.dueFor).delete();
        else await db.due.clear();
        await db.due.bulkPut(page.due.map((d) => ({ ...d, key: `${d.kind}/${d.refId}` })));
        await setMeta('dueSince', page.next);
        await setMeta('dueDay', page.dueDay);
        await setMeta('dueScope', scope);
      }
      await setMeta('cursor', page.next);
      await setMeta('scope', scope);
      await setMeta('scopeName', page.scope.name);
    },
  );
}

/**
 * A page's changes in order, the upserts written in bulk (one IndexedDB request per table and run,
 * not one per row): a removal first writes what came before it, so the order of the page holds.
 */
async function applyChanges(changes: SyncChange[]): Promise<void> {
  const pending = new Map<SyncChange['entity'], unknown[]>();
  const flush = async () => {
    for (const [entity, rows] of pending) await tableOf(entity).bulkPut(rows as never[]);
    pending.clear();
  };
  for (const c of changes) {
    if (c.removed) {
      await flush();
      await applyChange(c);
    } else {
      const rows = pending.get(c.entity) ?? [];
      rows.push(c.data);
      pending.set(c.entity, rows);
    }
  }
  await flush();
}

function tableOf(entity: SyncChange['entity']) {
  const db = offlineDb;
  return {
    resident: db.residents,
    household: db.households,
    card: db.cards,
    conflict: db.conflicts,
    visit: db.visits,
    enrolment: db.enrolments,
    pregnancy: db.pregnancies,
    dose: db.doses,
    forecast: db.forecasts,
    measurement: db.measurements,
  }[entity] as unknown as { bulkPut: (rows: never[]) => Promise<unknown> };
}

async function applyChange(c: SyncChange): Promise<void> {
  const db = offlineDb;
  switch (c.entity) {
    case 'resident':
      if (c.removed) {
        // A person who left the scope leaves the device, with what hangs on them (not the outbox).
        await db.residents.delete(c.id);
        await db.cards.where('residentId').equals(c.id).delete();
        await db.due.where('residentId').equals(c.id).delete();
        await db.visits.where('residentId').equals(c.id).delete();
        for (const table of [db.enrolments, db.pregnancies, db.doses, db.measurements])
          await table.where('residentId').equals(c.id).delete();
        await db.forecasts.delete(c.id);
      } else await db.residents.put(c.data as never);
      return;
    case 'visit':
      await db.visits.put(c.data as never);
      return;
    case 'household':
      if (c.removed) await db.households.delete(c.id);
      else await db.households.put(c.data as never);
      return;
    case 'card':
      await db.cards.put(c.data as never);
      return;
    case 'conflict':
      await db.conflicts.put(c.data as never);
      return;
    default: {
      // Programme data: a removal (an ended enrolment or pregnancy, a voided dose, a corrected
      // measurement) drops the one row.
      const table = programmeTable(c.entity);
      if (c.removed) await table.delete(c.id);
      else await table.put(c.data as never);
    }
  }
}

/** The tables of programme data (issue 20): rows of one person each, dropped with the person. */
const programmeTables = () => {
  const db = offlineDb;
  return [db.enrolments, db.pregnancies, db.doses, db.forecasts, db.measurements];
};
function programmeTable(entity: SyncChange['entity']) {
  const db = offlineDb;
  const table = {
    enrolment: db.enrolments,
    pregnancy: db.pregnancies,
    dose: db.doses,
    forecast: db.forecasts,
    measurement: db.measurements,
  }[entity as 'enrolment'];
  if (!table) throw new Error(`unknown entity ${entity}`);
  return table as unknown as { put: (row: never) => Promise<unknown>; delete: (id: string) => Promise<void> };
}

async function pullAll(scope: string | undefined): Promise<number> {
  let pulled = 0;
  for (let pages = 0; pages < 1000; pages++) {
    const since = (await getMeta<number>('cursor')) ?? 0;
    const codes = await getMeta<string>('codesStamp');
    const params = new URLSearchParams({ since: String(since), limit: String(PAGE) });
    if (scope) params.set('scope', scope);
    if (codes) params.set('codes', codes);
    const page = await api.get<PullOut>(`/sync/pull?${params.toString()}`);
    await applyPage(page, page.scope.code);
    pulled += page.changes.length;
    if (!page.more) break;
  }
  // The budget (docs/adr/0033 point 11): visits older than the window leave the device.
  const from = new Date(Date.now() - VISIT_DAYS * 86_400_000).toISOString().slice(0, 10);
  await offlineDb.visits.where('visitDate').below(from).delete();
  // Measurements are kept for children under five: a child who turned five leaves them.
  const fiveYearsAgo = new Date(Date.now() - 5 * 365.25 * 86_400_000).toISOString().slice(0, 10);
  const older = await offlineDb.residents
    .where('id')
    .anyOf([...new Set((await offlineDb.measurements.toArray()).map((m) => m.residentId))])
    .filter((r) => !r.birthDate || r.birthDate <= fiveYearsAgo)
    .primaryKeys();
  if (older.length) await offlineDb.measurements.where('residentId').anyOf(older).delete();
  await rememberSession();
  await setMeta('lastSync', new Date().toISOString());
  return pulled;
}

/**
 * The scope's due items (the worklist of the coming 31 days), asked apart from the rows: computing
 * them is most of an incremental sync's time on the server, and the rows need not wait for them.
 */
async function refreshDue(): Promise<void> {
  const scope = await getMeta<string>('scope');
  const params = new URLSearchParams({
    since: String((await getMeta<number>('cursor')) ?? 0),
    limit: '1',
    due: 'true',
  });
  if (scope) params.set('scope', scope);
  // Where the device's due items stand: the server sends only what changed since, on the same day.
  const dueSince = await getMeta<number>('dueSince');
  const dueDay = await getMeta<string>('dueDay');
  if (dueSince && dueDay && scope && (await getMeta<string>('dueScope')) === scope) {
    params.set('dueSince', String(dueSince));
    params.set('dueDay', dueDay);
  }
  const codes = await getMeta<string>('codesStamp');
  if (codes) params.set('codes', codes);
  const page = await api.get<PullOut>(`/sync/pull?${params.toString()}`);
  await applyPage(page, page.scope.code);
}

/** How far back the server sends visits (src/modules/sync/pull.ts). */
const VISIT_DAYS = 365;

/**
 * Who is signed in and the commune, as the server said them at the last sync: the ordinary pages open
 * from these with the network down (./fallback.ts).
 */
async function rememberSession(): Promise<void> {
  const me = await api.get<{ unitCode?: string }>('/auth/me', { quiet401: true }).catch(() => undefined);
  if (!me) return;
  await setMeta('me', me);
  const scope = await getMeta<string>('scope');
  for (const code of new Set([scope, me.unitCode].filter(Boolean))) {
    const unit = await api.get(`/units/${code}`).catch(() => undefined);
    if (unit) await setMeta(code === scope ? 'unit' : 'ownUnit', unit);
  }
}

/** One sync: push before pull. Runs once at a time; a second call joins the running one. */
export function syncNow(scope?: string): Promise<SyncReport> {
  if (running) return running;
  setState({ running: true });
  running = (async () => {
    try {
      const { pushed, refused } = await pushOutbox();
      const pulled = await pullAll(scope ?? (await getMeta<string>('scope')));
      // The rows are in (and said so); the due items, computed by the server, follow.
      await refreshDue();
      setState({ running: false, error: null });
      return { pushed, refused, pulled };
    } catch (err) {
      const message =
        err instanceof ApiError ? (err.status === 0 ? 'network' : String(err.status)) : String(err);
      setState({ running: false, error: message });
      throw err;
    } finally {
      running = null;
    }
  })();
  return running;
}

/** Whether the device holds a working set at all. */
export async function hasWorkingSet(): Promise<boolean> {
  return (await getMeta<string>('lastSync')) !== undefined;
}

/** Drops a refused record the user gave up on (it was never on the server). */
export async function discardRecord(id: string): Promise<void> {
  await offlineDb.outbox.delete(id);
  // People and a household registered by the record leave the device with it (./writes.ts).
  await (await import('./writes')).dropLocalRows(id);
}

export type { OutboxRecord };
