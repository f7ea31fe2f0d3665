/**
 * The summary review report (báo cáo sơ kết) of a unit for a period, as a printable PDF: every
 * indicator of the catalogue with its value, target, gap and assessment, then for each one the
 * 12-month trend against the target and the ranking of the unit's children, drawn as charts. The
 * numbers are the stored values every screen reads (service.ts), so the paper says what the
 * dashboard says.
 */
import type { Actor } from '../../core/actor.js';
import { PDFDocument, pdfBuffer, pdfFont } from '../../core/pdf.js';
import type { Executor } from '../../db/connection.js';
import type { IndicatorDefinition, IndicatorValue } from './contracts.js';
import { rankValues } from './export.js';
import { periodRange } from './periods.js';
import { indicatorTrend, indicatorValues, listIndicators } from './service.js';
import { gapToTarget, targetStatus, type Status } from './status-contracts.js';
import {
  formatIndicatorNumber,
  indicatorName,
  targetText,
  valueWithUnit,
  type Language,
} from './wording-contracts.js';

const WORDS = {
  vi: {
    nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    title: 'BÁO CÁO SƠ KẾT THỰC HIỆN CÁC CHỈ TIÊU Y TẾ CƠ SỞ',
    unit: 'Đơn vị',
    period: 'Kỳ báo cáo',
    asOf: 'Số liệu tính đến ngày',
    summary: 'I. Tổng hợp các chỉ tiêu',
    details: 'II. Diễn biến và xếp hạng từng chỉ tiêu',
    indicator: 'Chỉ tiêu',
    value: 'Kết quả',
    target: 'Mục tiêu',
    gap: 'Còn thiếu',
    status: 'Đánh giá',
    fraction: 'Tử số / mẫu số',
    trend: 'Diễn biến 12 tháng (đường đứt: mục tiêu)',
    ranking: 'Xếp hạng đơn vị trực thuộc',
    more: (n: number) => `… và ${n} đơn vị khác`,
    noData: 'Chưa có số liệu',
    met: 'Đã đạt',
    onTrack: 'Đúng tiến độ',
    behind: 'Chậm tiến độ',
    page: (i: number, n: number) => `Trang ${i}/${n}`,
    month: (m: string, y: string) => `Tháng ${m}/${y}`,
    quarter: (q: string, y: string) => `Quý ${q}/${y}`,
    year: (y: string) => `Năm ${y}`,
    source: 'Nguồn: ytcs, tính từ hồ sơ của các đơn vị.',
  },
  en: {
    nation: 'SOCIALIST REPUBLIC OF VIET NAM',
    motto: 'Independence - Freedom - Happiness',
    title: 'SUMMARY REVIEW OF THE GRASSROOTS HEALTH TARGETS',
    unit: 'Unit',
    period: 'Period',
    asOf: 'Data as of',
    summary: 'I. All indicators',
    details: 'II. Trend and ranking of each indicator',
    indicator: 'Indicator',
    value: 'Value',
    target: 'Target',
    gap: 'Gap',
    status: 'Assessment',
    fraction: 'Numerator / denominator',
    trend: '12-month trend (dashed: target)',
    ranking: 'Ranking of the units below',
    more: (n: number) => `… and ${n} more units`,
    noData: 'No data yet',
    met: 'Met',
    onTrack: 'On track',
    behind: 'Behind',
    page: (i: number, n: number) => `Page ${i}/${n}`,
    month: (m: string, y: string) =>
      `${new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(y), Number(m) - 1, 1)))} ${y}`,
    quarter: (q: string, y: string) => `Q${q} ${y}`,
    year: (y: string) => y,
    source: 'Source: ytcs, computed from the units’ records.',
  },
} as const;

const COLORS = {
  main: '#0b6b59',
  light: '#9fd2c6',
  target: '#8a5600',
  grid: '#c9d4d1',
  text: '#212529',
  dim: '#6c757d',
};
const STATUS_COLORS: Record<Status, string> = { met: '#0b6b59', onTrack: '#8a5600', behind: '#b02a37' };

