/**
 * The FHIR interactions over the translators: one dispatcher for a request (method, path, query,
 * body), used by the HTTP routes and by each entry of a batch or transaction Bundle. Search bundles
 * with paging links, `_summary=count`, `_include`/`_revinclude`, `Patient/$everything`.
 */
import type {
  Bundle,
  BundleEntry,
  BundleLink,
  OperationOutcome,
  OperationOutcomeIssue,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { Orm } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import { AppError } from '../../core/errors.js';
import { capabilityStatement } from './capability.js';
import { validationIssues } from './definitions.js';
import { asFhirError, fhirError, FhirError, issue, outcome } from './outcome.js';
import { TRANSLATORS, translatorOf } from './registry.js';
import type { FhirContext, SearchParams, Translator } from './translator.js';

export interface FhirRequest {
  method: string;
  /** Below the base, without the query: `Patient/…/_history/2`. */
  path: string;
  query: SearchParams;
  body?: unknown;
  /** The version of `If-Match: W/"3"` (3). */
  ifMatch?: string | undefined;
  /** `Prefer: return=…`. */
  prefer?: 'minimal' | 'representation' | 'OperationOutcome' | undefined;
  /** `Prefer: handling=strict`: an unknown search parameter is an error, not ignored. */
  strict?: boolean | undefined;
  /** The answer may be JSON text (`FhirResponse.text`) instead of a resource: the HTTP route's reads. */
  asText?: boolean | undefined;
}

export interface FhirResponse {
  status: number;
  body?: Resource | undefined;
  /** The resource as JSON text, sent as it is (a read asked `asText`), instead of `body`. */
  text?: string | undefined;
  location?: string | undefined;
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** Warnings of a create or update (what ytcs did not keep), for a bundle entry's outcome. */
  outcome?: OperationOutcome | undefined;
}

const DEFAULT_COUNT = 20;
const MAX_COUNT = 100;
const RESULT_PARAMS = new Set([
  '_count',
  '_offset',
  '_summary',
  '_include',
  '_revinclude',
  '_total',
  '_format',
  '_pretty',
]);

export const SERVER_VERSION = '0.1.0';

/** The version a client gave in `If-Match` (`W/"3"` or `3`). */
export function versionOfETag(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(?:W\/)?"?([^"]+)"?$/.exec(value.trim());
  return m?.[1];
}

function translator(type: string): Translator {
  const t = translatorOf(type);
  if (!t) throw fhirError(404, 'not-supported', `ytcs does not serve the resource type ${type}`);
  return t;
}

function versioned(ctx: FhirContext, r: Resource, status = 200): FhirResponse {
  const vid = r.meta?.versionId;
  return {
    status,
    body: r,
    ...(vid ? { etag: `W/"${vid}"` } : {}),
    ...(r.meta?.lastUpdated ? { lastModified: new Date(r.meta.lastUpdated).toUTCString() } : {}),
    ...(status === 201
      ? { location: `${ctx.base}/${r.resourceType}/${r.id}${vid ? `/_history/${vid}` : ''}` }
      : {}),
  };
}

function written(ctx: FhirContext, r: Resource, status: number, prefer: FhirRequest['prefer']): FhirResponse {
  const out = versioned(ctx, r, status);
  const issues: OperationOutcomeIssue[] = [
    issue(
      'information',
      'informational',
      `${r.resourceType}/${r.id} ${status === 201 ? 'created' : 'updated'}`,
    ),
    ...ctx.warnings,
  ];
  out.outcome = outcome(issues);
  if (prefer === 'minimal') out.body = undefined;
  if (prefer === 'OperationOutcome') out.body = out.outcome;
  return out;
}

/** The resource of a create or update: valid against its StructureDefinition, of the URL's type. */
function resourceOf(type: string, body: unknown): Resource {
  const issues = validationIssues(body);
  if (issues.length) throw new FhirError(400, issues);
  const r = body as Resource;
  if (r.resourceType !== type)
    throw fhirError(400, 'invalid', `the body is a ${r.resourceType}, the URL a ${type}`, 'resourceType');
  return r;
}

