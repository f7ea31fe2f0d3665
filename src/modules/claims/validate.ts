/**
 * Checks claim XML against the standard's field rules (required elements, lengths, formats, numbers
 * with the right digits, allowed codes, element order) and the arithmetic between them (line amounts
 * from quantity × price × rates, and the XML1 totals as sums of the XML2/XML3 lines).
 */
import type { ClaimIssue } from './contracts.js';
import {
  add,
  digitCounts,
  equal,
  formatDecimal,
  multiply,
  parseDecimal,
  percent,
  rescale,
  subtract,
  sum,
  ZERO,
  type Scaled,
} from './money.js';
import {
  costGroupsOf,
  type ClaimStandard,
  type ClaimTable,
  type FieldSpec,
  type TableSpec,
} from './standard.js';
import { XmlReadError, readEnvelope, readTable, type ReadRecord } from './xml.js';

/** ICD-10 code as the Ministry's list writes it: letter, two digits, optional dot and 1–2 characters. */
const ICD10 = /^[A-Z]\d{2}(\.[0-9A-Z]{1,2})?[*+]?$/;
const CARD = /^[A-Z]{2}\d{13}$/;
/** A practising-certificate code (số chứng chỉ hành nghề) such as 000123/QNI-CCHN; never a placeholder. */
const CERTIFICATE = /^[0-9A-Za-z][0-9A-Za-z/.-]{0,49}$/;

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isDate8(v: string): boolean {
  if (!/^\d{8}$/.test(v)) return false;
  return validDate(+v.slice(0, 4), +v.slice(4, 6), +v.slice(6, 8));
}

function isDateTime12(v: string): boolean {
  if (!/^\d{12}$/.test(v) || !isDate8(v.slice(0, 8))) return false;
  return +v.slice(8, 10) < 24 && +v.slice(10, 12) < 60;
}

/** Birth: yyyyMMddHHmm where an unknown month/day is 00 and an unknown time 0000. */
function isBirth(v: string): boolean {
  if (!/^\d{12}$/.test(v)) return false;
  const [m, d, h, min] = [+v.slice(4, 6), +v.slice(6, 8), +v.slice(8, 10), +v.slice(10, 12)];
  if (h >= 24 || min >= 60) return false;
  if (m === 0) return d === 0;
  if (d === 0) return m <= 12;
  return validDate(+v.slice(0, 4), m, d);
}

const list = (v: string) => v.split(';');

function formatOk(format: NonNullable<Extract<FieldSpec, { type: 'string' }>['format']>, v: string) {
  switch (format) {
    case 'datetime':
      return isDateTime12(v);
    case 'date':
      return isDate8(v);
    case 'birth':
      return isBirth(v);
    case 'dateList':
      return list(v).every(isDate8);
    case 'cardList':
      return list(v).every((x) => CARD.test(x));
    case 'icd10':
      return ICD10.test(v);
    case 'icd10List':
      return list(v).every((x) => ICD10.test(x));
    case 'facility':
      return /^[0-9A-Z]{5}$/.test(v);
    case 'personalId':
      return /^(\d{9}|\d{12}|[A-Z]\d{7})$/.test(v);
    case 'decimal2':
      return /^\d+(\.\d{1,2})?$/.test(v);
    case 'province':
      return /^\d{2}$/.test(v);
    case 'commune':
      return /^\d{5}$/.test(v);
    case 'socialInsuranceNumber':
      return /^\d{10}$/.test(v);
    case 'certificateList':
      return list(v).every((x) => CERTIFICATE.test(x));
  }
}

const FORMAT_TEXT: Record<string, string> = {
  datetime: 'yyyyMMddHHmm',
  date: 'yyyyMMdd',
  birth: 'yyyyMMddHHmm (00 for an unknown month, day or time)',
  dateList: 'yyyyMMdd, several separated by ;',
  cardList: 'a 15-character card code (2 letters, 13 digits), several separated by ;',
  icd10: 'an ICD-10 code such as I10 or E11.9',
  icd10List: 'ICD-10 codes separated by ;',
  facility: 'a 5-character facility code',
  personalId: '9 or 12 digits, or a passport number',
  decimal2: 'a number with at most 2 decimals',
  province: "the province's 2-digit code",
  commune: "the commune's 5-digit code",
  socialInsuranceNumber: 'a 10-digit social-insurance number',
  certificateList: 'practising-certificate codes (letters, digits, / . -), several separated by ;',
};

interface Context {
  table: string;
  claimId: string | null;
  base: string;
  issues: ClaimIssue[];
}

