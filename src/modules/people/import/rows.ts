/**
 * Checking the rows of an import file: each row read into a resident (and a card) with the same zod
 * schemas and identity/card checks as the create endpoints, its code lists and hamlets looked up in
 * memory, and every problem reported by row and column, in English and Vietnamese.
 */
import type { ZodError } from 'zod';
import { newId } from '../../../core/ids.js';
import { insuranceCardInput } from '../cards/contracts.js';
import { groupIssues, type GroupVersion } from '../cards/groups.js';
import type { insuranceCards } from '../cards/schema.js';
import { householdMemberInput } from '../households/contracts.js';
import { checkFacilityCode, normaliseCardCode, parseInsuranceCode } from '../identity.js';
import { residentIssues } from '../residents/contracts.js';
import type { residents } from '../residents/schema.js';
import { IMPORT_HEADERS, IMPORT_MAX_ERRORS, type ImportField, type ImportRowError } from './contracts.js';
import { NUMBER_MARK, textKey, type ColumnMap } from './file.js';

export type ResidentRow = typeof residents.$inferInsert;
export type CardRow = typeof insuranceCards.$inferInsert;

/** A household has at most this many members (as in `householdInput`). */
export const MAX_MEMBERS = 40;

export interface PlaceRef {
  unitId: string;
  path: string;
}

export interface Lookups {
  commune: PlaceRef;
  communeCode: string;
  hamlets: Map<string, PlaceRef>;
  /** system → text key of a code or its names → code */
  codes: Map<string, Map<string, string>>;
  /** insurance beneficiary groups with their validity and benefit levels */
  groups: Map<string, GroupVersion[]>;
}

/** Unit type words that may precede a hamlet's name ("Thôn Đông" = "Đông"). */
export const HAMLET_TYPE =
  /^(thon|ap|khu pho|to dan pho|ban|xom|khom|to|khu|lang|buon|plei|soc|phum|khoi|cum)\s+/;

// ---------------------------------------------------------------- reading cells

/** A calendar date `YYYY-MM-DD` if the parts make one. */
function isoOf(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** dd/mm/yyyy (also with - or .), yyyy-mm-dd, an Excel date, or (when allowed) the year alone. */
export function readDate(text: string, yearAlone: boolean): { date: string } | { year: number } | null {
  let s = text;
  if (s.startsWith(NUMBER_MARK)) {
    s = s.slice(1);
    const n = Number(s);
    // An Excel serial day number (a date cell stored as a plain number): day 1 is 1900-01-01.
    if (!/^\d{4}$/.test(s) && n > 0 && n < 80_000) {
      const d = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000);
      return { date: d.toISOString().slice(0, 10) };
    }
  }
  if (/^\d{4}$/.test(s)) return yearAlone ? { year: Number(s) } : null;
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    const date = isoOf(Number(m[3]), Number(m[2]), Number(m[1]));
    return date ? { date } : null;
  }
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) {
    const date = isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { date } : null;
  }
  return null;
}

const SEX_WORDS: Readonly<Record<string, 'male' | 'female'>> = {
  nam: 'male',
  male: 'male',
  m: 'male',
  trai: 'male',
  nu: 'female',
  female: 'female',
  f: 'female',
  gai: 'female',
};

const NATIONALITY_WORDS: Readonly<Record<string, string>> = {
  'viet nam': 'VN',
  vietnam: 'VN',
  vn: 'VN',
};

// ---------------------------------------------------------------- checking rows

export interface Planned {
  row: number;
  key: string;
  resident: ResidentRow;
  relation: string;
  place: PlaceRef | null;
  addressLine: string | null;
  card: CardRow | null;
}