function intParam(query: SearchParams, name: string, fallback: number, max: number): number {
  const raw = query[name]?.[0];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw fhirError(400, 'invalid', `${name} is a whole number`, name);
  return Math.min(n, max);
}

const linkTo = (
  ctx: FhirContext,
  path: string,
  query: SearchParams,
  offset: number,
  count: number,
): string => {
  const q = new URLSearchParams();
  for (const [k, values] of Object.entries(query))
    if (k !== '_offset' && k !== '_count') for (const v of values) q.append(k, v);
  q.set('_count', String(count));
  if (offset) q.set('_offset', String(offset));
  return `${ctx.base}/${path}?${q.toString()}`;
};

async function readReference(ctx: FhirContext, ref: Reference | undefined): Promise<Resource | undefined> {
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})$/.exec(ref?.reference ?? '');
  const t = m && translatorOf(m[1]!);
  if (!t) return undefined;
  try {
    return await t.read(ctx, m[2]!);
  } catch (err) {
    // A referenced record outside the area, or gone: left out of the bundle (not revealed).
    if ((err instanceof FhirError || err instanceof AppError) && err.status === 404) return undefined;
    throw err;
  }
}

async function search(ctx: FhirContext, type: string, given: SearchParams, strict = false): Promise<Bundle> {
  const t = translator(type);
  if (!t.search) throw fhirError(400, 'not-supported', `${type} is not searchable in ytcs`);
  // Unknown parameters are left out and said so (FHIR's lenient handling), or refused when strict.
  const known = new Set(t.searchParams.map((p) => p.name));
  const ignored = Object.keys(given).filter((k) => !RESULT_PARAMS.has(k) && !known.has(k.split(':')[0]!));
  if (ignored.length && strict)
    throw fhirError(
      400,
      'not-supported',
      `${type} has no search parameter ${ignored.join(', ')} in ytcs`,
      ignored[0],
    );
  const query: SearchParams = Object.fromEntries(Object.entries(given).filter(([k]) => !ignored.includes(k)));
  const count = intParam(query, '_count', DEFAULT_COUNT, MAX_COUNT);
  const offset = intParam(query, '_offset', 0, 10_000_000);
  const summary = query['_summary']?.[0];
  const params: SearchParams = {};
  for (const [k, v] of Object.entries(query)) if (!RESULT_PARAMS.has(k)) params[k] = v;
  const counting = summary === 'count' || count === 0;
  const found = await t.search(ctx, params, { count: counting ? 1 : count, offset: counting ? 0 : offset });
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(found.total !== undefined ? { total: found.total } : {}),
  };
  if (counting) return bundle;
  const link: BundleLink[] = [
    { relation: 'self', url: linkTo(ctx, type, query, offset, count) },
    { relation: 'first', url: linkTo(ctx, type, query, 0, count) },
  ];
  const more = found.total !== undefined ? offset + count < found.total : found.resources.length === count;
  if (more) link.push({ relation: 'next', url: linkTo(ctx, type, query, offset + count, count) });
  if (offset > 0)
    link.push({ relation: 'previous', url: linkTo(ctx, type, query, Math.max(0, offset - count), count) });
  bundle.link = link;
  const entry: BundleEntry[] = found.resources.map((r) => ({
    fullUrl: `${ctx.base}/${r.resourceType}/${r.id}`,
    resource: r,
    search: { mode: 'match' },
  }));
  const seen = new Set(entry.map((e) => e.fullUrl));
  const add = (r: Resource | undefined) => {
    const url = r && `${ctx.base}/${r.resourceType}/${r.id}`;
    if (!r || !url || seen.has(url)) return;
    seen.add(url);
    entry.push({ fullUrl: url, resource: r, search: { mode: 'include' } });
  };
  for (const spec of query['_include'] ?? []) {
    const [source, param] = spec.split(':');
    const refs = source === type && param ? t.references?.[param] : undefined;
    if (!refs) throw fhirError(400, 'not-supported', `ytcs does not include ${spec}`, '_include');
    for (const r of found.resources) for (const ref of refs(r)) add(await readReference(ctx, ref));
  }
  for (const spec of query['_revinclude'] ?? []) {
    const [source, param] = spec.split(':');
    const other = source ? translatorOf(source) : undefined;
    if (!other?.search || !param || !other.references?.[param])
      throw fhirError(400, 'not-supported', `ytcs does not reverse-include ${spec}`, '_revinclude');
    for (const r of found.resources) {
      const pointing = await other.search(
        ctx,
        { [param]: [`${type}/${r.id}`] },
        { count: MAX_COUNT, offset: 0 },
      );
      for (const x of pointing.resources) add(x);
    }
  }
  if (ignored.length)
    entry.push({
      resource: outcome(
        ignored.map((k) =>
          issue('warning', 'not-supported', `the search parameter ${k} is not supported: ignored`, k),
        ),
      ),
      search: { mode: 'outcome' },
    });
  bundle.entry = entry;
  return bundle;
}