const number = formatIndicatorNumber;
const dmy = (iso: string) => iso.split('-').reverse().join('/');

export interface ReportRow {
  indicator: IndicatorDefinition;
  value: IndicatorValue;
  trend: IndicatorValue[];
  children: IndicatorValue[];
}
type Row = ReportRow;

/** A period as the reader says it: `Tháng 11/2026`, `November 2026`, `Quý 4/2026`, `Năm 2026`. */
export function periodLabel(period: string, lang: Language): string {
  const w = WORDS[lang];
  const [y = period, rest] = period.split('-');
  if (!rest) return w.year(y);
  return rest.startsWith('Q') ? w.quarter(rest.slice(1), y) : w.month(rest, y);
}

/**
 * The words of part I (one line per indicator) in the reader's language: the indicator's name, never
 * its catalogue code; values, targets and gaps with their unit said in that language.
 */
export function summaryLines(
  rows: Row[],
  lang: Language,
  month: string,
): { header: string[]; lines: { cells: string[]; status: Status | null }[] } {
  const w = WORDS[lang];
  return {
    header: [w.indicator, w.value, w.target, w.gap, w.status],
    lines: rows.map((r) => {
      const status = targetStatus(r.indicator, r.value.value, month, r.trend);
      const gap = gapToTarget(r.indicator, r.value.value);
      return {
        status,
        cells: [
          `${indicatorName(r.indicator, lang)}\n${w.fraction}: ${number(lang, r.value.numerator, 0)} / ${number(lang, r.value.denominator, 0)}`,
          r.value.value == null ? w.noData : valueWithUnit(r.indicator, lang, r.value.value),
          targetText(r.indicator, lang),
          gap == null ? '—' : valueWithUnit(r.indicator, lang, gap),
          status ? w[status] : '—',
        ],
      };
    }),
  };
}

/** The heading of an indicator's block in part II: its name (the code is the catalogue's, not the reader's). */
export function detailTitle(r: Pick<Row, 'indicator'>, lang: Language): string {
  return indicatorName(r.indicator, lang);
}