function report(ctx: Context, field: string | null, code: ClaimIssue['code'], message: string) {
  ctx.issues.push({
    path: field ? `${ctx.base}.${field}` : ctx.base,
    table: ctx.table,
    claimId: ctx.claimId,
    field,
    code,
    message,
  });
}

/** Checks one record's elements against the table's field rules. */
export function checkRecord(
  spec: TableSpec,
  record: ReadRecord,
  ctx: Context,
  options: { insured: boolean },
): void {
  const known = new Map(spec.fields.map((f, i) => [f.name, i]));
  let last = -1;
  for (const name of record.names) {
    const index = known.get(name);
    if (index === undefined) {
      report(ctx, name, 'unknown_element', `${ctx.table} has no element ${name}`);
      continue;
    }
    if (index < last) report(ctx, name, 'out_of_order', `${name} is out of the standard's order`);
    last = Math.max(last, index);
  }
  for (const f of spec.fields) {
    const v = record.values[f.name] ?? '';
    const required =
      f.required === true ||
      (f.required === 'insured' && options.insured) ||
      (f.requiredWhen !== undefined &&
        f.requiredWhen.values.includes(record.values[f.requiredWhen.field] ?? ''));
    if (v === '') {
      if (required) report(ctx, f.name, 'required', `${f.name} is required`);
      continue;
    }
    if (f.type === 'string') {
      if (f.max !== null && [...v].length > f.max)
        report(ctx, f.name, 'too_long', `${f.name} has ${[...v].length} characters, at most ${f.max}`);
      if (f.format && !formatOk(f.format, v))
        report(ctx, f.name, 'invalid_format', `${f.name} "${v}" is not ${FORMAT_TEXT[f.format]}`);
      if (f.maxItems !== undefined && list(v).length > f.maxItems)
        report(ctx, f.name, 'invalid_value', `${f.name} lists more than ${f.maxItems} codes`);
    } else {
      const parsed = parseDecimal(v);
      const digits = digitCounts(v);
      if (!parsed || v.startsWith('-'))
        report(ctx, f.name, 'invalid_number', `${f.name} "${v}" is not a non-negative number`);
      else if (digits.fraction > f.scale || digits.integer > f.precision - f.scale)
        report(
          ctx,
          f.name,
          'invalid_number',
          `${f.name} "${v}" does not fit NUMERIC(${f.precision},${f.scale})`,
        );
    }
    if (f.values && !f.values.includes(v))
      report(ctx, f.name, 'invalid_value', `${f.name} "${v}" is not one of ${f.values.join(', ')}`);
  }
}

const num = (r: ReadRecord, name: string): Scaled => parseDecimal(r.values[name] ?? '') ?? ZERO;
const pct = (r: ReadRecord, name: string) => Number(r.values[name] ?? '0') || 0;

function expectAmount(ctx: Context, r: ReadRecord, field: string, expected: Scaled, formula: string) {
  const actual = parseDecimal(r.values[field] ?? '');
  if (!actual) return; // reported by the field rules
  const want = rescale(expected, 2);
  // Tolerance of one đồng-cent for rounding done in a different order by the producing software.
  const diff = subtract(rescale(actual, 2), want).units;
  if (diff > 1n || diff < -1n)
    report(
      ctx,
      field,
      'wrong_amount',
      `${field} is ${r.values[field]}, expected ${formatDecimal(want)} (${formula})`,
    );
}

