import type { HealthRecordDocument } from '../../api/people';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A moment as Vietnam's clock shows it: 2026-01-15T07:00:00Z → 15/01/2026 14:00. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** The document of a record that has no version yet. */
export const EMPTY_DOCUMENT: HealthRecordDocument = {
  history: {},
  vaccinations: { doses: [] },
  examinations: { items: [] },
};