export async function summaryReportPdf(
  db: Executor,
  actor: Actor,
  unitCode: string,
  period: string,
  lang: Language,
): Promise<{ file: Buffer; name: string }> {
  const w = WORDS[lang];
  const end = periodRange(period).end;
  const month = /^\d{4}-\d{2}$/.test(period) ? period : end.slice(0, 7);
  const rows: Row[] = [];
  for (const indicator of await listIndicators(db, end)) {
    const { values } = await indicatorValues(db, actor, indicator.code, unitCode, period, false);
    const { values: children } = await indicatorValues(db, actor, indicator.code, unitCode, period, true);
    const trend = await indicatorTrend(db, actor, indicator.code, unitCode, month, 12);
    rows.push({ indicator, value: values[0]!, trend, children });
  }
  const unitName = rows[0]?.value.unitName ?? unitCode;
  const asOf = rows[0]?.value.asOf ?? end;

  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    bufferPages: true,
    info: { Title: `${w.title} — ${unitName} — ${periodLabel(period, lang)}`, Creator: 'ytcs' },
  });
  const done = pdfBuffer(doc);
  doc.registerFont('body', pdfFont());
  doc.font('body');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 20;

  // Heading
  doc.fillColor(COLORS.text).fontSize(9);
  doc.text(unitName.toUpperCase(), left, doc.y, { width: width / 2 - 10, align: 'center' });
  const top = doc.page.margins.top;
  doc.text(w.nation, left + width / 2, top, { width: width / 2, align: 'center' });
  doc.text(w.motto, left + width / 2, doc.y, { width: width / 2, align: 'center', underline: true });
  doc.moveDown(2);
  doc.fontSize(14).text(w.title, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.3);
  doc
    .fontSize(10)
    .text(`${w.unit}: ${unitName} · ${w.period}: ${periodLabel(period, lang)} · ${w.asOf} ${dmy(asOf)}`, {
      width,
      align: 'center',
    });
  doc.moveDown(1.2);

  // I. Summary table
  doc.fontSize(12).text(w.summary, left, doc.y);
  doc.moveDown(0.4);
  const summary = summaryLines(rows, lang, month);
  const cols = [0.4, 0.15, 0.18, 0.12, 0.15].map((share) => ({ width: share * width }));
  const heightOf = (cells: string[]) => {
    doc.fontSize(8.5);
    return Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: cols[i]!.width - 6 })), 10) + 6;
  };
  const drawRow = (cells: string[], y: number, opts: { bold?: boolean; color?: string } = {}) => {
    const h = heightOf(cells);
    let x = left;
    cells.forEach((t, i) => {
      doc.rect(x, y, cols[i]!.width, h).lineWidth(0.4).strokeColor(COLORS.grid).stroke();
      doc
        .fillColor(i === cells.length - 1 && opts.color ? opts.color : COLORS.text)
        .text(t, x + 3, y + 3, { width: cols[i]!.width - 6 });
      x += cols[i]!.width;
    });
    return y + h;
  };
  let y = drawRow(summary.header, doc.y, { bold: true });
  for (const line of summary.lines) {
    // A row that would cross the bottom margin goes to a new page under the header again (pdfkit
    // would otherwise break every cell's text onto pages of its own).
    if (y + heightOf(line.cells) > bottom()) {
      doc.addPage();
      y = drawRow(summary.header, doc.page.margins.top, { bold: true });
    }
    y = drawRow(line.cells, y, { color: line.status ? STATUS_COLORS[line.status] : COLORS.dim });
  }

  // II. One block per indicator: trend chart and ranking of the children
  doc.addPage();
  doc.fillColor(COLORS.text).fontSize(12).text(w.details, left, doc.page.margins.top);
  doc.moveDown(0.5);
  const blockHeight = 190;
  for (const r of rows) {
    if (doc.y + blockHeight > bottom()) doc.addPage();
    const y0 = doc.y;
    doc.fillColor(COLORS.text).fontSize(10).text(detailTitle(r, lang), left, y0, { width });
    const chartTop = doc.y + 4;
    trendChart(doc, r, { x: left, y: chartTop, w: width * 0.45, h: 140 }, lang, w.trend);
    rankingChart(doc, r, { x: left + width * 0.5, y: chartTop, w: width * 0.5, h: 150 }, lang, w);
    doc.y = chartTop + 160;
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Writing inside the bottom margin would make pdfkit start a new page: lift the margin meanwhile.
    const margin = doc.page.margins.bottom;
    const footerY = doc.page.height - margin + 12;
    doc.page.margins.bottom = 0;
    doc
      .fillColor(COLORS.dim)
      .fontSize(7.5)
      .text(`${w.source}   ${w.page(i + 1, range.count)}`, left, footerY, {
        width,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return { file: await done, name: `so-ket_${unitCode}_${period}.pdf` };
}

type Box = { x: number; y: number; w: number; h: number };

/** A line of the monthly values with the target as a dashed line, months along the bottom. */
function trendChart(doc: PDFKit.PDFDocument, r: Row, box: Box, lang: Language, caption: string) {
  doc.fillColor(COLORS.dim).fontSize(7.5).text(caption, box.x, box.y, { width: box.w });
  const plot = { x: box.x + 28, y: box.y + 14, w: box.w - 32, h: box.h - 30 };
  const values = r.trend.map((p) => p.value);
  const known = values.filter((v): v is number => v != null);
  const target = r.indicator.target?.value;
  const lo = Math.min(...known, target ?? Infinity, 0);
  const hi = Math.max(...known, target ?? -Infinity, 1);
  const yOf = (v: number) => plot.y + plot.h - ((v - lo) / (hi - lo || 1)) * plot.h;
  const xOf = (i: number) => plot.x + (values.length > 1 ? (i / (values.length - 1)) * plot.w : plot.w / 2);
  doc.lineWidth(0.4).strokeColor(COLORS.grid);
  for (const v of [lo, (lo + hi) / 2, hi]) {
    doc
      .moveTo(plot.x, yOf(v))
      .lineTo(plot.x + plot.w, yOf(v))
      .stroke();
    doc
      .fillColor(COLORS.dim)
      .fontSize(6.5)
      .text(number(lang, v, 1), box.x, yOf(v) - 3, { width: 25, align: 'right' });
  }
  if (target != null) {
    doc.save().dash(3, { space: 2 }).lineWidth(1).strokeColor(COLORS.target);
    doc
      .moveTo(plot.x, yOf(target))
      .lineTo(plot.x + plot.w, yOf(target))
      .stroke();
    doc.undash().restore();
  }
  let started = false;
  doc.lineWidth(1.5).strokeColor(COLORS.main);
  values.forEach((v, i) => {
    if (v == null) return;
    if (!started) doc.moveTo(xOf(i), yOf(v));
    else doc.lineTo(xOf(i), yOf(v));
    started = true;
  });
  if (started) doc.stroke();
  values.forEach((v, i) => {
    if (v != null) doc.circle(xOf(i), yOf(v), 1.6).fillColor(COLORS.main).fill();
  });
  r.trend.forEach((p, i) => {
    if (i % 3 === 0 || i === r.trend.length - 1)
      doc
        .fillColor(COLORS.dim)
        .fontSize(6.5)
        .text(`${p.period.slice(5)}/${p.period.slice(2, 4)}`, xOf(i) - 12, plot.y + plot.h + 3, {
          width: 24,
          align: 'center',
        });
  });
}

/** Horizontal bars of the children's values, best first, with the target as a dashed line. */
function rankingChart(
  doc: PDFKit.PDFDocument,
  r: Row,
  box: Box,
  lang: Language,
  w: (typeof WORDS)[Language],
) {
  doc.fillColor(COLORS.dim).fontSize(7.5).text(w.ranking, box.x, box.y, { width: box.w });
  const ranked = rankValues(r.children, r.indicator.direction).filter((v) => v.value != null);
  if (!ranked.length) {
    doc
      .fillColor(COLORS.dim)
      .fontSize(8)
      .text(w.noData, box.x, box.y + 16, { width: box.w });
    return;
  }
  const shown = ranked.slice(0, 12);
  const labelWidth = box.w * 0.42;
  const plot = { x: box.x + labelWidth, y: box.y + 14, w: box.w - labelWidth - 34 };
  const bar = Math.min(10, (box.h - 26) / shown.length - 2);
  const target = r.indicator.target?.value;
  const hi = Math.max(...shown.map((v) => v.value!), target ?? 0, 1);
  shown.forEach((v, i) => {
    const y = plot.y + i * (bar + 2);
    doc
      .fillColor(COLORS.text)
      .fontSize(6.5)
      .text(v.unitName, box.x, y + 1, {
        width: labelWidth - 4,
        height: bar + 2,
        ellipsis: true,
        lineBreak: false,
      });
    const len = (v.value! / hi) * plot.w;
    doc.rect(plot.x, y, Math.max(len, 0.5), bar).fillColor(COLORS.main).fill();
    doc
      .fillColor(COLORS.dim)
      .fontSize(6.5)
      .text(number(lang, v.value), plot.x + len + 2, y + 1, { width: 32, lineBreak: false });
  });
  if (target != null) {
    const x = plot.x + (target / hi) * plot.w;
    doc.save().dash(3, { space: 2 }).lineWidth(1).strokeColor(COLORS.target);
    doc
      .moveTo(x, plot.y - 2)
      .lineTo(x, plot.y + shown.length * (bar + 2))
      .stroke();
    doc.undash().restore();
  }
  if (ranked.length > shown.length)
    doc
      .fillColor(COLORS.dim)
      .fontSize(6.5)
      .text(w.more(ranked.length - shown.length), box.x, plot.y + shown.length * (bar + 2) + 2, {
        width: box.w,
      });
}