/** Line arithmetic of XML2 (drugs) and XML3 (services, supplies). */
function checkLine(ctx: Context, r: ReadRecord, table: 'XML2' | 'XML3') {
  const qty = num(r, 'SO_LUONG');
  const bv =
    table === 'XML2'
      ? multiply(qty, num(r, 'DON_GIA'))
      : multiply(qty, num(r, 'DON_GIA_BV'), percent(pct(r, 'TYLE_TT_DV')));
  const bh =
    table === 'XML2'
      ? multiply(qty, num(r, 'DON_GIA'), percent(pct(r, 'TYLE_TT_BH')))
      : multiply(qty, num(r, 'DON_GIA_BH'), percent(pct(r, 'TYLE_TT_DV')), percent(pct(r, 'TYLE_TT_BH')));
  const priceName = table === 'XML2' ? 'DON_GIA' : 'DON_GIA_BV';
  expectAmount(
    ctx,
    r,
    'THANH_TIEN_BV',
    bv,
    `SO_LUONG × ${priceName}${table === 'XML3' ? ' × TYLE_TT_DV' : ''}`,
  );
  expectAmount(ctx, r, 'THANH_TIEN_BH', bh, 'SO_LUONG × price × rates');
  const sources = sum(
    ['T_NGUONKHAC_NSNN', 'T_NGUONKHAC_VTNN', 'T_NGUONKHAC_VTTN', 'T_NGUONKHAC_CL'].map((n) => num(r, n)),
  );
  expectAmount(ctx, r, 'T_NGUONKHAC', sources, 'sum of T_NGUONKHAC_*');
  if (num(r, 'T_NGUONKHAC').units === 0n) {
    const lineBh = num(r, 'THANH_TIEN_BH');
    const bhtt = rescale(multiply(lineBh, percent(pct(r, 'MUC_HUONG'))), 2);
    expectAmount(ctx, r, 'T_BHTT', bhtt, 'THANH_TIEN_BH × MUC_HUONG');
    expectAmount(ctx, r, 'T_BNCCT', subtract(lineBh, num(r, 'T_BHTT')), 'THANH_TIEN_BH − T_BHTT');
    expectAmount(
      ctx,
      r,
      'T_BNTT',
      subtract(num(r, 'THANH_TIEN_BV'), lineBh),
      'THANH_TIEN_BV − THANH_TIEN_BH',
    );
  } else {
    const shares = add(
      add(num(r, 'T_BHTT'), num(r, 'T_BNCCT')),
      add(num(r, 'T_BNTT'), num(r, 'T_NGUONKHAC')),
    );
    expectAmount(ctx, r, 'THANH_TIEN_BV', shares, 'T_BHTT + T_BNCCT + T_BNTT + T_NGUONKHAC');
  }
}

/** XML1 totals against the lines of the same visit. */
function checkTotals(
  standard: ClaimStandard,
  ctx: Context,
  x1: ReadRecord,
  drugs: ReadRecord[],
  services: ReadRecord[],
) {
  const supply = costGroupsOf(standard, 'supply');
  const lines = [...drugs, ...services];
  const total = (name: string, of = lines) => sum(of.map((r) => num(r, name)));
  const expectTotal = (field: string, value: Scaled, formula: string) => {
    if (!equal(num(x1, field), value))
      report(
        ctx,
        field,
        'wrong_total',
        `${field} is ${x1.values[field] || '0'}, expected ${formatDecimal(rescale(value, 2))} (${formula})`,
      );
  };
  expectTotal('T_THUOC', total('THANH_TIEN_BV', drugs), 'sum of XML2 THANH_TIEN_BV');
  expectTotal(
    'T_VTYT',
    total(
      'THANH_TIEN_BV',
      services.filter((s) => supply.has(Number(s.values.MA_NHOM))),
    ),
    'sum of XML3 THANH_TIEN_BV of supplies',
  );
  expectTotal('T_TONGCHI_BV', total('THANH_TIEN_BV'), 'sum of XML2 and XML3 THANH_TIEN_BV');
  expectTotal('T_TONGCHI_BH', total('THANH_TIEN_BH'), 'sum of XML2 and XML3 THANH_TIEN_BH');
  expectTotal('T_BNTT', total('T_BNTT'), 'sum of the lines T_BNTT');
  expectTotal('T_BNCCT', total('T_BNCCT'), 'sum of the lines T_BNCCT');
  expectTotal('T_BHTT', total('T_BHTT'), 'sum of the lines T_BHTT');
  expectTotal('T_NGUONKHAC', total('T_NGUONKHAC'), 'sum of the lines T_NGUONKHAC');
  expectTotal('T_BHTT', subtract(num(x1, 'T_TONGCHI_BH'), num(x1, 'T_BNCCT')), 'T_TONGCHI_BH − T_BNCCT');
  expectTotal(
    'T_BHTT_GDV',
    total(
      'T_BHTT',
      lines.filter((l) => l.values.MA_PTTT === '1'),
    ),
    'sum of T_BHTT of lines paid by fee for service (MA_PTTT 1)',
  );
  const shares = sum(['T_BHTT', 'T_BNCCT', 'T_BNTT', 'T_NGUONKHAC'].map((n) => num(x1, n)));
  expectTotal('T_TONGCHI_BV', shares, 'T_BHTT + T_BNCCT + T_BNTT + T_NGUONKHAC');
  const vao = x1.values.NGAY_VAO ?? '';
  const ra = x1.values.NGAY_RA ?? '';
  if (isDateTime12(vao) && isDateTime12(ra) && ra < vao)
    report(ctx, 'NGAY_RA', 'invalid_value', 'NGAY_RA is before NGAY_VAO');
}

/**
 * Checks one visit's tables (already read). `base` prefixes the paths, e.g. `HOSO[1]`.
 */
