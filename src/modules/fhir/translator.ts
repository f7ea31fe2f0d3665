/**
 * What a translator is: one FHIR resource type mapped onto the service of the module that owns the
 * data (a mapping, not a second store: issue 19 item 2, like OpenMRS FHIR2's translators). The routes,
 * the bundles and the CapabilityStatement know the resource types only through this interface.
 */
import type {
  CapabilityStatementRestResourceSearchParam,
  OperationOutcomeIssue,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { Actor } from '../../core/actor.js';
import type { Language } from '../../core/messages.js';
import type { Orm } from '../../db/connection.js';
import { fhirError, issue, type FieldPaths } from './outcome.js';

/** One request's context: who acts, in which language, and what ytcs could not keep of the input. */
export interface FhirContext {
  db: Orm;
  actor: Actor;
  lang: Language;
  /** The server's base URL (`http://host/fhir`), for links. */
  base: string;
  /** Warnings gathered while translating an input (elements ytcs does not keep, likely duplicates). */
  warnings: OperationOutcomeIssue[];
}

/** Search parameters as sent: each name with its values (repeated parameters are several values). */
export type SearchParams = Record<string, string[]>;

export interface Page {
  count: number;
  offset: number;
}

export interface SearchResult<R extends Resource> {
  resources: R[];
  /** Matches in all (undefined when the owner does not count them). */
  total: number | undefined;
}

export type SearchParamDef = CapabilityStatementRestResourceSearchParam & {
  type: NonNullable<CapabilityStatementRestResourceSearchParam['type']>;
};

export interface Translator<R extends Resource = Resource> {
  type: R['resourceType'];
  /** One line for the CapabilityStatement: where the data comes from. */
  documentation: string;
  /** Where the owner's input fields land in the resource, for its errors (outcome.ts). */
  paths: FieldPaths;
  searchParams: SearchParamDef[];
  read(ctx: FhirContext, id: string): Promise<R>;
  /**
   * The read as the JSON text the route sends, when the translator can make it cheaper than `read`
   * and a serialization (a Patient kept rendered while its profile is unchanged: docs/adr/0030).
   */
  readText?(ctx: FhirContext, id: string): Promise<{ text: string; versionId: string; lastUpdated: string }>;
  vread?(ctx: FhirContext, id: string, versionId: string): Promise<R>;
  /** Every version kept, newest first. */
  history?(ctx: FhirContext, id: string): Promise<R[]>;
  search?(ctx: FhirContext, params: SearchParams, page: Page): Promise<SearchResult<R>>;
  create?(ctx: FhirContext, resource: R): Promise<R>;
  /** `ifMatch`: the version the client changed (`If-Match: W/"3"`), 412 when it is not the current one. */
  update?(ctx: FhirContext, id: string, resource: R, ifMatch: string | undefined): Promise<R>;
  /** The references a resource holds for each search parameter that `_include` may follow. */
  references?: Record<string, (resource: R) => (Reference | undefined)[]>;
}

// ---------------------------------------------------------------- helpers the translators share

/** A FHIR id of a ytcs row (a UUID), or 404 for anything else. */
export function uuidOf(type: string, id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw fhirError(404, 'not-found', `${type}/${id} not found`);
  return id.toLowerCase();
}

/** The id a reference points at when it is `Type/id` (or a full URL ending so), else undefined. */
export function referenceId(reference: string | undefined, type: string): string | undefined {
  if (!reference) return undefined;
  const m = new RegExp(`(?:^|/)${type}/([A-Za-z0-9.-]{1,64})(?:/_history/[^/]+)?$`).exec(reference);
  return m?.[1];
}

/** A reference parameter's value as an id of `type` (`Patient/…`, `…/Patient/…` or a bare id). */
export function referenceParam(value: string, type: string): string {
  const id = value.includes('/') ? referenceId(value, type) : value;
  if (!id) throw fhirError(400, 'invalid', `${value} is not a reference to a ${type}`);
  return id;
}

export function one(params: SearchParams, name: string): string | undefined {
  const values = params[name];
  if (!values?.length) return undefined;
  if (values.length > 1) throw fhirError(400, 'not-supported', `ytcs takes one value of ${name}`);
  return values[0];
}

/** A `token` value: `system|code`, `|code` or `code`. */
export function token(value: string): { system: string | undefined; code: string } {
  const bar = value.indexOf('|');
  return bar < 0
    ? { system: undefined, code: value }
    : { system: value.slice(0, bar), code: value.slice(bar + 1) };
}

const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;

/**
 * A `date` search value as the inclusive range of days it asks for (`ge2020` → from 2020-01-01,
 * `1990-05` → the month, `lt2020-01-01` → to 2019-12-31). ytcs dates are days, so times are cut.
 */
export function dateRange(value: string): { from?: string; to?: string } {
  const prefix = DATE_PREFIXES.find((p) => value.startsWith(p));
  const date = (prefix ? value.slice(2) : value).slice(0, 10);
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date))
    throw fhirError(400, 'invalid', `${value} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
  const first = date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
  // A day that is none (2025-02-30, month 13): refused here, not turned into another day or a 500.
  const parsed = new Date(`${first}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== first)
    throw fhirError(400, 'invalid', `${value} is not a date of the calendar`);
  const last =
    date.length === 4
      ? `${date}-12-31`
      : date.length === 7
        ? new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0)).toISOString().slice(0, 10)
        : date;
  const dayBefore = (d: string) =>
    new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const dayAfter = (d: string) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  switch (prefix ?? 'eq') {
    case 'eq':
    case 'ap':
      return { from: first, to: last };
    case 'gt':
    case 'sa':
      return { from: dayAfter(last) };
    case 'ge':
      return { from: first };
    case 'lt':
    case 'eb':
      return { to: dayBefore(first) };
    case 'le':
      return { to: last };
    default:
      throw fhirError(400, 'not-supported', `the prefix ${prefix} is not supported on dates`);
  }
}

