/**
 * The search that finds a person by name (with or without diacritics), personal ID, insurance code,
 * phone, birth year or hamlet, and the lists of residents (docs/adr/0011, 0017, 0018).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { today } from '../../../core/clock.js';
import type { Paging } from '../../../core/paging.js';
import { isEmbedded, preparedRows, rows, withGenericPlans, type Executor } from '../../../db/connection.js';
import { unitsRelation } from '../../network/index.js';
import { auditPerson } from '../access.js';
import { normaliseCardCode, normalisePhone } from '../identity.js';
import { unitPathOf } from '../places.js';
import { insuredOn } from '../population.js';
import type { ResidentSearchPage, ResidentStatus } from './contracts.js';
import { summaryColumns, summaryFrom } from './profile.js';

export interface ResidentFilter {
  q?: string | undefined;
  unit?: string | undefined;
  household?: string | undefined;
  /** Default: living residents (`active`); `all` includes the dead, moved out and merged. */
  status?: ResidentStatus | 'all' | undefined;
}

/**
 * How many matches a search outside one commune ranks and counts at most (docs/adr/0023): past it the
 * page says "more than N" (`moreThanTotal`) and the best of the first N matches are listed, every
 * exact match of the name among them.
 */
export const SEARCH_BOUND = 100;

