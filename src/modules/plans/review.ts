/**
 * The periodic review of a plan (báo cáo sơ kết / tổng kết) as a PDF and an Excel workbook: each
 * target of the plan with its deadline, the value to reach, what the live indicator says for the
 * period and whether it is met, then per responsible agency how many of its targets were met. The
 * heading, period wording and numbers are the indicators module's summary report's (its index.ts).
 */
import ExcelJS from 'exceljs';
import type { Actor } from '../../core/actor.js';
import { PDFDocument, pdfBuffer, pdfFont } from '../../core/pdf.js';
import type { Executor } from '../../db/connection.js';
import { formatIndicatorNumber, periodLabel, valueWithUnit } from '../indicators/index.js';
import type { PlanProgressOut, TargetProgress } from './contracts.js';
import { planProgress } from './service.js';

export type Language = 'vi' | 'en';

const WORDS = {
  vi: {
    nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    interim: 'BÁO CÁO SƠ KẾT',
    final: 'BÁO CÁO TỔNG KẾT',
    implementing: (n: string) => `Kết quả thực hiện Kế hoạch số ${n}`,
    period: 'Kỳ báo cáo',
    asOf: 'Số liệu tính đến ngày',
    targets: 'I. Kết quả thực hiện các mục tiêu',
    agencies: 'II. Kết quả theo cơ quan chủ trì',
    no: 'TT',
    target: 'Mục tiêu',
    deadline: 'Thời hạn',
    goal: 'Chỉ tiêu',
    achieved: 'Kết quả',
    result: 'Đánh giá',
    agency: 'Cơ quan chủ trì',
    indicator: 'Chỉ số theo dõi',
    count: 'Số mục tiêu',
    met: 'Đạt',
    not_met: 'Chưa đạt',
    no_data: 'Chưa có số liệu',
    fraction: 'Tử số / mẫu số',
    sheetTargets: 'Mục tiêu',
    sheetAgencies: 'Theo cơ quan',
    source: 'Nguồn: ytcs, tính từ hồ sơ của các đơn vị.',
    page: (i: number, n: number) => `Trang ${i}/${n}`,
  },
  en: {
    nation: 'SOCIALIST REPUBLIC OF VIET NAM',
    motto: 'Independence - Freedom - Happiness',
    interim: 'INTERIM REVIEW',
    final: 'FINAL REVIEW',
    implementing: (n: string) => `Implementation of plan ${n}`,
    period: 'Period',
    asOf: 'Data as of',
    targets: 'I. Targets',
    agencies: 'II. By responsible agency',
    no: 'No.',
    target: 'Target',
    deadline: 'Deadline',
    goal: 'Goal',
    achieved: 'Achieved',
    result: 'Assessment',
    agency: 'Responsible agency',
    indicator: 'Indicator',
    count: 'Targets',
    met: 'Met',
    not_met: 'Not met',
    no_data: 'No data yet',
    fraction: 'Numerator / denominator',
    sheetTargets: 'Targets',
    sheetAgencies: 'By agency',
    source: 'Source: ytcs, computed from the units’ records.',
    page: (i: number, n: number) => `Page ${i}/${n}`,
  },
} as const;

const RESULT_COLORS = { met: '#0b6b59', not_met: '#b02a37', no_data: '#6c757d' } as const;
const dmy = (iso: string) => iso.split('-').reverse().join('/');

/** What a target asks and what was achieved, as written in the review (`≥ 95%`, `≥ 13`). */
export function goalText(t: TargetProgress, lang: Language): string {
  const op = t.operator.replace('>=', '≥').replace('<=', '≤');
  return `${op} ${t.measure === 'numerator' ? formatIndicatorNumber(lang, t.targetValue, 0) : valueWithUnit(t, lang, t.targetValue)}`;
}
export function achievedText(t: TargetProgress, lang: Language): string {
  if (t.achieved == null) return WORDS[lang].no_data;
  return t.measure === 'numerator'
    ? formatIndicatorNumber(lang, t.achieved, 0)
    : valueWithUnit(t, lang, t.achieved);
}

/** The table of part I, one line per target, in the reader's language. */
export function reviewLines(progress: PlanProgressOut, lang: Language) {
  const w = WORDS[lang];
  return {
    header: [w.no, w.target, w.deadline, w.goal, w.achieved, w.result, w.agency],
    lines: progress.targets.map((t) => ({
      result: t.result,
      cells: [
        String(t.ordinal),
        `${t.textVi}\n${w.indicator}: ${lang === 'vi' ? t.indicatorNameVi : t.indicatorNameEn}` +
          (t.numerator != null
            ? `\n${w.fraction}: ${formatIndicatorNumber(lang, t.numerator, 0)} / ${formatIndicatorNumber(lang, t.denominator, 0)}`
            : ''),
        dmy(t.deadline),
        goalText(t, lang),
        achievedText(t, lang),
        w[t.result],
        t.agency,
      ],
    })),
  };
}

const fileName = (p: PlanProgressOut, ext: string) =>
  `${p.kind === 'final' ? 'tong-ket' : 'so-ket'}_${p.plan.number.replace(/[^A-Za-z0-9]+/g, '-')}_${p.period}.${ext}`;

