/**
 * Business dates are Vietnamese dates: "today" for a station in Hà Nội starts at 00:00 ICT (UTC+7),
 * not at 07:00 as UTC would have it. YTCS_TIMEZONE changes it (IANA name). The one clock of the server
 * and of the web app (whose forms share the contracts' "not in the future" checks): no other "today".
 */
export const TIME_ZONE =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.YTCS_TIMEZONE ||
  'Asia/Ho_Chi_Minh';

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date (YYYY-MM-DD) in the business time zone. */
export function today(now: Date = new Date()): string {
  return formatter.format(now);
}
