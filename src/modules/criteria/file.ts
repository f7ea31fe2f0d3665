// Reading a version of the criteria from an administrator's table (CSV or XLSX, read by core's
// reader): criterion rows and indicator rows under them, checked row by row, each error with its row
// (the header is row 1) and column in Vietnamese and English. Pure: the service stores the result.
import {
  criteriaSetDefinition,
  PREFILL_KEYS,
  type CriteriaFileUpload,
  type CriteriaRowError,
  type CriteriaSetDefinition,
  type PrefillKey,
} from './contracts.js';

const REQUIRED = [
  'criterion_no',
  'criterion_name',
  'indicator_no',
  'indicator_text',
  'max_points',
  'mandatory',
];
const YES = ['có', 'co', 'x', 'true', '1', 'yes', 'bắt buộc'];
const NO = ['', 'không', 'khong', 'false', '0', 'no'];

type Header = Omit<CriteriaFileUpload, 'fileName' | 'contentBase64' | 'dryRun'>;

/** The version a table describes, or its errors by row (a definition only when there are none). */
export function criteriaFromRecords(
  records: Record<string, string>[],
  header: Header,
): {
  definition: CriteriaSetDefinition | null;
  errors: CriteriaRowError[];
  criteria: number;
  indicators: number;
} {
  const errors: CriteriaRowError[] = [];
  const err = (row: number, column: string, code: string, vi: string, en: string) =>
    errors.push({ row, column, code, message: { vi, en } });
  if (!records.length)
    err(
      1,
      'criterion_no',
      'empty',
      'Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu',
      'The file has a header but no rows',
    );
  const missing = records.length ? REQUIRED.filter((c) => !(c in records[0]!)) : [];
  for (const c of missing) err(1, c, 'missing_column', `Thiếu cột ${c}`, `Missing column ${c}`);
  if (errors.length) return { definition: null, errors, criteria: 0, indicators: 0 };

  interface Crit {
    no: number;
    row: number;
    vi: string;
    en: string;
    maxPoints: number;
    indicators: {
      code: string;
      row: number;
      vi: string;
      en: string;
      maxPoints: number;
      mandatory: boolean;
      prefill: PrefillKey[];
    }[];
  }
  const criteria = new Map<number, Crit>();
  const codes = new Map<string, number>();
  records.forEach((r, i) => {
    const row = i + 2;
    const before = errors.length;
    const noText = (r.criterion_no ?? '').trim();
    const no = Number(noText);
    if (!/^[0-9]{1,2}$/.test(noText) || no < 1 || no > 20)
      err(
        row,
        'criterion_no',
        'invalid_number',
        'Số tiêu chí là số nguyên từ 1 đến 20',
        'A criterion number from 1 to 20',
      );
    const pointsText = (r.max_points ?? '').trim().replace(',', '.');
    const points = Number(pointsText);
    if (pointsText === '' || !Number.isFinite(points) || points <= 0 || points > 100)
      err(
        row,
        'max_points',
        'invalid_points',
        'Điểm là số lớn hơn 0, tối đa 100',
        'Points: a number above 0, at most 100',
      );
    const code = (r.indicator_no ?? '').trim();
    if (!code) {
      // A criterion row: its name and total points.
      const vi = (r.criterion_name ?? '').trim();
      if (!vi) err(row, 'criterion_name', 'required', 'Cần tên tiêu chí', 'The criterion needs a name');
      if (criteria.has(no))
        err(
          row,
          'criterion_no',
          'duplicate',
          `Tiêu chí ${no} đã có ở dòng ${criteria.get(no)!.row}`,
          `Criterion ${no} is already on row ${criteria.get(no)!.row}`,
        );
      if (errors.length === before)
        criteria.set(no, {
          no,
          row,
          vi,
          en: (r.criterion_name_en ?? '').trim() || vi,
          maxPoints: points,
          indicators: [],
        });
      return;
    }
    // An indicator row, under a criterion given on an earlier row.
    if (!/^[0-9]{1,2}(\.[0-9]{1,2}){1,2}$/.test(code))
      err(
        row,
        'indicator_no',
        'invalid_code',
        'Mã chỉ tiêu dạng 2.1 hoặc 2.1.3',
        'An indicator code such as 2.1 or 2.1.3',
      );
    else if (code.split('.')[0] !== noText)
      err(
        row,
        'indicator_no',
        'wrong_criterion',
        `Chỉ tiêu ${code} không thuộc tiêu chí ${noText}`,
        `Indicator ${code} is not under criterion ${noText}`,
      );
    else if (codes.has(code))
      err(
        row,
        'indicator_no',
        'duplicate',
        `Chỉ tiêu ${code} đã có ở dòng ${codes.get(code)}`,
        `Indicator ${code} is already on row ${codes.get(code)}`,
      );
    const crit = criteria.get(no);
    if (!crit && errors.length === before)
      err(
        row,
        'criterion_no',
        'unknown_criterion',
        `Chưa có dòng tiêu chí ${noText} ở trên`,
        `No row for criterion ${noText} above`,
      );
    const vi = (r.indicator_text ?? '').trim();
    if (!vi) err(row, 'indicator_text', 'required', 'Cần nội dung chỉ tiêu', 'The indicator needs its text');
    const mandatoryText = (r.mandatory ?? '').trim().toLowerCase();
    if (![...YES, ...NO].includes(mandatoryText))
      err(row, 'mandatory', 'invalid_boolean', 'Bắt buộc: có hoặc không', 'Mandatory: yes or no');
    const prefill = (r.prefill ?? '').split(/[;,\s]+/).filter(Boolean);
    const unknown = prefill.filter((k) => !(PREFILL_KEYS as readonly string[]).includes(k));
    if (unknown.length)
      err(
        row,
        'prefill',
        'unknown_prefill',
        `Không có nguồn điền sẵn ${unknown.join(', ')}`,
        `No pre-fill source ${unknown.join(', ')}`,
      );
    if (errors.length === before && crit) {
      codes.set(code, row);
      crit.indicators.push({
        code,
        row,
        vi,
        en: (r.indicator_text_en ?? '').trim() || vi,
        maxPoints: points,
        mandatory: YES.includes(mandatoryText),
        prefill: prefill as PrefillKey[],
      });
    }
  });
  const list = [...criteria.values()].sort((a, b) => a.no - b.no);
  for (const c of list) {
    const sum = Math.round(c.indicators.reduce((s, x) => s + x.maxPoints, 0) * 100) / 100;
    if (c.indicators.length && Math.abs(sum - c.maxPoints) > 1e-9)
      err(
        c.row,
        'max_points',
        'points_do_not_add_up',
        `Các chỉ tiêu của tiêu chí ${c.no} cộng được ${sum} điểm, tiêu chí có ${c.maxPoints} điểm`,
        `The indicators of criterion ${c.no} add up to ${sum} points, the criterion has ${c.maxPoints}`,
      );
  }
  const total = Math.round(list.reduce((s, c) => s + c.maxPoints, 0) * 100) / 100;
  if (!errors.length && total < header.passRule!.minTotal!)
    err(
      0,
      'passRule.minTotal',
      'unreachable',
      `Tổng điểm các tiêu chí (${total}) thấp hơn điểm đạt (${header.passRule!.minTotal})`,
      `The criteria's points (${total}) are below the pass mark (${header.passRule!.minTotal})`,
    );
  const indicators = list.reduce((s, c) => s + Math.max(c.indicators.length, 1), 0);
  if (errors.length) return { definition: null, errors, criteria: list.length, indicators };
  const parsed = criteriaSetDefinition.safeParse({
    code: header.code,
    version: header.version,
    validFrom: header.validFrom,
    validTo: header.validTo ?? null,
    source: header.source,
    passRule: header.passRule,
    validityYears: header.validityYears,
    criteria: list.map((c) => ({
      no: c.no,
      name: { vi: c.vi, en: c.en },
      maxPoints: c.maxPoints,
      indicators: c.indicators.length
        ? c.indicators.map((x) => ({
            code: x.code,
            name: { vi: x.vi, en: x.en },
            maxPoints: x.maxPoints,
            mandatory: x.mandatory,
            prefill: x.prefill,
          }))
        : [
            {
              code: `${c.no}.1`,
              name: {
                vi: `Toàn bộ tiêu chí ${c.no} (chưa tách chỉ tiêu)`,
                en: `All of criterion ${c.no} (indicators not yet entered)`,
              },
              maxPoints: c.maxPoints,
              mandatory: false,
              prefill: [],
            },
          ],
    })),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      err(0, issue.path.join('.'), 'invalid', issue.message, issue.message);
    return { definition: null, errors, criteria: list.length, indicators };
  }
  return { definition: parsed.data, errors, criteria: list.length, indicators };
}
