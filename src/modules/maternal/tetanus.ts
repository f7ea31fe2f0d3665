/**
 * A woman's protection against tetanus (uốn ván) from her doses of tetanus toxoid or Td (VAT1–VAT5),
 * by the list `tetanus-protection` in force (reference/codes/tetanus-protection.csv): a dose counts as
 * the next of the series when it comes at least the list's interval after the last counted one
 * (an earlier one is kept but not counted, and the card says so); the last counted dose protects from
 * `protects_after_days` after it for `protection_days` (none after the first; through the
 * childbearing years when empty). Protected at birth (bảo vệ uốn ván sơ sinh) = protected on the
 * delivery day, or on the EDD while the pregnancy is under way.
 */
import { addDays, type CodeRow } from './rules.js';

export const TETANUS_SYSTEM = 'tetanus-protection';

export interface TetanusDose {
  vaccine: string;
  givenOn: string;
}

export interface TetanusStatus {
  doses: (TetanusDose & { counted: number | null })[];
  /** How many doses of the series count (0–5). */
  counted: number;
  protectedFrom: string | null;
  /** The last day protected; null with `protectedFrom` set = through the childbearing years. */
  protectedUntil: string | null;
  /** The dose of the series to give next (null after the last) and the earliest day for it. */
  nextDose: number | null;
  nextFrom: string | null;
}

interface Step {
  dose: number;
  minInterval: number;
  protectionDays: number | null;
  protectsAfter: number;
}

function steps(list: readonly CodeRow[]): Step[] {
  return list
    .map((r) => ({
      dose: Number(r.properties.dose),
      minInterval: Number(r.properties.min_interval_days ?? 0),
      protectionDays: r.properties.protection_days ? Number(r.properties.protection_days) : null,
      protectsAfter: Number(r.properties.protects_after_days ?? 0),
    }))
    .filter((s) => Number.isInteger(s.dose) && s.dose > 0)
    .sort((a, b) => a.dose - b.dose);
}

/** The status from the doses (any order) and the list in force. */
export function tetanusStatus(list: readonly CodeRow[], given: readonly TetanusDose[]): TetanusStatus {
  const series = steps(list);
  const last = series.at(-1);
  const doses: TetanusStatus['doses'] = [];
  let counted = 0;
  let lastOn: string | null = null;
  for (const d of [...given].sort((a, b) => a.givenOn.localeCompare(b.givenOn))) {
    const next = series[counted];
    // After the last dose of the series a further one is a booster: it renews the last step.
    const step = next ?? last;
    const due = step && lastOn ? addDays(lastOn, step.minInterval) : null;
    if (!step || (due !== null && d.givenOn < due)) {
      doses.push({ ...d, counted: null });
      continue;
    }
    if (next) counted += 1;
    lastOn = d.givenOn;
    doses.push({ ...d, counted: step.dose });
  }
  const reached = counted > 0 ? series[counted - 1]! : undefined;
  const protects = reached && lastOn && (reached.protectionDays === null || reached.protectionDays > 0);
  const following = series[counted];
  return {
    doses,
    counted,
    protectedFrom: protects ? addDays(lastOn!, reached.protectsAfter) : null,
    protectedUntil:
      protects && reached.protectionDays !== null ? addDays(lastOn!, reached.protectionDays) : null,
    nextDose: following ? following.dose : null,
    nextFrom: following ? (lastOn ? addDays(lastOn, following.minInterval) : null) : null,
  };
}

/** Whether the status protects on a day (the birth, or the EDD). */
export const protectedOn = (s: TetanusStatus, day: string): boolean =>
  s.protectedFrom !== null &&
  s.protectedFrom <= day &&
  (s.protectedUntil === null || day <= s.protectedUntil);