/** Vietnamese messages for the codes of the checks (English comes from the check itself). */
function messageVi(field: ImportField | null, code: string, value: string | null, fallback: string): string {
  const column = field ? `"${IMPORT_HEADERS[field].vi}"` : '';
  switch (code) {
    case 'required':
      return `Thiếu ${column}`;
    case 'invalid_date':
      return `${column}: ngày không hợp lệ (dd/mm/yyyy${field === 'birthDate' ? ' hoặc năm yyyy' : ''})`;
    case 'invalid_sex':
      return 'Giới tính phải là Nam hoặc Nữ';
    case 'unknown_hamlet':
      return `Không có thôn/ấp/khu phố "${value}" trong xã`;
    case 'unknown_code':
      return `"${value}" không có trong danh mục ${column}`;
    case 'unknown_province':
      return field === 'personalId'
        ? 'Ba chữ số đầu của số định danh không phải mã tỉnh'
        : `${column}: mã tỉnh không hợp lệ`;
    case 'sex_mismatch':
      return 'Chữ số thứ 4 của số định danh không khớp với giới tính';
    case 'birth_year_mismatch':
      return 'Chữ số 4–6 của số định danh không khớp với năm sinh';
    case 'birth_in_future':
      return 'Số định danh cho năm sinh ở tương lai';
    case 'in_future':
      return `${column} không được ở tương lai`;
    case 'invalid_benefit_level':
      return 'Ký tự thứ 3 của mã thẻ BHYT phải là mức hưởng 1–5';
    case 'before_start':
      return 'Hạn thẻ đến không được trước hạn thẻ từ';
    case 'duplicate_in_file':
      return `${column} trùng với một dòng khác trong tệp`;
    case 'household_exists':
      return `Mã hộ "${value}" đã có trong xã`;
    case 'no_head':
      return 'Hộ không có chủ hộ';
    case 'two_heads':
      return 'Hộ có nhiều hơn một chủ hộ';
    case 'too_many_members':
      return `Hộ có quá ${MAX_MEMBERS} thành viên`;
    case 'invalid_format':
      if (field === 'personalId') return 'Số định danh cá nhân phải có đúng 12 chữ số';
      if (field === 'cardCode') return 'Mã thẻ BHYT phải có 15 ký tự hoặc là mã số BHXH 10 chữ số';
      if (field === 'registeredFacilityCode') return 'Mã nơi ĐKKCB ban đầu có 5 ký tự';
      if (field === 'phone') return 'Số điện thoại không hợp lệ (10–11 chữ số, bắt đầu bằng 0)';
      if (field === 'fullName') return 'Họ và tên chỉ gồm chữ cái, dấu cách, dấu nháy, chấm và gạch nối';
      return `${column}: sai định dạng`;
    case 'too_small':
      return `${column} quá ngắn`;
    case 'too_big':
      return `${column} quá dài`;
    default:
      return `${column}: ${fallback}`;
  }
}

/** Which import field a path of `householdMemberInput` comes from. */
const RESIDENT_FIELD: Readonly<Record<string, ImportField>> = {
  fullName: 'fullName',
  sex: 'sex',
  birthDate: 'birthDate',
  birthYear: 'birthDate',
  personalId: 'personalId',
  ethnicity: 'ethnicity',
  nationality: 'nationality',
  religion: 'religion',
  occupation: 'occupation',
  phones: 'phone',
  relationToHead: 'relationToHead',
  currentAddress: 'addressLine',
};
/** … and of `insuranceCardInput`. */
const CARD_FIELD: Readonly<Record<string, ImportField>> = {
  code: 'cardCode',
  validFrom: 'cardValidFrom',
  validTo: 'cardValidTo',
  registeredFacilityCode: 'registeredFacilityCode',
  beneficiaryGroup: 'cardCode',
  benefitLevel: 'cardCode',
};

export class RowChecker {
  readonly errors: ImportRowError[] = [];
  errorCount = 0;
  /** Fields of the row being checked that already have an error. */
  private rowFields = new Set<ImportField | null>();
  private rowErrors = new Set<string>();
  /** Every row with a household key, valid or not: household → rows, and the rows saying "head". */
  readonly households = new Map<string, { rows: number[]; heads: number[] }>();
  private readonly seenIds = new Map<string, number>();

  constructor(
    private readonly map: ColumnMap,
    private readonly headers: string[],
    private readonly lookups: Lookups,
  ) {}

  add(row: number, field: ImportField | null, code: string, message: string, value: string | null = null) {
    // The schema and the identity check may say the same thing twice.
    const same = `${row}\0${field}\0${code}`;
    if (this.rowErrors.has(same)) return;
    this.rowErrors.add(same);
    this.errorCount++;
    this.rowFields.add(field);
    if (this.errors.length >= IMPORT_MAX_ERRORS) return;
    const index = field ? this.map.byField[field] : undefined;
    this.errors.push({
      row,
      column: index !== undefined ? (this.headers[index] ?? null) : null,
      field,
      value: value === null ? null : value.slice(0, 100),
      code,
      message,
      messageVi: messageVi(field, code, value, message),
    });
  }

  /** The text of a field's cell ('' when the column is absent or the cell empty). */
  private cell(cells: string[], field: ImportField): string {
    const index = this.map.byField[field];
    const raw = index === undefined ? '' : (cells[index] ?? '').trim();
    if (!raw.startsWith(NUMBER_MARK)) return raw;
    // A number in an Excel cell: leading zeros were lost.
    const digits = raw.slice(1);
    if (field === 'personalId' && /^\d{9,11}$/.test(digits)) return digits.padStart(12, '0');
    if (field === 'phone' && /^[1-9]\d{8,9}$/.test(digits)) return `0${digits}`;
    if (field === 'birthDate' || field === 'cardValidFrom' || field === 'cardValidTo') return raw;
    return digits;
  }

