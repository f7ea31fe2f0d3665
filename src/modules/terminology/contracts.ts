/**
 * The shapes of the versioned code lists (danh mục dùng chung), as the API and the web app see them.
 * Shared with the web app: no database or server code here.
 */
import { z } from 'zod';

/** One entry of a code list (GET /codes/{system}), valid from `validFrom` until `validTo` (exclusive). */
export const codeValueOut = z.object({
  code: z.string(),
  displayVi: z.string(),
  displayEn: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  sortOrder: z.number(),
});
export type CodeValue = z.infer<typeof codeValueOut>;