export interface SearchOptions {
  /** `SEARCH_BOUND` unless a test lowers it. */
  bound?: number;
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
  options: SearchOptions = {},
): Promise<string> {
  requirePermission(actor, 'person.read');
  const bound = Math.max(1, Math.floor(options.bound ?? SEARCH_BOUND));
  const unitPath = filter.unit ? await unitPathOf(db, filter.unit) : null;
  const areas = [actor.scopePath, ...(unitPath ? [unitPath] : [])];
  // Inside a commune or a hamlet (`post2025.p22.c06862…`, at most a few ten thousand residents): the
  // commune's label, which keys its entries in the name-token index.
  const labels = areas.map((path) => path.split('.'));
  const commune = labels.find((l) => l.length >= 3)?.[2];
  const smallArea = commune !== undefined;
  // Wider (a province, `post2025.p22`): the province's label, which keys its entries in the wide
  // name-token index (docs/adr/0023). The whole country has no key: its names go through the trigram index.
  const province = smallArea ? undefined : labels.find((l) => l.length >= 2)?.[1];
  const conditions: SQL[] = [];
  if (filter.household) conditions.push(sql`r.household_id = ${filter.household}`);
  const status = filter.status ?? 'active';
  if (status !== 'all') conditions.push(sql`r.status = ${status}`);
  let score: SQL = sql`NULL::real`;
  let text:
    { words: SQL; hamlets: SQL; exact: SQL | undefined; near: SQL | undefined; fuzzy: SQL } | undefined;
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
      // Every word as the beginning of a word of the name ("nguyen hung" finds "Nguyễn Văn Hùng", "nguyen
      // van hu" finds it while typing), or the hamlet's name. Each word is looked up in the entries of
      // a name-token index keyed by the area, which read a short posting list whatever the size of
      // the database:
      // - inside one commune, the commune's entries of ytcs_name_tokens (docs/adr/0011);
      // - wider, the province's entries of ytcs_wide_name_tokens, which also holds each whole name
      //   (`p22=nguyen van hung`), so that the exact matches are found apart (docs/adr/0023).
      // The whole country has neither: there every word of three letters or more goes through the
      // trigram index, and shorter ones ("an", "hà") match whole words, checked on the rows found.
      const wideTokens = sql`ytcs_wide_name_tokens(subpath(r.unit_path, 1, 1)::text, r.search_name)`;
      const communeTokens = sql`ytcs_name_tokens(subpath(r.unit_path, 2, 1)::text, ytcs_search_key(r.full_name))`;
      // The first two letters of each typed word ("nguyen van hugn": ng va hu), for a misspelt name.
      const beginnings = sql`(SELECT string_agg(left(w, 2), ' ') FROM unnest(string_to_array(${key}, ' ')) AS w)`;
      const words = commune
        ? sql`${communeTokens} @> ytcs_name_query(${commune}::text, ${key})`
        : province
          ? sql`${wideTokens} @> ytcs_name_query(${province}::text, ${key})`
          : sql.join(
              tokens.map((t) =>
                stripMarks(t).length < 3
                  ? sql`(' ' || ${name} || ' ') LIKE '% ' || ytcs_search_key(${t}) || ' %'`
                  : sql`${name} LIKE '%' || ytcs_search_key(${t}) || '%'`,
              ),
              sql` AND `,
            );
      text = {
        words,
        hamlets: sql`r.current_unit_id = ANY(ARRAY(
          SELECT h.id FROM ${unitsRelation} h WHERE h.level = 'hamlet' AND h.path <@ ${actor.scopePath}::ltree
            AND ytcs_search_key(h.full_name) LIKE '%' || ${key} || '%'))`,
        exact: province ? sql`${wideTokens} @> ARRAY[${province}::text || '=' || ${key}]` : undefined,
        // A misspelt name ("nguyen van hugn"): trigram similarity, tried only when nothing else matched
        // (on common names it reads far more of the index). On the embedded database the `%` operator
        // was seen to leave the session broken, about one test run in three (a query's resources
        // left open, then the backend spinning: docs/adr/0013); there the same threshold (pg_trgm's
        // default, 0.3) is compared on the area's rows, which never broke in twelve runs.
        fuzzy: isEmbedded(db) ? sql`similarity(${name}, ${key}) >= 0.3` : sql`${name} % ${key}`,
        // Before that, a misspelt name is looked for among the residents whose words begin with the
        // first two letters of the typed ones, through the area's name tokens, with the same threshold:
        // a few hundred names compared in a commune instead of the trigram index read for the common
        // syllables (200 ms at 1 M residents on PostgreSQL). A misspelling in the first two letters
        // still falls through to `fuzzy`.
        near: commune
          ? sql`${communeTokens} @> ytcs_name_query(${commune}::text, ${beginnings})
              AND similarity(${name}, ${key}) >= 0.3`
          : province
            ? sql`${wideTokens} @> ytcs_name_query(${province}::text, ${beginnings})
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
      // An exact match scores 3 + its similarity, always 1 (not computed).
      score = sql`(CASE WHEN ${name} = ${keyOnce} THEN 4 ELSE CASE WHEN ${name} LIKE ${keyOnce} || ' %' OR ${name} LIKE '% ' || ${keyOnce} THEN 2
          WHEN ${rankWords} THEN 1 ELSE 0 END + similarity(${name}, ${keyOnce}) END)::real`;
      order = sql`score DESC, r.full_name, r.birth_year, r.id`;
    }
  }
  // The page is chosen on the residents alone (match, rank, count) and only its rows are joined to their
  // units: joined before, every match was, and the planner hashed all admin units for it (~8 of the
  // 22 ms of a commune user's name search at 1 M residents on PostgreSQL, more for province-wide matches).
  // Inside a commune or a hamlet the page is one named statement per shape, run on its generic plan
  // (withGenericPlans, docs/adr/0018): planned for its values it cost ~0.9 ms of planning a search for
  // a plan no better. Wider, a name, ID, phone or card search is too (its rows come from its own index
  // whatever the value, docs/adr/0023); a list or a birth year alone is planned for its values.
  // "Insured today" is computed for the page's rows only, in the outer query.
  // The area through the unit path's GiST index; or, when a name-token index (keyed by the area)
  // or an ID, phone or card finds the rows, checked on the rows found: read through the GiST, a
  // commune of 11,000 residents cost a millisecond for nothing.
  const areaConditions = (filterOnly: boolean) =>
    areas.map((path) =>
      filterOnly ? sql`ltree_risparent(r.unit_path, ${path}::ltree)` : sql`r.unit_path <@ ${path}::ltree`,
    );
  const where = (extra: SQL[], filterOnly: boolean) =>
    sql.join([...areaConditions(filterOnly), ...conditions, ...extra], sql` AND `);
  // The page as the database writes it: the items' JSON in the page's order (numbered by `n`), their
  // ids for the audit, the number of matches and whether there are more than that. `chosen` gives
  // the page's ids with their score, `total` and `more`.
  const write = async (chosen: SQL, generic = smallArea) =>
    (
      await (generic ? preparedRows : rows)<{
        items: string | null;
        ids: string[] | null;
        total: number | null;
        more: boolean | null;
      }>(
        generic ? withGenericPlans(db) : db,
        sql`SELECT json_agg(to_jsonb(x) - 'total' - 'more' - 'n' ORDER BY x.n)::text AS items,
            array_agg(x.id ORDER BY x.n)::text[] AS ids, max(x.total)::int AS total, bool_or(x.more) AS more
          FROM (SELECT ${summaryColumns}, page.score, page.total, page.more, ${insuredOn(sql`r.id`, sql`${today()}::date`)} AS "insuredToday",
              row_number() OVER (ORDER BY ${order}) AS n
            FROM (${chosen}) page
            JOIN (${summaryFrom}) ON r.id = page.id) x`,
      )
    )[0]!;
  // Inside a commune or a hamlet: every match ranked and counted (a few thousand at most).
  const everyMatch = (extra: SQL[], filterOnly: boolean) =>
    write(sql`SELECT r.id, ${score} AS score, count(*) OVER ()::int AS total, false AS more FROM residents r
      WHERE ${where(extra, filterOnly)} ORDER BY ${order} LIMIT ${paging.limit} OFFSET ${paging.offset}`);
  // Wider, without a name (a list, a birth year alone, an ID, phone or card): the page in order, and
  // the matches counted up to the bound. An ID, phone or card finds its few rows through its own
  // index whatever the value: on the generic plan; a list or a year is planned for its values.
  const countedUpToBound = (filterOnly: boolean) =>
    write(
      sql`SELECT r.id, ${score} AS score, least(m.n, ${bound})::int AS total, m.n > ${bound} AS more
      FROM residents r, (SELECT count(*)::int AS n FROM (SELECT FROM residents r WHERE ${where([], filterOnly)} LIMIT ${sql.raw(String(bound + 1))}) c) m
      WHERE ${where([], filterOnly)} ORDER BY ${order} LIMIT ${paging.limit} OFFSET ${paging.offset}`,
      filterOnly,
    );
  // Wider, with a name (docs/adr/0023): each way of matching reads at most `bound` + 1 rows, in the
  // order its index gives them, with the area and the other conditions checked inside that scan, and
  // only while the ones before it have not found more than `bound`:
  // 1. the exact matches of the whole name (ranked first: when they are more than `bound`, the best
  //    `bound` are all among them, and the longer lists of the words' posting lists are never read);
  // 2. the names with every word (the exact matches are read apart, in 1, lest 201 names that merely
  //    contain the words, in storage order, crowd them out of the first page);
  // 3. the residents of the hamlets of that name (ranked below every name match).
  // Only what was read is ranked and counted: more than `bound` is "more than `bound`", and pages
  // stop at `bound`.
  // In a province, one named statement per shape, on its generic plan (docs/adr/0018): the
  // name-token index is the only way to the rows whatever the words, and planning the statement for
  // its values cost more than running it. The limits are written into the text, so that the plan
  // knows them. The trigram searches (the whole country; a misspelling's last resort) are planned for
  // their values: a generic plan could scan the table for a word that is nowhere.
  const take = sql.raw(String(bound + 1));
  const arm = (match: SQL, when: SQL[]) =>
    sql`SELECT r.id, r.search_name, r.full_name, r.birth_year FROM residents r
         WHERE ${sql.join([...when, where([match], true)], sql` AND `)} LIMIT ${take}`;
  const bestOfBounded = (ways: SQL[], generic: boolean) => {
    const steps = ways.map((match, i) => {
      // Run only when no way before it found more than `bound`.
      const earlier = ways.slice(0, i).map((_, j) => sql.raw(`(SELECT count(*) FROM way${j}) <= ${bound}`));
      return sql`${sql.raw(`way${i}`)} AS MATERIALIZED (${arm(match, earlier)})`;
    });
    return write(
      sql`WITH ${sql.join(steps, sql`, `)},
      found AS MATERIALIZED (${sql.raw(ways.map((_, i) => `SELECT * FROM way${i}`).join(' UNION '))}),
      counted AS (SELECT count(*)::int AS n FROM found)
      SELECT r.id, ${score} AS score, least(c.n, ${bound})::int AS total, c.n > ${bound} AS more
      FROM found r, counted c ORDER BY ${order}
      LIMIT ${Math.max(0, Math.min(paging.limit, bound - paging.offset))} OFFSET ${paging.offset}`,
      generic,
    );
  };
  let page: Awaited<ReturnType<typeof write>>;
  if (smallArea || !text) {
    // The area is only checked on the rows found when the rows come from an index of their own: a
    // name in a commune (the name-token index), or a personal ID, phone or card (a few rows at most).
    const filterOnly = text !== undefined || lookup;
    page = smallArea
      ? await everyMatch(text ? [sql`(${text.words} OR ${text.hamlets})`] : [], filterOnly)
      : await countedUpToBound(lookup);
    if (text?.near && !page.ids && paging.offset === 0) page = await everyMatch([text.near], true);
    if (text && !page.ids && paging.offset === 0) page = await everyMatch([text.fuzzy], false);
  } else {
    const keyed = province !== undefined;
    page = await bestOfBounded([...(text.exact ? [text.exact] : []), text.words, text.hamlets], keyed);
    if (text.near && !page.ids && paging.offset === 0) page = await bestOfBounded([text.near], keyed);
    if (!page.ids && paging.offset === 0) page = await bestOfBounded([text.fuzzy], false);
  }
  const ids = page.ids ?? [];
  await auditPerson(db, actor, 'list', null, actor.scopePath, { filter, count: ids.length, ids });
  return `{"items":${page.items ?? '[]'},"total":${page.total ?? 0},"moreThanTotal":${page.more === true},"limit":${paging.limit},"offset":${paging.offset}}`;
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
  options: SearchOptions = {},
): Promise<ResidentSearchPage> {
  return JSON.parse(await searchResidentsJson(db, actor, filter, paging, options)) as ResidentSearchPage;
}