  private code(system: string, text: string): string | undefined {
    return (
      this.lookups.codes.get(system)?.get(textKey(text)) ??
      this.lookups.codes.get(system)?.get(text.toLowerCase())
    );
  }

  private zodErrors(
    row: number,
    error: ZodError,
    fields: Readonly<Record<string, ImportField>>,
    valueOf: (field: ImportField) => string,
    customCode: (path: string, message: string) => string | undefined,
  ) {
    for (const issue of error.issues) {
      const path = String(issue.path[0] ?? '');
      const field = fields[path] ?? null;
      const code =
        issue.code === 'custom' ? (customCode(path, issue.message) ?? 'invalid_value') : issue.code;
      this.add(row, field, code, issue.message, field ? valueOf(field) : null);
    }
  }

  /** Checks one row; returns what it would store, or null when the row has errors. */
  check(row: number, cells: string[]): Planned | null {
    const before = this.errorCount;
    this.rowFields = new Set();
    this.rowErrors = new Set();
    const get = (f: ImportField) => this.cell(cells, f);
    const required = (f: ImportField) => {
      const v = get(f);
      if (!v) this.add(row, f, 'required', `${IMPORT_HEADERS[f].en} is required`);
      return v;
    };
    const key = required('householdKey');
    if (key.length > 30) this.add(row, 'householdKey', 'too_big', 'at most 30 characters', key);
    const fullName = required('fullName');
    const birthText = required('birthDate');
    const sexText = required('sex');
    const relationText = required('relationToHead');

    const birth = birthText ? readDate(birthText, true) : null;
    if (birthText && !birth)
      this.add(row, 'birthDate', 'invalid_date', 'a date dd/mm/yyyy, or the year yyyy', birthText);
    const sex = sexText ? SEX_WORDS[textKey(sexText)] : undefined;
    if (sexText && !sex) this.add(row, 'sex', 'invalid_sex', 'Nam or Nữ (male or female)', sexText);
    const relation = relationText ? this.code('relation-to-head', relationText) : undefined;
    if (key) {
      const h = this.households.get(key) ?? { rows: [], heads: [] };
      this.households.set(key, h);
      h.rows.push(row);
      if (relation === 'head') h.heads.push(row);
    }
    if (relationText && !relation)
      this.add(
        row,
        'relationToHead',
        'unknown_code',
        `"${relationText}" is not on the code list relation-to-head`,
        relationText,
      );
    const codeOf = (field: ImportField, system: string) => {
      const text = get(field);
      if (!text) return null;
      const code = this.code(system, text);
      if (!code) this.add(row, field, 'unknown_code', `"${text}" is not on the code list ${system}`, text);
      return code ?? null;
    };
    const ethnicity = codeOf('ethnicity', 'ethnicity');
    const religion = codeOf('religion', 'religion');
    const nationalityText = get('nationality');
    const nationality = nationalityText
      ? (NATIONALITY_WORDS[textKey(nationalityText)] ?? nationalityText)
      : undefined;

    const hamletText = get('hamlet');
    let place: PlaceRef | null = null;
    if (hamletText) {
      place =
        this.lookups.hamlets.get(hamletText) ??
        this.lookups.hamlets.get(textKey(hamletText)) ??
        this.lookups.hamlets.get(textKey(hamletText).replace(HAMLET_TYPE, '')) ??
        null;
      if (!place)
        this.add(
          row,
          'hamlet',
          'unknown_hamlet',
          `no current hamlet "${hamletText}" in the commune`,
          hamletText,
        );
    }
    const personalId = get('personalId');
    const phoneText = get('phone');
    const phones = phoneText
      ? phoneText
          .split(/[,;/]/)
          .map((p) => p.trim())
          .filter(Boolean)
      : [];
    const addressLine = get('addressLine') || null;

    const candidate = {
      fullName,
      ...(sex ? { sex } : {}),
      ...(birth && 'date' in birth ? { birthDate: birth.date } : {}),
      ...(birth && 'year' in birth ? { birthYear: birth.year } : {}),
      ...(personalId ? { personalId } : {}),
      ...(nationality ? { nationality } : {}),
      ...(get('occupation') ? { occupation: get('occupation') } : {}),
      ...(phones.length ? { phones } : {}),
      // The address line is checked as the create endpoints check it (the place is resolved above).
      ...(addressLine ? { currentAddress: { unitCode: this.lookups.communeCode, line: addressLine } } : {}),
      relationToHead: relation ?? 'other_relative',
    };
    // Fields already reported above (missing, unreadable) are not reported again by the schema.
    const reported = new Set(this.rowFields);
    const parsed = householdMemberInput.safeParse(candidate);
    if (!parsed.success) {
      const issues = residentIssues(candidate);
      const filtered = {
        ...parsed.error,
        issues: parsed.error.issues.filter((i) => {
          const f = RESIDENT_FIELD[String(i.path[0] ?? '')];
          return !(f && reported.has(f));
        }),
      } as ZodError;
      this.zodErrors(
        row,
        filtered,
        RESIDENT_FIELD,
        get,
        (path, message) => issues.find((i) => i.path === path && i.message === message)?.code,
      );
    }

    // The insurance card, when the row has one.
    let card: CardRow | null = null;
    const cardCode = get('cardCode');
    const fromText = get('cardValidFrom');
    const toText = get('cardValidTo');
    const facility = get('registeredFacilityCode');
    if (cardCode || fromText || toText || facility) {
      const from = fromText ? readDate(fromText, false) : null;
      const to = toText ? readDate(toText, false) : null;
      if (!cardCode) this.add(row, 'cardCode', 'required', 'a card needs its code');
      if (!fromText) this.add(row, 'cardValidFrom', 'required', 'a card needs the day it is valid from');
      else if (!from) this.add(row, 'cardValidFrom', 'invalid_date', 'a date dd/mm/yyyy', fromText);
      if (toText && !to) this.add(row, 'cardValidTo', 'invalid_date', 'a date dd/mm/yyyy', toText);
      const validFrom = from && 'date' in from ? from.date : undefined;
      const validTo = to && 'date' in to ? to.date : null;
      if (cardCode && validFrom && (!toText || validTo)) {
        const parsedCard = insuranceCardInput.safeParse({
          code: cardCode,
          validFrom,
          validTo,
          registeredFacilityCode: facility || null,
        });
        if (!parsedCard.success)
          this.zodErrors(row, parsedCard.error, CARD_FIELD, get, (path) => {
            if (path === 'code') {
              const r = parseInsuranceCode(cardCode);
              return 'issue' in r ? r.issue.code : undefined;
            }
            if (path === 'registeredFacilityCode') return checkFacilityCode(facility.toUpperCase())[0]?.code;
            if (path === 'validTo') return 'before_start';
            return undefined;
          });
        else {
          const info = parseInsuranceCode(parsedCard.data.code);
          if ('info' in info) {
            const group = info.info.format === 'legacy' ? info.info.beneficiaryGroup : null;
            if (group)
              for (const issue of groupIssues(
                this.lookups.groups.get(group),
                group,
                info.info.format === 'legacy' ? info.info.benefitLevel : null,
                validFrom,
                { group: 'cardCode', level: 'cardCode' },
              ))
                this.add(row, 'cardCode', issue.code, issue.message, cardCode);
            card = {
              id: newId(),
              residentId: '',
              code: normaliseCardCode(parsedCard.data.code),
              socialInsuranceNumber: info.info.socialInsuranceNumber,
              beneficiaryGroup: group,
              benefitLevel: info.info.format === 'legacy' ? info.info.benefitLevel : null,
              issuerProvince: info.info.format === 'legacy' ? info.info.issuerProvince : null,
              validFrom,
              validTo,
              registeredFacilityCode: parsedCard.data.registeredFacilityCode ?? null,
            };
          }
        }
      }
    }

    if (personalId && parsed.success) {
      const first = this.seenIds.get(personalId);
      if (first !== undefined)
        this.add(row, 'personalId', 'duplicate_in_file', `the same personal ID as row ${first}`, personalId);
      else this.seenIds.set(personalId, row);
    }

    if (this.errorCount > before || !parsed.success) return null;
    const v = parsed.data;
    const resident: ResidentRow = {
      id: newId(),
      householdId: null,
      relationToHead: v.relationToHead,
      fullName: v.fullName,
      sex: v.sex,
      birthDate: v.birthDate ?? null,
      birthYear: v.birthDate ? Number(v.birthDate.slice(0, 4)) : v.birthYear!,
      personalId: v.personalId ?? null,
      ethnicity,
      nationality: v.nationality ?? 'VN',
      religion,
      occupation: v.occupation ?? null,
      phones: [...new Set(v.phones ?? [])],
      currentUnitId: '',
      currentAddressLine: addressLine,
      unitPath: '',
    };
    if (card) card.residentId = resident.id!;
    return { row, key, resident, relation: v.relationToHead, place, addressLine, card };
  }
}