/** All the ranges of the repeated values of a date parameter (AND), intersected. */
export function dateRanges(values: string[] | undefined): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  for (const v of values ?? []) {
    const r = dateRange(v);
    if (r.from && (!out.from || r.from > out.from)) out.from = r.from;
    if (r.to && (!out.to || r.to < out.to)) out.to = r.to;
  }
  return out;
}

export function inRange(day: string | null | undefined, range: { from?: string; to?: string }): boolean {
  if (!range.from && !range.to) return true;
  if (!day) return false;
  return (!range.from || day >= range.from) && (!range.to || day <= range.to);
}

/**
 * A page of matches the translator holds whole (a patient's cards, a visit's parts, a catalogue): the
 * slice the page asks for, and their number in all. The bundle's paging links are the dispatcher's.
 */
export function pageOf<T>(all: readonly T[], page: Page): { resources: T[]; total: number } {
  return { resources: all.slice(page.offset, page.offset + page.count), total: all.length };
}

/**
 * The result of a read or list a search starts from, or `none` when it is 404 (a patient, visit or
 * staff member unknown or outside the area: the search finds nothing, it does not fail).
 */
export async function unlessNotFound<T, N>(work: Promise<T>, none: N): Promise<T | N> {
  try {
    return await work;
  } catch (err) {
    if ((err as { status?: number } | undefined)?.status === 404) return none;
    throw err;
  }
}

/** Refuses the parameters a translator does not know (FHIR lets a server ignore them; ytcs says so). */
export function checkParams(type: string, params: SearchParams, known: SearchParamDef[]): void {
  const names = new Set(known.map((p) => p.name));
  for (const name of Object.keys(params))
    if (!names.has(name.split(':')[0]!))
      throw fhirError(400, 'not-supported', `${type} has no search parameter ${name} in ytcs`, name);
}

/**
 * Warnings for the top-level elements of an input that ytcs does not keep: reported, never silently
 * dropped (issue 19 item 6).
 */
export function unkept(ctx: FhirContext, resource: Resource, kept: readonly string[]): void {
  const keep = new Set(['resourceType', 'id', 'meta', 'text', ...kept]);
  for (const [key, value] of Object.entries(resource)) {
    if (value === undefined) continue;
    // `_birthDate`: the extensions of a primitive element (a birth time), never kept.
    const path = key.startsWith('_')
      ? `${resource.resourceType}.${key.slice(1)}.extension`
      : `${resource.resourceType}.${key}`;
    if (!keep.has(key) || key.startsWith('_'))
      ctx.warnings.push(issue('warning', 'informational', `ytcs does not keep ${path}`, path));
  }
}

export const dropped = (ctx: FhirContext, expression: string, text: string) =>
  ctx.warnings.push(issue('warning', 'informational', text, expression));

/** Both the searched date and `_lastUpdated` ranges, as ISO instants (`_lastUpdated` compares days). */
export function lastUpdatedOk(updatedAt: string, params: SearchParams): boolean {
  return inRange(updatedAt.slice(0, 10), dateRanges(params['_lastUpdated']));
}

/** A reference to `Type/id` (a plain object: assignable to any `Reference<T>`). */
export const reference = (
  type: string,
  id: string,
  display?: string | null,
): { reference: string; display?: string } => ({
  reference: `${type}/${id}`,
  ...(display ? { display } : {}),
});
