/**
 * A code-list value (ethnicity, religion, relation to the head, beneficiary group …) shown in the
 * interface language: the code list's English display in English, its Vietnamese one otherwise.
 * The server's `…Name` fields carry the Vietnamese display only; they stay the fallback for a code
 * the list does not know (or before the list has loaded). Pure, tested in code-display.test.ts.
 */
import type { CodeValue } from '../../../src/modules/terminology/contracts';

export function codeDisplay(
  list: Pick<CodeValue, 'code' | 'displayVi' | 'displayEn'>[] | undefined,
  code: string | null | undefined,
  language: string,
  fallback?: string | null,
): string {
  if (!code) return fallback ?? '';
  const entry = list?.find((c) => c.code === code);
  if (!entry) return fallback ?? code;
  return language === 'en' && entry.displayEn ? entry.displayEn : entry.displayVi;
}
