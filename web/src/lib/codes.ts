import { useTranslation } from 'react-i18next';
import { useCodes } from '../api/queries';
import { codeDisplay } from './code-display';

/** `(code, vietnameseName) → display` for one code list, in the interface language. */
export function useCodeDisplay(
  system: string,
): (code: string | null | undefined, fallback?: string | null) => string {
  const { i18n } = useTranslation();
  const codes = useCodes(system);
  return (code, fallback) => codeDisplay(codes.data, code, i18n.language, fallback);
}