export function checkClaim(
  standard: ClaimStandard,
  tables: Partial<Record<ClaimTable, ReadRecord[]>>,
  base: string,
): ClaimIssue[] {
  const issues: ClaimIssue[] = [];
  const x1 = tables.XML1?.[0];
  const claimId = x1?.values.MA_LK ?? null;
  if (!x1 || (tables.XML1?.length ?? 0) !== 1) {
    issues.push({
      path: `${base}.XML1`,
      table: 'XML1',
      claimId,
      field: null,
      code: 'required',
      message: 'each record (HOSO) needs exactly one XML1 summary',
    });
    return issues;
  }
  const insured = (x1.values.MA_THE_BHYT ?? '') !== '';
  for (const table of Object.keys(tables) as ClaimTable[]) {
    const records = tables[table] ?? [];
    records.forEach((r, i) => {
      const single = standard.tables[table].list === null;
      const ctx: Context = { table, claimId, base: `${base}.${table}${single ? '' : `[${i + 1}]`}`, issues };
      checkRecord(standard.tables[table], r, ctx, { insured });
      if (table !== 'XML1' && r.values.MA_LK !== claimId)
        report(
          ctx,
          'MA_LK',
          'invalid_value',
          `MA_LK "${r.values.MA_LK}" differs from the summary's "${claimId}"`,
        );
      if (table === 'XML2' || table === 'XML3') checkLine(ctx, r, table);
    });
  }
  checkTotals(
    standard,
    { table: 'XML1', claimId, base: `${base}.XML1`, issues },
    x1,
    tables.XML2 ?? [],
    tables.XML3 ?? [],
  );
  return issues;
}

/** Validates a whole GIAMDINHHS envelope: structure, every table of every record, the totals. */
export function validateEnvelope(standard: ClaimStandard, xml: string): ClaimIssue[] {
  const envelopeIssue = (path: string, message: string): ClaimIssue => ({
    path,
    table: standard.envelope.root,
    claimId: null,
    field: null,
    code: 'invalid_envelope',
    message,
  });
  let envelope;
  try {
    envelope = readEnvelope(standard, xml);
  } catch (err) {
    if (err instanceof XmlReadError) return [envelopeIssue(standard.envelope.root, err.message)];
    throw err;
  }
  const issues: ClaimIssue[] = [];
  const e = standard.envelope;
  if (!/^[0-9A-Z]{5}$/.test(envelope.facilityCode))
    issues.push(
      envelopeIssue(`${e.unit}.${e.facilityCode}`, `${e.facilityCode} must be a 5-character facility code`),
    );
  if (!isDate8(envelope.createdOn))
    issues.push(envelopeIssue(`${e.records}.${e.createdOn}`, `${e.createdOn} must be yyyyMMdd`));
  if (envelope.count !== String(envelope.records.length))
    issues.push(
      envelopeIssue(
        `${e.records}.${e.count}`,
        `${e.count} is ${envelope.count} but the list has ${envelope.records.length} records`,
      ),
    );
  const seen = new Set<string>();
  envelope.records.forEach((files, i) => {
    const base = `${e.record}[${i + 1}]`;
    const tables: Partial<Record<ClaimTable, ReadRecord[]>> = {};
    for (const f of files) {
      if (f.error) {
        issues.push(envelopeIssue(`${base}.${f.type || e.file}`, f.error));
        continue;
      }
      if (tables[f.type as ClaimTable]) {
        issues.push(envelopeIssue(`${base}.${f.type}`, `${f.type} appears twice in one record`));
        continue;
      }
      tables[f.type as ClaimTable] = f.records;
    }
    issues.push(...checkClaim(standard, tables, base));
    const id = tables.XML1?.[0]?.values.MA_LK;
    if (id) {
      if (seen.has(id))
        issues.push(envelopeIssue(`${base}.XML1.MA_LK`, `MA_LK ${id} appears in two records`));
      seen.add(id);
    }
    const x1 = tables.XML1?.[0];
    if (x1 && x1.values.MA_CSKCB && x1.values.MA_CSKCB !== envelope.facilityCode)
      issues.push(envelopeIssue(`${base}.XML1.MA_CSKCB`, 'MA_CSKCB differs from the envelope facility'));
  });
  return issues;
}

/** Validates one table document on its own (field rules only). */
export function validateTableXml(standard: ClaimStandard, table: ClaimTable, xml: string): ClaimIssue[] {
  const records = readTable(standard, table, xml);
  const issues: ClaimIssue[] = [];
  records.forEach((r, i) =>
    checkRecord(
      standard.tables[table],
      r,
      { table, claimId: r.values.MA_LK ?? null, base: `${table}[${i + 1}]`, issues },
      {
        insured: (r.values.MA_THE_BHYT ?? '') !== '',
      },
    ),
  );
  return issues;
}
