// The worklist contract (danh sách việc cần làm; issue 14): what is due for a station or a hamlet today.
// Each module publishes its due items as SQL over its own tables in its index.ts (visits: re-examinations;
// ncd: follow-ups and yearly checks; immunization: doses; maternal: antenatal and postnatal visits;
// referrals: slips awaiting feedback …); the worklist module only unions them, orders, pages and names
// the people. It lives in core so that modules can implement it without importing the worklist module,
// exactly as the indicator counters do (core/counters.ts).
import type { SQL } from 'drizzle-orm';
import type { Permission } from './permissions.js';

/** What a source is asked for. */
export interface DueContext {
  /** The day the list is for (ISO date); an item is overdue when its `due_on` is before it. */
  today: string;
  /** Items due up to this day (inclusive, ISO date): `today` plus the list's look-ahead. */
  until: string;
  /**
   * The part of the unit tree asked for, as an ltree path (a commune's, or a hamlet's for a village
   * health worker): a source returns only items whose `unit_path` is at or below it. Sources should
   * filter with it early (`unit_path <@ ${ctx.under}::ltree`) so that a station's list reads only
   * its own rows.
   */
  under: string;
  /**
   * Only these people's items are wanted (an SQL expression of a `uuid[]`), when set: a source may
   * filter its people early with it (`resident_id = ANY(${ctx.people})`) for speed; the worklist
   * keeps only their rows whatever the source returns. Unset: everyone under `under`.
   */
  people?: SQL;
}

/**
 * Whose items of a kind may have changed since a value of the change sequence (an incremental sync's
 * due items, docs/adr/0033): `people(since)` is a relation `(resident_id uuid)` of the people whose
 * rows in the source's per-person tables were written after `since` (a person may come more than
 * once); `everyone` names the tables of `sources` whose any write may change anyone's items (a
 * schedule, a definition, an alert, a facility's name): a write to one after `since` means the whole
 * list. Every table of `sources` is covered by one or the other.
 */
export interface DueChanges {
  people: (since: SQL) => SQL;
  everyone: readonly string[];
}

/**
 * A module's due items: SQL yielding one row per thing to do, with exactly these columns:
 *
 * | column      | type   | meaning                                                                  |
 * |-------------|--------|--------------------------------------------------------------------------|
 * | kind        | text   | the source's `kind` (e.g. `visits.re_examination`)                        |
 * | ref_id      | text   | the record to act on (the appointment's visit, the enrolment, the dose)  |
 * | resident_id | uuid   | the person                                                               |
 * | unit_path   | ltree  | where the person is counted (their hamlet or commune)                    |
 * | due_on      | date   | since when it is due (the appointment's day, the dose's recommended day)  |
 * | priority    | int    | 0 = first (high risk, urgent) … 9 = routine; the list sorts by it first  |
 * | reason      | text   | a message key the web renders (`worklist.reason.<key>`), in the user's language |
 * | detail      | jsonb  | the key's parameters (`{"condition":"hypertension","lastBp":"182/112"}`)  |
 *
 * Items hidden for a while (a call answered "will come") are simply not returned until they are due
 * again. The worklist joins the residents itself (name, birth date, phone, hamlet): a source returns
 * only its own columns.
 */
export type DueItems = ((ctx: DueContext) => SQL) & {
  /** The kind of item, `<module>.<what>`; also the `kind` column of every row. */
  readonly kind: string;
  /** Who may see these items (a role without it never gets them in its list). */
  readonly permission: Permission;
  /** The tables read (each with a `change_seq`), as a counter's `sources`. */
  readonly sources: readonly string[];
  /** Whose items may have changed since a change sequence value (without it: anyone's). */
  readonly changed?: DueChanges;
};
export type DueItemsRegistry = Readonly<Record<string, DueItems>>;

/** Due items of one kind. */
export function dueItems(
  kind: string,
  permission: Permission,
  sources: readonly string[],
  items: (ctx: DueContext) => SQL,
  changed?: DueChanges,
): DueItems {
  return Object.assign(items, { kind, permission, sources, ...(changed ? { changed } : {}) });
}
