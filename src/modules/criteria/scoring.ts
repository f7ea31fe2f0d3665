// Scoring a self-assessment against a criteria version (pure): the pass rule is the version's data
// (≥ minTotal points, ≥ minShareOfEach of every criterion's points, every knock-out indicator given its
// full points), and points above an indicator's maximum are refused field by field.
import type { FieldError } from '../../core/errors.js';
import type { CriteriaSetDefinition, ScoreResult } from './contracts.js';

const round = (n: number) => Math.round(n * 100) / 100;

/** The field errors of the points given: unknown indicators, points above the maximum. */
export function scoreErrors(
  def: CriteriaSetDefinition,
  scores: Record<string, number>,
  path = 'body.scores',
): FieldError[] {
  const max = new Map(def.criteria.flatMap((c) => c.indicators.map((i) => [i.code, i.maxPoints] as const)));
  const errors: FieldError[] = [];
  for (const [code, points] of Object.entries(scores)) {
    const limit = max.get(code);
    if (limit === undefined)
      errors.push({
        path: `${path}.${code}`,
        code: 'unknown_indicator',
        message: `No indicator ${code} in criteria ${def.code} version ${def.version}`,
        text: {
          vi: `Không có chỉ tiêu ${code} trong bộ tiêu chí ${def.code} (phiên bản ${def.version})`,
          en: `No indicator ${code} in criteria ${def.code} version ${def.version}`,
        },
      });
    else if (points > limit)
      errors.push({
        path: `${path}.${code}`,
        code: 'too_big',
        message: `Indicator ${code} has at most ${limit} points (given ${points})`,
        text: {
          vi: `Chỉ tiêu ${code} tối đa ${limit} điểm (đã nhập ${points})`,
          en: `Indicator ${code} has at most ${limit} points (given ${points})`,
        },
      });
  }
  return errors;
}

/** The indicators not yet given points (a submission needs them all). */
export function missingScores(
  def: CriteriaSetDefinition,
  scores: Record<string, number>,
  path = 'body.scores',
): FieldError[] {
  return def.criteria.flatMap((c) =>
    c.indicators
      .filter((i) => scores[i.code] === undefined)
      .map((i) => ({
        path: `${path}.${i.code}`,
        code: 'required',
        message: `Indicator ${i.code} has no points yet`,
        text: { vi: `Chỉ tiêu ${i.code} chưa được chấm điểm`, en: `Indicator ${i.code} has no points yet` },
      })),
  );
}

/** The score by the version's pass rule (points not given count as 0). */
export function scoreAssessment(def: CriteriaSetDefinition, scores: Record<string, number>): ScoreResult {
  const reasons: string[] = [];
  const failedKnockouts: string[] = [];
  const criteria = def.criteria.map((c) => {
    const points = round(c.indicators.reduce((s, i) => s + (scores[i.code] ?? 0), 0));
    const enough = points >= c.maxPoints * def.passRule.minShareOfEach - 1e-9;
    if (!enough) reasons.push(`criterion:${c.no}`);
    for (const i of c.indicators)
      if (i.mandatory && (scores[i.code] ?? 0) < i.maxPoints - 1e-9) failedKnockouts.push(i.code);
    return { no: c.no, points, maxPoints: c.maxPoints, enough };
  });
  const total = round(criteria.reduce((s, c) => s + c.points, 0));
  if (total < def.passRule.minTotal - 1e-9) reasons.unshift('total');
  reasons.push(...failedKnockouts.map((k) => `knockout:${k}`));
  return { total, passed: reasons.length === 0, criteria, failedKnockouts, reasons };
}

/** The last day an approval stands: `years` years from the day of approval, less a day. */
export function validUntil(approvedOn: string, years: number): string {
  const [y, m, d] = approvedOn.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February + 3 years: the last day of February.
  if (end.getUTCMonth() !== m - 1) end.setUTCDate(0);
  else end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}