/** Patient/$everything: the patient and every resource that names it, of the types ytcs serves. */
async function everything(ctx: FhirContext, id: string): Promise<Bundle> {
  const patient = await translator('Patient').read(ctx, id);
  const entry: BundleEntry[] = [
    { fullUrl: `${ctx.base}/Patient/${patient.id}`, resource: patient, search: { mode: 'match' } },
  ];
  for (const t of TRANSLATORS) {
    if (t.type === 'Patient' || !t.search || !t.searchParams.some((p) => p.name === 'patient')) continue;
    for (let offset = 0; ; offset += MAX_COUNT) {
      const page = await t.search(ctx, { patient: [`Patient/${patient.id}`] }, { count: MAX_COUNT, offset });
      for (const r of page.resources)
        entry.push({
          fullUrl: `${ctx.base}/${r.resourceType}/${r.id}`,
          resource: r,
          search: { mode: 'match' },
        });
      if (page.resources.length < MAX_COUNT) break;
    }
  }
  return { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry };
}

function historyBundle(ctx: FhirContext, versions: Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'history',
    total: versions.length,
    entry: versions.map((r) => ({
      fullUrl: `${ctx.base}/${r.resourceType}/${r.id}`,
      resource: r,
      request: { method: r.meta?.versionId === '1' ? 'POST' : 'PUT', url: `${r.resourceType}/${r.id}` },
      response: { status: '200', etag: `W/"${r.meta?.versionId}"`, lastModified: r.meta?.lastUpdated },
    })),
  };
}

