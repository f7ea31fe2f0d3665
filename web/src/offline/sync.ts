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

const PAGE = 2000;
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
    [db.residents, db.households, db.cards, db.conflicts, db.codes, db.due, db.station, db.meta],
    async () => {
      for (const c of page.changes) await applyChange(c);
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
          })),
          ...page.station.staff.map((s) => ({
            id: s.id,
            kind: 'staff' as const,
            name: s.fullName,
            facilityId: s.facilityId,
          })),
        ]);
      }
      if (page.due) {
        await db.due.clear();
        await db.due.bulkPut(page.due.map((d) => ({ ...d, key: `${d.kind}/${d.refId}` })));
      }
      await setMeta('cursor', page.next);
      await setMeta('scope', scope);
      await setMeta('scopeName', page.scope.name);
    },
  );
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
      } else await db.residents.put(c.data as never);
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
  }
}

async function pullAll(scope: string | undefined): Promise<number> {
  let pulled = 0;
  for (let pages = 0; pages < 1000; pages++) {
    const since = (await getMeta<number>('cursor')) ?? 0;
    const codes = await getMeta<string>('codesStamp');
    const params = new URLSearchParams({ since: String(since), limit: String(PAGE), due: 'true' });
    if (scope) params.set('scope', scope);
    if (codes) params.set('codes', codes);
    const page = await api.get<PullOut>(`/sync/pull?${params.toString()}`);
    await applyPage(page, page.scope.code);
    pulled += page.changes.length;
    if (!page.more) break;
  }
  await setMeta('lastSync', new Date().toISOString());
  return pulled;
}

/** One sync: push before pull. Runs once at a time; a second call joins the running one. */
export function syncNow(scope?: string): Promise<SyncReport> {
  if (running) return running;
  setState({ running: true });
  running = (async () => {
    try {
      const { pushed, refused } = await pushOutbox();
      const pulled = await pullAll(scope ?? (await getMeta<string>('scope')));
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
}

export type { OutboxRecord };