export async function reviewPdf(
  db: Executor,
  actor: Actor,
  planId: string,
  period: string,
  lang: Language,
): Promise<{ file: Buffer; name: string }> {
  const progress = await planProgress(db, actor, planId, period);
  const w = WORDS[lang];
  const title = w[progress.kind];
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    bufferPages: true,
    info: { Title: `${title} — ${progress.plan.number} — ${periodLabel(period, lang)}`, Creator: 'ytcs' },
  });
  const done = pdfBuffer(doc);
  doc.registerFont('body', pdfFont());
  doc.font('body');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 20;
  const top = doc.page.margins.top;

  doc.fillColor('#212529').fontSize(9);
  doc.text(progress.plan.unitName.toUpperCase(), left, top, { width: width / 2 - 10, align: 'center' });
  doc.text(w.nation, left + width / 2, top, { width: width / 2, align: 'center' });
  doc.text(w.motto, left + width / 2, doc.y, { width: width / 2, align: 'center', underline: true });
  doc.moveDown(1.5);
  doc.fontSize(14).text(title, left, doc.y, { width, align: 'center' });
  doc.fontSize(11).text(w.implementing(progress.plan.number), { width, align: 'center' });
  doc.fontSize(9).text(progress.plan.title, { width, align: 'center' });
  const asOf = progress.targets.find((t) => t.asOf)?.asOf;
  doc
    .fontSize(10)
    .text(`${w.period}: ${periodLabel(period, lang)}${asOf ? ` · ${w.asOf} ${dmy(asOf)}` : ''}`, {
      width,
      align: 'center',
    });
  doc.moveDown(1);

  const table = (header: string[], lines: { cells: string[]; color?: string }[], shares: number[]) => {
    const cols = shares.map((s) => s * width);
    const heightOf = (cells: string[]) => {
      doc.fontSize(8.5);
      return Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: cols[i]! - 6 })), 10) + 6;
    };
    const draw = (cells: string[], y: number, color?: string) => {
      const h = heightOf(cells);
      let x = left;
      cells.forEach((t, i) => {
        doc.rect(x, y, cols[i]!, h).lineWidth(0.4).strokeColor('#c9d4d1').stroke();
        doc.fillColor(i === 5 && color ? color : '#212529').text(t, x + 3, y + 3, { width: cols[i]! - 6 });
        x += cols[i]!;
      });
      return y + h;
    };
    let y = draw(header, doc.y);
    for (const line of lines) {
      if (y + heightOf(line.cells) > bottom()) {
        doc.addPage();
        y = draw(header, doc.page.margins.top);
      }
      y = draw(line.cells, y, line.color);
    }
    doc.y = y + 10;
  };

  doc.fontSize(12).fillColor('#212529').text(w.targets, left, doc.y);
  doc.moveDown(0.4);
  const part1 = reviewLines(progress, lang);
  table(
    part1.header,
    part1.lines.map((l) => ({ cells: l.cells, color: RESULT_COLORS[l.result] })),
    [0.04, 0.4, 0.08, 0.1, 0.12, 0.1, 0.16],
  );

  if (doc.y + 80 > bottom()) doc.addPage();
  doc.fontSize(12).fillColor('#212529').text(w.agencies, left, doc.y);
  doc.moveDown(0.4);
  table(
    [w.agency, w.count, w.met, w.not_met, w.no_data],
    progress.agencies.map((a) => ({
      cells: [a.agency, String(a.targets), String(a.met), String(a.notMet), String(a.noData)],
    })),
    [0.4, 0.15, 0.15, 0.15, 0.15],
  );

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fillColor('#6c757d')
      .fontSize(7.5)
      .text(`${w.source}   ${w.page(i + 1, range.count)}`, left, doc.page.height - margin + 12, {
        width,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return { file: await done, name: fileName(progress, 'pdf') };
}

export async function reviewWorkbook(
  db: Executor,
  actor: Actor,
  planId: string,
  period: string,
  lang: Language,
): Promise<{ file: Buffer; name: string }> {
  const progress = await planProgress(db, actor, planId, period);
  const w = WORDS[lang];
  const book = new ExcelJS.Workbook();
  book.creator = 'ytcs';
  const sheet = book.addWorksheet(w.sheetTargets);
  sheet.addRow([`${w[progress.kind]} — ${w.implementing(progress.plan.number)}`]).font = {
    bold: true,
    size: 13,
  };
  sheet.addRow([progress.plan.title]);
  sheet.addRow([w.period, periodLabel(period, lang)]);
  const asOf = progress.targets.find((t) => t.asOf)?.asOf;
  if (asOf) sheet.addRow([w.asOf, dmy(asOf)]);
  sheet.addRow([]);
  const header = sheet.addRow([
    w.no,
    w.target,
    w.indicator,
    w.deadline,
    w.goal,
    w.achieved,
    w.result,
    w.agency,
  ]);
  header.font = { bold: true };
  for (const t of progress.targets)
    sheet.addRow([
      t.ordinal,
      t.textVi,
      lang === 'vi' ? t.indicatorNameVi : t.indicatorNameEn,
      dmy(t.deadline),
      goalText(t, lang),
      t.achieved,
      w[t.result],
      t.agency,
    ]);
  sheet.columns.forEach((c, i) => (c.width = [5, 60, 40, 12, 12, 12, 16, 30][i] ?? 12));
  const agencies = book.addWorksheet(w.sheetAgencies);
  agencies.addRow([w.agency, w.count, w.met, w.not_met, w.no_data]).font = { bold: true };
  for (const a of progress.agencies) agencies.addRow([a.agency, a.targets, a.met, a.notMet, a.noData]);
  agencies.columns.forEach((c, i) => (c.width = i === 0 ? 40 : 14));
  const file = Buffer.from(await book.xlsx.writeBuffer());
  return { file, name: fileName(progress, 'xlsx') };
}
