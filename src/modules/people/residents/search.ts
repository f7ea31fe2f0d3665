/**
 * The search that finds a person by name (with or without diacritics), personal ID, insurance code,
 * phone, birth year or hamlet, and the lists of residents (docs/adr/0011, 0017, 0018).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { today } from '../../../core/clock.js';
import type { Page, Paging } from '../../../core/paging.js';
import { isEmbedded, preparedRows, rows, withGenericPlans, type Executor } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';
import { auditPerson } from '../access.js';
import { normaliseCardCode, normalisePhone } from '../identity.js';
import { unitPathOf } from '../places.js';
import { insuredOn } from '../population.js';
import type { ResidentFound, ResidentStatus } from './contracts.js';
import { summaryColumns, summaryFrom } from './profile.js';

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
          SELECT h.id FROM ${unitsRelation} h WHERE h.level = 'hamlet' AND h.path <@ ${actor.scopePath}::ltree
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
