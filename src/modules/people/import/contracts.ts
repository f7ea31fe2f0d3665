/**
 * Shapes of the import of households and residents from a CSV or Excel file (nhập danh sách hộ và
 * người dân): the columns a file may have, the job that runs an import and the error report. Used by
 * the server's routes, the CLI and the web import screen (this file must not import database or server
 * code).
 *
 * One row of the file is one resident; the rows of one household share its household key ("Mã hộ").
 * An import is all-or-nothing: any error in any row and nothing of the file is stored.
 */
import { z } from 'zod';
import { pagingQuery } from '../../../core/paging.js';

/** The fields a column of an import file can fill, in the order of the template. */
export const IMPORT_FIELDS = [
  'householdKey', // mã hộ: groups the rows of one household (also kept as the household's code)
  'fullName', // họ và tên
  'birthDate', // ngày sinh: dd/mm/yyyy, yyyy-mm-dd or the year alone
  'sex', // giới tính: Nam / Nữ
  'personalId', // số định danh cá nhân / CCCD
  'ethnicity', // dân tộc: code or name on the `ethnicity` list
  'religion', // tôn giáo
  'nationality', // quốc tịch
  'occupation', // nghề nghiệp
  'relationToHead', // quan hệ với chủ hộ: code or name on the `relation-to-head` list
  'hamlet', // thôn/ấp/khu phố: a hamlet's name or code within the commune
  'addressLine', // địa chỉ: house number, street
  'phone', // số điện thoại (several separated by , or ;)
  'cardCode', // mã thẻ BHYT
  'cardValidFrom', // hạn thẻ từ
  'cardValidTo', // hạn thẻ đến
  'registeredFacilityCode', // nơi ĐKKCB ban đầu
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Fields every file must have a column for. */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = [
  'householdKey',
  'fullName',
  'birthDate',
  'sex',
  'relationToHead',
];

/**
 * The headers of the template (Vietnamese, as people write them) and the other headers recognised for
 * each field (matched without diacritics, case, spaces or punctuation: "HO VA TEN" = "Họ và tên").
 */
export const IMPORT_HEADERS: Readonly<Record<ImportField, { vi: string; en: string; aliases: string[] }>> = {
  householdKey: {
    vi: 'Mã hộ',
    en: 'Household',
    aliases: ['Số hộ', 'Mã hộ gia đình', 'Household code', 'Household key', 'Household ID'],
  },
  fullName: { vi: 'Họ và tên', en: 'Full name', aliases: ['Họ tên', 'Tên', 'Name', 'Họ và tên người dân'] },
  birthDate: {
    vi: 'Ngày sinh',
    en: 'Birth date',
    aliases: ['Ngày tháng năm sinh', 'Năm sinh', 'Date of birth', 'DOB', 'Birth year'],
  },
  sex: { vi: 'Giới tính', en: 'Sex', aliases: ['Gender', 'Giới'] },
  personalId: {
    vi: 'Số định danh cá nhân',
    en: 'Personal ID',
    aliases: [
      'CCCD',
      'Số CCCD',
      'Căn cước công dân',
      'Số căn cước',
      'Mã định danh',
      'Số định danh',
      'CMND/CCCD',
      'ID number',
      'National ID',
    ],
  },
  ethnicity: { vi: 'Dân tộc', en: 'Ethnicity', aliases: ['Ethnic group'] },
  religion: { vi: 'Tôn giáo', en: 'Religion', aliases: [] },
  nationality: { vi: 'Quốc tịch', en: 'Nationality', aliases: [] },
  occupation: { vi: 'Nghề nghiệp', en: 'Occupation', aliases: ['Nghề'] },
  relationToHead: {
    vi: 'Quan hệ với chủ hộ',
    en: 'Relation to head',
    aliases: ['Quan hệ chủ hộ', 'Quan hệ', 'QH với chủ hộ', 'Relationship to head', 'Relationship'],
  },
  hamlet: {
    vi: 'Thôn/Ấp/Khu phố',
    en: 'Hamlet',
    aliases: [
      'Thôn',
      'Ấp',
      'Khu phố',
      'Thôn/Ấp',
      'Thôn/Tổ dân phố',
      'Tổ dân phố',
      'Thôn, bản',
      'Bản',
      'Mã thôn',
      'Village',
      'Hamlet code',
    ],
  },
  addressLine: { vi: 'Địa chỉ', en: 'Address', aliases: ['Số nhà', 'Địa chỉ chi tiết', 'Address line'] },
  phone: {
    vi: 'Số điện thoại',
    en: 'Phone',
    aliases: ['Điện thoại', 'SĐT', 'SDT', 'Phone number', 'Phones'],
  },
  cardCode: {
    vi: 'Mã thẻ BHYT',
    en: 'Insurance card',
    aliases: ['Số thẻ BHYT', 'Thẻ BHYT', 'Mã BHYT', 'Mã số BHXH', 'Insurance card code', 'Card code'],
  },
  cardValidFrom: {
    vi: 'Hạn thẻ từ',
    en: 'Card valid from',
    aliases: ['Giá trị sử dụng từ', 'Từ ngày', 'BHYT từ ngày', 'Valid from'],
  },
  cardValidTo: {
    vi: 'Hạn thẻ đến',
    en: 'Card valid to',
    aliases: ['Giá trị sử dụng đến', 'Đến ngày', 'BHYT đến ngày', 'Valid to'],
  },
  registeredFacilityCode: {
    vi: 'Nơi ĐKKCB ban đầu',
    en: 'Registered facility',
    aliases: [
      'Nơi đăng ký KCB ban đầu',
      'Mã nơi ĐKKCB',
      'Nơi ĐK KCB',
      'KCB ban đầu',
      'Primary care facility',
      'Registered facility code',
    ],
  },
};

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The largest file the server takes. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** At most this many error rows are kept on a job (errorCount has them all). */
export const IMPORT_MAX_ERRORS = 1000;

export const IMPORT_STATUSES = [
  'queued', // accepted, not started
  'validating', // reading and checking every row (nothing is written yet)
  'writing', // every row is valid: storing them in one transaction
  'done', // stored (or, for a dry run, checked: nothing stored)
  'failed', // errors in the file, or the import stopped: nothing stored
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One problem of the file: the row (1 = the header row, data from 2, as a spreadsheet numbers them). */
export const importRowError = z.object({
  /** Spreadsheet row number; 0 for a problem of the whole file. */
  row: z.number().int(),
  /** The header of the column as written in the file, or null (the row, or the whole file). */
  column: z.string().nullable(),
  /** The field the column fills, or null. */
  field: z.enum(IMPORT_FIELDS).nullable(),
  /** The value read, when there is one (cut at 100 characters). */
  value: z.string().nullable(),
  /** Machine-readable: `required`, `invalid_date`, `unknown_hamlet`, `invalid_format`, `sex_mismatch`… */
  code: z.string(),
  message: z.string(),
  messageVi: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

export const importCounts = z.object({
  households: z.number().int(),
  residents: z.number().int(),
  cards: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCounts>;

export const importJobOut = z.object({
  id: z.uuid(),
  /** The commune imported into. */
  unitCode: z.string(),
  unitName: z.string(),
  fileName: z.string(),
  format: z.enum(IMPORT_FORMATS),
  status: z.enum(IMPORT_STATUSES),
  /** A dry run checks everything and reports what would be created, and stores nothing. */
  dryRun: z.boolean(),
  /** Data rows in the file (known once the file is read). */
  total: z.number().int(),
  /** Rows checked so far. */
  validated: z.number().int(),
  /** Rows stored so far (in the open transaction: visible to others only when done). */
  written: z.number().int(),
  /** What was created (for a dry run: what would be). */
  created: importCounts,
  /** Headers of the file that match no field: reported, their values ignored. */
  unknownColumns: z.array(z.string()),
  /** All errors found; `errors` holds the first IMPORT_MAX_ERRORS of them. */
  errorCount: z.number().int(),
  errors: z.array(importRowError),
  /** Why a job failed other than by row errors (a file that cannot be read, the server stopped). */
  message: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportJobOut = z.infer<typeof importJobOut>;

/** A job in lists: without the error rows. */
export const importJobSummary = importJobOut.omit({ errors: true });
export type ImportJobSummary = z.infer<typeof importJobSummary>;

const boolish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/** `POST /api/v1/people/imports?unit=&dryRun=&fileName=` with the file as the raw body (text/csv or XLSX_MIME). */
export const importCreateQuery = z.object({
  /** The commune (5 digits) the households and residents are registered in. */
  unit: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'must be a commune code (5 digits)'),
  dryRun: boolish.default(false),
  /** The file's name, to show in the list of imports. */
  fileName: z.string().trim().min(1).max(200).optional(),
});
export type ImportCreateQuery = z.infer<typeof importCreateQuery>;

/** `GET /api/v1/people/imports?unit=&limit=&offset=`: the imports of the actor's area, newest first. */
export const importListQuery = pagingQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unit: z
    .string()
    .trim()
    .regex(/^(VN|\d{2}|\d{5})$/, 'a province or commune code')
    .optional(),
});

/** Progress reported while an import runs (the CLI's bar, the job row). */
export interface ImportProgress {
  phase: 'validating' | 'writing';
  total: number;
  validated: number;
  written: number;
}
