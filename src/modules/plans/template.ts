// The shipped plan (reference/resources/plans): seed 000's targets as data, for the demo and as the
// model of the JSON an administrator posts to /plans.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planInput, type PlanInput } from './contracts.js';

export const PLAN_TEMPLATE_FILE = fileURLToPath(
  new URL('../../../reference/resources/plans/176-KH-UBND-2024-kien-giang.json', import.meta.url),
);

/** The shipped plan as an input for a unit (the province the plan is made for). */
export function planTemplate(unitCode: string, file = PLAN_TEMPLATE_FILE): PlanInput {
  const { $comment: _comment, ...raw } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return planInput.parse({ ...raw, unitCode });
}