/** One FHIR interaction. Errors are thrown (FhirError, or ytcs's AppError for the route to translate). */
export async function interact(ctx: FhirContext, req: FhirRequest): Promise<FhirResponse> {
  const parts = req.path.split('/').filter(Boolean);
  const method = req.method.toUpperCase();
  const [type, id, third, fourth] = parts;
  if (!type) {
    if (method === 'POST') return { status: 200, body: await bundle(ctx, req.body) };
    throw fhirError(400, 'not-supported', 'the base answers POST of a batch or transaction Bundle');
  }
  if (type === 'metadata' && parts.length === 1 && method === 'GET')
    return {
      status: 200,
      body: capabilityStatement(TRANSLATORS, { base: ctx.base, version: SERVER_VERSION }),
    };
  const t = translator(type);
  const unsupported = () => fhirError(405, 'not-supported', `${method} ${req.path} is not supported by ytcs`);
  if (parts.length === 1) {
    if (method === 'GET') return { status: 200, body: await search(ctx, type, req.query, req.strict) };
    if (method === 'POST') {
      if (!t.create) throw unsupported();
      const created = await t.create(ctx, resourceOf(type, req.body));
      return written(ctx, created, 201, req.prefer);
    }
    throw unsupported();
  }
  if (id === '_search' && parts.length === 2 && method === 'POST')
    return { status: 200, body: await search(ctx, type, req.query, req.strict) };
  if (id === '_history') throw unsupported();
  if (parts.length === 2) {
    if (method === 'GET' && req.asText && t.readText) {
      const r = await t.readText(ctx, id!);
      return {
        status: 200,
        text: r.text,
        etag: `W/"${r.versionId}"`,
        lastModified: new Date(r.lastUpdated).toUTCString(),
      };
    }
    if (method === 'GET') return versioned(ctx, await t.read(ctx, id!));
    if (method === 'PUT') {
      if (!t.update) throw unsupported();
      const updated = await t.update(ctx, id!, resourceOf(type, req.body), req.ifMatch);
      return written(ctx, updated, 200, req.prefer);
    }
    if (method === 'DELETE')
      throw fhirError(405, 'not-supported', 'ytcs deletes no record (it keeps versions and voids)');
    throw unsupported();
  }
  if (third === '$everything' && type === 'Patient' && parts.length === 3 && method === 'GET')
    return { status: 200, body: await everything(ctx, id!) };
  if (third === '_history' && method === 'GET') {
    if (parts.length === 3) {
      if (!t.history) throw unsupported();
      return { status: 200, body: historyBundle(ctx, await t.history(ctx, id!)) };
    }
    if (parts.length === 4) {
      if (!t.vread) throw unsupported();
      return versioned(ctx, await t.vread(ctx, id!, fourth!));
    }
  }
  throw unsupported();
}

// ---------------------------------------------------------------- batch and transaction

/** Where an entry's request points: its method, path and query. */
function entryRequest(entry: BundleEntry, index: number): FhirRequest {
  const r = entry.request;
  if (!r?.method || !r.url)
    throw fhirError(
      400,
      'required',
      'each entry has a request with a method and a url',
      `Bundle.entry[${index}].request`,
    );
  const [path, qs] = r.url.replace(/^\//, '').split('?');
  const query: SearchParams = {};
  for (const [k, v] of new URLSearchParams(qs ?? '')) (query[k] ??= []).push(v);
  return {
    method: r.method,
    path: path!.replace(/^https?:\/\/[^/]+\/fhir\/?/, ''),
    query,
    body: entry.resource,
    ifMatch: versionOfETag(r.ifMatch),
  };
}

function entryResponse(res: FhirResponse): BundleEntry {
  return {
    ...(res.body ? { resource: res.body } : {}),
    response: {
      status: String(res.status),
      ...(res.location ? { location: res.location } : {}),
      ...(res.etag ? { etag: res.etag } : {}),
      ...(res.lastModified ? { lastModified: res.lastModified } : {}),
      ...(res.outcome ? { outcome: res.outcome } : {}),
    },
  };
}

const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

/**
 * The order entries run in: deletes, creates, updates, reads (as FHIR asks), and among the creates one
 * that names another's `urn:uuid:` after it (its id is known only once created).
 */
function runOrder(entries: BundleEntry[]): { e: BundleEntry; i: number }[] {
  const sorted = entries
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        (ORDER[a.e.request?.method ?? 'GET'] ?? 3) - (ORDER[b.e.request?.method ?? 'GET'] ?? 3) || a.i - b.i,
    );
  const pending = new Set(
    sorted.filter((x) => x.e.fullUrl?.startsWith('urn:uuid:')).map((x) => x.e.fullUrl!),
  );
  const out: { e: BundleEntry; i: number }[] = [];
  const left = [...sorted];
  while (left.length) {
    const waits = (x: { e: BundleEntry }) => {
      const text = JSON.stringify(x.e.resource ?? {});
      return [...pending].some((u) => u !== x.e.fullUrl && text.includes(`"${u}"`));
    };
    const k = Math.max(
      0,
      left.findIndex((x) => !waits(x)),
    );
    const [next] = left.splice(k, 1);
    out.push(next!);
    if (next!.e.fullUrl) pending.delete(next!.e.fullUrl);
  }
  return out;
}

