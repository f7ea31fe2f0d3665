/**
 * The coverage figures of a unit on a day (targets T3 and T5), shared with the web app (no database or
 * server code here).
 */
import { z } from 'zod';

export const coverageOut = z.object({
  unitCode: z.string(),
  on: z.string(),
  /** Active residents of the unit (in the caller's area). */
  residents: z.number(),
  /** With a valid, not voided insurance card on the day (target T3). */
  insured: z.number(),
  /** With an 831 record reviewed or updated in the 12 months up to the day (target T5). */
  healthManaged: z.number(),
  insuredShare: z.number().nullable(),
  healthManagedShare: z.number().nullable(),
});
export type CoverageOut = z.infer<typeof coverageOut>;
