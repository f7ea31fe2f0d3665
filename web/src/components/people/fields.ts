/**
 * Form values of the 831 record's sections. The record's JSON is edited as strings (what the inputs
 * hold) and turned back into the server's shape on save; the sections, their fields and their
 * labels are described once and serve the editor, the read-only view and the printed form.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { formatDate, parseDate } from '../../lib/format';
import { PLAUSIBILITY_CODES } from '../../../../src/modules/visits/contracts';

/** Codes of the plausibility rules' errors: their message (in the user's language) names the rule. */
const RULE_CODES: ReadonlySet<string> = new Set(PLAUSIBILITY_CODES);

type FieldType = 'text' | 'textarea' | 'number' | 'select' | 'yesno' | 'date' | 'check';

export interface FieldDef {
  /** A dot path in the section's object: `tobacco.status`. */
  key: string;
  type: FieldType;
  /** i18n key of the label. */
  label: string;
  /** For selects: the values and the i18n key prefix of their labels (`people.options.usage`). */
  options?: readonly string[];
  optionLabels?: string;
  /** Sent as '' (so the schema reports it) rather than null when left empty. */
  required?: boolean;
  /** Takes the whole row of the form grid. */
  wide?: boolean;
}

export type FormRow = Record<string, string>;

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next == null || typeof next !== 'object') cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

/** A stored value → what its input shows. */
function toText(def: FieldDef, value: unknown): string {
  if (value == null) return '';
  if (def.type === 'yesno') return value === true ? 'yes' : value === false ? 'no' : '';
  if (def.type === 'check') return value === true ? 'yes' : '';
  if (def.type === 'date') return formatDate(String(value));
  return String(value);
}

/** What an input holds → the value the schema checks (a bad date stays text, so the schema rejects it). */
function fromText(def: FieldDef, text: string): unknown {
  const v = text.trim();
  switch (def.type) {
    case 'yesno':
      return v === 'yes' ? true : v === 'no' ? false : null;
    case 'check':
      return v === 'yes';
    case 'number':
      return v === '' ? null : Number(v.replace(',', '.'));
    case 'date': {
      if (v === '') return def.required ? '' : null;
      const iso = parseDate(v);
      return iso ?? v;
    }
    default:
      return v === '' ? (def.required ? '' : null) : v;
  }
}

export function rowOf(fields: readonly FieldDef[], value: unknown): FormRow {
  return Object.fromEntries(fields.map((f) => [f.key, toText(f, getPath(value, f.key))]));
}

export function valueOf(fields: readonly FieldDef[], row: FormRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) setPath(out, f.key, fromText(f, row[f.key] ?? ''));
  return out;
}

/**
 * What a list item holds beyond the form's fields (a dose's mark from the immunization register,
 * `sourceId`; an examination's `visitId`), carried through an edit unchanged: the server keeps such
 * items in step with their module and would otherwise take the saved copy for one typed by hand.
 */
export const KEPT = '__kept';
export function keptRowOf(fields: readonly FieldDef[], item: unknown): FormRow {
  const row = rowOf(fields, item);
  const own = new Set(fields.map((f) => f.key.split('.')[0]));
  const extras =
    item && typeof item === 'object'
      ? Object.fromEntries(Object.entries(item).filter(([k]) => !own.has(k)))
      : {};
  return Object.keys(extras).length ? { ...row, [KEPT]: JSON.stringify(extras) } : row;
}

/** The item a row of `keptRowOf` saves: what it kept, then the form's fields. */
export function keptValueOf(fields: readonly FieldDef[], row: FormRow): Record<string, unknown> {
  return {
    ...(row[KEPT] ? (JSON.parse(row[KEPT]) as Record<string, unknown>) : {}),
    ...valueOf(fields, row),
  };
}

/** The value as a reader sees it: options translated, yes/no, dd/mm/yyyy, numbers in Vietnamese format. */
export function displayOf(t: TFunction, def: FieldDef, value: unknown): string {
  if (value == null || value === '') return '';
  if (def.type === 'yesno' || def.type === 'check') return value ? t('common.yes') : t('common.no');
  if (def.type === 'select' && def.optionLabels) return t(`${def.optionLabels}.${String(value)}`);
  if (def.type === 'date') return formatDate(String(value));
  if (def.type === 'number' && typeof value === 'number') return value.toLocaleString('vi-VN');
  return String(value);
}

/** A field error in the interface language, by field then by code (the same keys for the client's and the server's errors). */
function peopleFieldMessage(t: TFunction, field: string, code: string): string {
  const last = field.split('.').pop() ?? field;
  return t([
    `people.errors.field.${last}.${code}`,
    `people.errors.field.${last}.any`,
    `people.errors.code.${code}`,
    'errors.invalid',
  ]);
}

export interface Issue {
  path: string;
  code: string;
  /** The server's own message, kept when it states a rule and its limit (plausibility rules). */
  message?: string;
}

/** zod issues (client) → `a.0.b` paths. */
export function zodIssues(issues: readonly { path: readonly PropertyKey[]; code: string }[]): Issue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code }));
}

/** The server's field errors (`body.members.0.fullName`) → `members.0.fullName`. */
export function serverIssues(error: unknown): Issue[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? []).map((e) => ({
    path: e.path.replace(/^(body|query|params)\.?/, ''),
    code: e.code,
    ...(RULE_CODES.has(e.code) ? { message: e.message } : {}),
  }));
}

/** Issues under `prefix` (`history.allergies`), keyed by the rest of their path (`0.agent`); the others apart. */
export function issuesUnder(
  t: TFunction,
  issues: readonly Issue[],
  prefix: string,
): { errors: Record<string, string>; other: Issue[] } {
  const errors: Record<string, string> = {};
  const other: Issue[] = [];
  for (const issue of issues) {
    if (prefix === '' || issue.path === prefix || issue.path.startsWith(`${prefix}.`)) {
      const rest = prefix === '' ? issue.path : issue.path.slice(prefix.length + 1);
      if (rest && !errors[rest]) errors[rest] = issue.message ?? peopleFieldMessage(t, rest, issue.code);
      else if (!rest) other.push(issue);
    } else other.push(issue);
  }
  return { errors, other };
}
