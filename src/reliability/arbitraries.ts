/**
 * fast-check arbitraries from a route's zod schema, by way of its JSON Schema (`z.toJSONSchema`):
 * no maintained zod → fast-check package supports zod 4 (zod-fast-check 0.10 needs zod 3 and
 * fast-check 3), and the JSON Schema is what the API publishes anyway. Two kinds:
 * - `validArb`: values the schema most likely accepts (formats, patterns, bounds, enums);
 * - `fuzzArb`: the same shapes with some nodes replaced by a boundary value (one past a length or
 *   range, a date that does not exist), a hostile one (wrong type, oversized, NUL, lone surrogates,
 *   combining marks, right-to-left overrides) or an object with a required key missing or an
 *   unknown one added.
 * Whether an input is valid is not guessed from the generator: the tests ask the zod schema itself.
 */
import fc from 'fast-check';
import { z } from 'zod';

type Json = Record<string, unknown>;
export type JsonSchema = Json | boolean;

/** The JSON Schema of a route part, as the input side sees it (before transforms). */
export function jsonSchemaOf(schema: z.ZodType): Json {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', cycles: 'ref' }) as Json;
  } catch {
    return {};
  }
}

/** Strings that have broken parsers, collations and renderers before. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '\u200b\u200d\ufeff',
  'Nguye\u0302\u0303n', // NFD: combining marks on their own
  'Nguyễn Thị Ánh',
  '👩‍👩‍👧‍👦🇻🇳',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  "'; DROP TABLE residents; --",
  '%00%2e%2e%2f',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '\\',
  '"',
  '\r\n\t',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '0x10',
  '9'.repeat(40),
  'ǅ'.repeat(3),
  'ß'.repeat(5),
  'İ',
  '٣٤٥',
];

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  0.1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e308,
  -1e308,
  5e-324,
];

/** A string too long for anything: 1 k to 200 k characters (multi-byte ones too). */
const oversizedString = fc
  .tuple(fc.integer({ min: 1000, max: 200_000 }), fc.constantFrom('a', 'ạ', '𝔘', '\u0301', '9'))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: oversizedString },
);

/** Any JSON value a client might send where something else was expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '': '' }) },
  { weight: 1, arbitrary: fc.array(fc.constant('x'), { minLength: 1000, maxLength: 5000 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 50, max: 400 }).map((depth) => {
      let v: unknown = 'deep';
      for (let i = 0; i < depth; i++) v = { a: [v] };
      return v;
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const dateArb = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map(isoDate);
const dateTimeArb = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());

function resolveRef(schema: Json, root: Json): Json {
  const ref = schema.$ref as string;
  const parts = ref.replace(/^#\//, '').split('/');
  let node: unknown = root;
  for (const p of parts) node = (node as Json | undefined)?.[p];
  return (node as Json | undefined) ?? {};
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function stringArb(s: Json): fc.Arbitrary<string> {
  const minLength = num(s.minLength) ?? 0;
  const maxLength = Math.min(num(s.maxLength) ?? 40, minLength + 40);
  const fits = (v: string) => v.length >= minLength && v.length <= (num(s.maxLength) ?? Infinity);
  switch (s.format) {
    case 'date':
      return dateArb;
    case 'date-time':
      return dateTimeArb;
    case 'uuid':
      return fc.uuid({ version: 7 });
    case 'email':
      return fc.emailAddress();
  }
  if (typeof s.pattern === 'string') {
    try {
      const re = new RegExp(s.pattern, 'u');
      return fc
        .stringMatching(re)
        .map((v) => v.slice(0, num(s.maxLength) ?? v.length))
        .filter((v) => fits(v) && re.test(v));
    } catch {
      /* a pattern fast-check cannot read: plain strings */
    }
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme-composite' });
}

function numberArb(s: Json, integer: boolean): fc.Arbitrary<number> {
  let min = num(s.minimum) ?? num(s.exclusiveMinimum) ?? -1000;
  let max = num(s.maximum) ?? num(s.exclusiveMaximum) ?? 100_000;
  if (s.exclusiveMinimum !== undefined) min += integer ? 1 : 1e-9;
  if (s.exclusiveMaximum !== undefined) max -= integer ? 1 : 1e-9;
  if (integer) {
    min = Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER);
    max = Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER);
    return max >= min ? fc.integer({ min, max }) : fc.constant(min);
  }
  return max >= min
    ? fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v))
    : fc.constant(min);
}

