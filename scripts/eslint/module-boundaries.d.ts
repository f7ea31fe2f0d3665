// Types of the ESLint rule's exports used by src/architecture/boundaries.test.ts.
import type { Rule } from 'eslint';

export const MODULE_USES: Record<string, readonly string[]>;
export function violation(
  fromRel: string,
  toRel: string,
  options?: { typeOnly?: boolean; isPackage?: boolean; source?: string },
): string | null;
declare const rule: Rule.RuleModule;
export default rule;