/** Replaces `urn:uuid:…` references of the entries still to run with the ids given so far. */
function resolveReferences(body: unknown, ids: Map<string, string>): unknown {
  if (!ids.size || body === undefined) return body;
  return JSON.parse(JSON.stringify(body), (key, value: unknown) =>
    key === 'reference' && typeof value === 'string' && ids.has(value) ? ids.get(value) : value,
  );
}

async function bundle(ctx: FhirContext, body: unknown): Promise<Bundle> {
  const issues = validationIssues(body);
  if (issues.length) throw new FhirError(400, issues);
  const b = body as Bundle;
  if (b.resourceType !== 'Bundle' || (b.type !== 'batch' && b.type !== 'transaction'))
    throw fhirError(
      400,
      'invalid',
      'POST to the base takes a Bundle of type batch or transaction',
      'Bundle.type',
    );
  const entries = b.entry ?? [];
  if (entries.length > 1000)
    throw fhirError(400, 'too-long', 'at most 1,000 entries in a Bundle', 'Bundle.entry');
  const order = runOrder(entries);
  const out: BundleEntry[] = new Array(entries.length);
  if (b.type === 'transaction') {
    await ctx.db.transaction(async (tx) => {
      const txCtx: FhirContext = { ...ctx, db: tx as unknown as Orm };
      const ids = new Map<string, string>();
      for (const { e, i } of order) {
        txCtx.warnings = [];
        const req = entryRequest(e, i);
        req.body = resolveReferences(req.body, ids);
        try {
          const res = await interact(txCtx, req);
          if (e.fullUrl?.startsWith('urn:uuid:') && res.body?.id && req.method.toUpperCase() === 'POST')
            ids.set(e.fullUrl, `${res.body.resourceType}/${res.body.id}`);
          out[i] = entryResponse(res);
        } catch (err) {
          // All or nothing: the first failure rolls the whole transaction back, naming its entry.
          const f = asFhirError(
            err,
            ctx.lang,
            req.path.split('/')[0],
            translatorOf(req.path.split('/')[0] ?? '')?.paths,
          );
          if (f) {
            for (const x of f.issues)
              x.diagnostics = `Bundle.entry[${i}]${x.diagnostics ? `: ${x.diagnostics}` : ''}`;
            if (err instanceof AppError && err.denial) throw Object.assign(f, { denial: err.denial });
          }
          throw f ?? err;
        }
      }
    });
    return { resourceType: 'Bundle', type: 'transaction-response', entry: out };
  }
  for (const { e, i } of order) {
    ctx.warnings = [];
    try {
      out[i] = entryResponse(await interact(ctx, entryRequest(e, i)));
    } catch (err) {
      const type = e.request?.url?.split(/[/?]/)[0];
      const f = asFhirError(err, ctx.lang, type, type ? translatorOf(type)?.paths : undefined);
      if (!f) throw err;
      if (err instanceof AppError && err.denial) await auditDenial(ctx, err, e.request?.method ?? 'GET');
      out[i] = { response: { status: String(f.status), outcome: outcome(f.issues) } };
    }
  }
  return { resourceType: 'Bundle', type: 'batch-response', entry: out };
}

/** A refusal of access (a record outside the area) is audited, as the JSON API's error handler does. */
export async function auditDenial(ctx: FhirContext, err: AppError, method: string): Promise<void> {
  const d = err.denial!;
  await audit(ctx.db, ctx.actor, {
    action: 'denied',
    entityType: d.entityType,
    entityId: d.entityId ?? null,
    unitPath: ctx.actor.scopePath,
    outcome: 'denied',
    details: { ...(d.details ?? {}), method, route: '/fhir' },
  });
}