/** Values one step inside and outside the schema's limits. */
export function boundaryValues(s: Json): unknown[] {
  const out: unknown[] = [];
  const type = s.type;
  if (type === 'string' || s.format || s.pattern) {
    const min = num(s.minLength);
    const max = num(s.maxLength);
    for (const n of [
      min,
      min !== undefined ? min - 1 : undefined,
      max,
      max !== undefined ? max + 1 : undefined,
    ])
      if (n !== undefined && n >= 0) out.push('ạ'.repeat(n), 'a'.repeat(n));
    if (s.format === 'date' || (typeof s.pattern === 'string' && s.pattern.includes('02-29')))
      out.push('2024-02-29', '2023-02-29', '2026-13-01', '0000-01-01', '9999-12-31', '2026-1-1', '20260101');
    if (s.format === 'uuid')
      out.push('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'not-a-uuid');
  }
  if (type === 'integer' || type === 'number') {
    for (const b of [s.minimum, s.maximum, s.exclusiveMinimum, s.exclusiveMaximum])
      if (typeof b === 'number') out.push(b, b - 1, b + 1, b - 0.5, b + 0.5);
    out.push(0, -1, 2 ** 53, 1.5);
  }
  if (type === 'array') {
    const max = num(s.maxItems);
    if (max !== undefined) out.push(Array.from({ length: max + 1 }, () => null));
    out.push([]);
  }
  if (Array.isArray(s.enum))
    out.push(...s.enum.map((v) => (typeof v === 'string' ? v.toUpperCase() + ' ' : v)));
  return out;
}

interface Options {
  /** Replace some nodes by boundary or hostile values, drop required keys, add unknown ones. */
  fuzz: boolean;
  root: Json;
  depth: number;
}

function build(schema: JsonSchema, o: Options): fc.Arbitrary<unknown> {
  const inner = shape(schema, o);
  if (!o.fuzz || typeof schema === 'boolean') return inner;
  const boundary = boundaryValues(schema);
  return fc.oneof(
    { weight: 12, arbitrary: inner },
    ...(boundary.length ? [{ weight: 2, arbitrary: fc.constantFrom(...boundary) }] : []),
    { weight: 1, arbitrary: hostileValue },
  );
}

function shape(schema: JsonSchema, o: Options): fc.Arbitrary<unknown> {
  if (schema === true || schema === false) return fc.constantFrom('x', 1, null, true);
  if (o.depth > 8) return fc.constant(null);
  const next = { ...o, depth: o.depth + 1 };
  const s = schema.$ref ? resolveRef(schema, o.root) : schema;
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...(s.enum as unknown[]));
  const branches = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (branches?.length) return fc.oneof(...branches.map((b) => build(b, next)));
  if (Array.isArray(s.allOf) && s.allOf.length)
    return shape(
      Object.assign({}, ...(s.allOf as Json[]).map((p) => (p.$ref ? resolveRef(p, o.root) : p))),
      o,
    );
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => shape({ ...s, type: t }, o)));
  switch (s.type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = build((s.items as JsonSchema | undefined) ?? true, next);
      const minLength = num(s.minItems) ?? 0;
      const maxLength = Math.min(num(s.maxItems) ?? minLength + 3, minLength + 3);
      if (Array.isArray(s.prefixItems))
        return fc.tuple(...(s.prefixItems as JsonSchema[]).map((p) => build(p, next)));
      return fc.array(items, { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      const keys = Object.keys(props);
      if (!keys.length && s.type === undefined) return fc.constantFrom<unknown>('x', 1, null, {}, []);
      const required = ((s.required ?? []) as string[]).filter((k) => k in props);
      const model = Object.fromEntries(keys.map((k) => [k, build(props[k]!, next)]));
      let obj: fc.Arbitrary<Record<string, unknown>> = fc.record(model, { requiredKeys: required });
      if (!keys.length && s.additionalProperties && typeof s.additionalProperties === 'object')
        obj = fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }),
          build(s.additionalProperties as JsonSchema, next),
          { maxKeys: 3 },
        );
      if (!o.fuzz) return obj;
      return fc.oneof(
        { weight: 10, arbitrary: obj },
        {
          weight: 1,
          arbitrary: fc
            .tuple(obj, fc.constantFrom(...(required.length ? required : ['__none__'])))
            .map(([v, k]) => {
              const copy = { ...v };
              delete copy[k];
              return copy;
            }),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(obj, fc.constantFrom('__proto__', 'constructor', 'unknownField', ''), hostileValue)
            .map(([v, k, extra]) => JSON.parse(JSON.stringify({ ...v, [k]: extra })) as unknown),
        },
      );
    }
    default:
      return fc.constant(null);
  }
}

/** Values the schema (most likely) accepts. */
export function validArb(schema: Json): fc.Arbitrary<unknown> {
  return build(schema, { fuzz: false, root: schema, depth: 0 });
}

/** Values of the schema's shape with malformed, boundary, oversized and unicode parts. */
export function fuzzArb(schema: Json): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: validArb(schema) },
    { weight: 6, arbitrary: build(schema, { fuzz: true, root: schema, depth: 0 }) },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** A value as a query string or path segment carries it: text. */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(v);
}

export const looksLikeDate = (v: unknown): boolean => typeof v === 'string' && DATE_RE.test(v);
