/**
 * The element tables of the standard's appendix (reference/claims/appendix/qd4750-tables.json, made by
 * scripts/build-claims-appendix.ts from the Decision 4750 workbook), and a check of written claim XML
 * against them that is independent of the validator: element names and order, maximum sizes, number
 * and date formats, and the codes the appendix's text prescribes. The conformance tests run it on
 * exports; it does not read the project's own standard file, so a mistake there shows up here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnvelope } from './xml.js';
import type { ClaimStandard } from './standard.js';

export interface AppendixElement {
  no: number | null;
  name: string;
  type: 'string' | 'number';
  /** Characters of a string or digits of a number; null = unbounded. */
  max: number | null;
}
export type AppendixTables = Record<'XML1' | 'XML2' | 'XML3' | 'XML13' | 'XML14', AppendixElement[]>;

const file = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../reference/claims/appendix/qd4750-tables.json',
);

export function appendixTables(): AppendixTables {
  return (JSON.parse(readFileSync(file, 'utf8')) as { tables: AppendixTables }).tables;
}

/** yyyyMMddHHmm: NGAY_VAO, NGAY_RA, NGAY_TTOAN, NGAY_YL… (the appendix's text for each). */
const DATETIME = new Set([
  'NGAY_VAO',
  'NGAY_VAO_NOI_TRU',
  'NGAY_RA',
  'NGAY_TTOAN',
  'NGAY_YL',
  'NGAY_TH_YL',
  'NGAY_KQ',
  'NGAY_HEN_KL',
]);
/** yyyyMMdd. */
const DATE = new Set(['GT_THE_TU', 'GT_THE_DEN', 'NGAY_CT', 'NAM_NAM_LIEN_TUC']);
/** Codes the appendix's text fixes: the province's and commune's digits, 5-character facility codes… */
const PATTERNS: Record<string, RegExp> = {
  NGAY_SINH: /^\d{4}(0\d|1[0-2])([0-2]\d|3[01])([01]\d|2[0-3])[0-5]\d$/,
  GIOI_TINH: /^[123]$/,
  MATINH_CU_TRU: /^\d{2}$/,
  MAXA_CU_TRU: /^\d{5}$/,
  MA_THE_BHYT: /^[A-Z]{2}\d{13}$/,
  MA_DKBD: /^[0-9A-Z]{5}$/,
  MA_CSKCB: /^[0-9A-Z]{5}$/,
  MA_NOI_DI: /^[0-9A-Z]{5}$/,
  MA_NOI_DEN: /^[0-9A-Z]{5}$/,
  MA_BENH_CHINH: /^[A-Z]\d{2}(\.[0-9A-Z]{1,2})?$/,
  MA_TTDV: /^\d{10}$/,
  // số chứng chỉ hành nghề, several separated by ';' — never a placeholder such as "(staff id)"
  MA_BAC_SI: /^[0-9A-Za-z][0-9A-Za-z/.-]*(;[0-9A-Za-z][0-9A-Za-z/.-]*)*$/,
  NGUOI_THUC_HIEN: /^[0-9A-Za-z][0-9A-Za-z/.-]*(;[0-9A-Za-z][0-9A-Za-z/.-]*)*$/,
};

function dateOk(v: string): boolean {
  const d = new Date(Date.UTC(+v.slice(0, 4), +v.slice(4, 6) - 1, +v.slice(6, 8)));
  return d.toISOString().slice(0, 10).replace(/-/g, '') === v.slice(0, 8);
}

/**
 * Every element of every table written in an envelope against the appendix: `XML1[2].MA_THE_BHYT …`
 * for each finding (empty when the XML conforms). Required elements come from the project's standard
 * (the appendix's workbook has no required column); a card's elements only for an insured claim.
 */
export function appendixFindings(standard: ClaimStandard, xml: string): string[] {
  const tables = appendixTables();
  const found: string[] = [];
  readEnvelope(standard, xml).records.forEach((files, h) => {
    const insured = (files[0]?.records[0]?.values.MA_THE_BHYT ?? '') !== '';
    for (const file of files) {
      const table = file.type as keyof AppendixTables;
      const elements = tables[table];
      if (!elements) {
        found.push(`HOSO[${h + 1}] ${file.type}: not a table of the appendix`);
        continue;
      }
      file.records.forEach((r, i) => {
        const at = `HOSO[${h + 1}].${table}[${i + 1}]`;
        const names = elements.map((e) => e.name);
        if (r.names.join(',') !== names.join(','))
          found.push(`${at}: elements ${r.names.join(',')} are not the appendix's ${names.join(',')}`);
        for (const e of elements) {
          const v = r.values[e.name] ?? '';
          const spec = standard.tables[table].fields.find((f) => f.name === e.name);
          const required =
            spec?.required === true ||
            (spec?.required === 'insured' && insured) ||
            (spec?.requiredWhen !== undefined &&
              spec.requiredWhen.values.includes(r.values[spec.requiredWhen.field] ?? ''));
          if (v === '') {
            if (required) found.push(`${at}.${e.name}: required, empty`);
            continue;
          }
          if (e.type === 'number') {
            if (!/^\d+(\.\d+)?$/.test(v)) found.push(`${at}.${e.name}: "${v}" is not a number`);
            else if (e.max !== null && v.replace('.', '').length > e.max)
              found.push(`${at}.${e.name}: "${v}" has more than ${e.max} digits`);
          } else if (e.max !== null && [...v].length > e.max)
            found.push(`${at}.${e.name}: "${v}" is longer than ${e.max}`);
          if (DATETIME.has(e.name) && !(/^\d{12}$/.test(v) && dateOk(v) && PATTERNS.NGAY_SINH!.test(v)))
            found.push(`${at}.${e.name}: "${v}" is not yyyyMMddHHmm`);
          if (DATE.has(e.name) && !(/^\d{8}$/.test(v) && dateOk(v)))
            found.push(`${at}.${e.name}: "${v}" is not yyyyMMdd`);
          const pattern = PATTERNS[e.name];
          if (pattern && !pattern.test(v)) found.push(`${at}.${e.name}: "${v}" is not ${pattern.source}`);
        }
      });
    }
  });
  return found;
}
