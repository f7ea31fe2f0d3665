import { useTranslation } from 'react-i18next';
import { useCodes } from '../api/queries';
import type { CodeValue } from '../api/types';

/** Professional titles from the `staff-title` code list, in the interface language. */
export function useTitles(): {
  list: CodeValue[];
  label: (code: string) => string;
  display: (c: CodeValue) => string;
} {
  const { i18n } = useTranslation();
  const codes = useCodes('staff-title');
  const english = i18n.language === 'en';
  const display = (c: CodeValue) => (english ? c.displayEn : c.displayVi);
  const list = [...(codes.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder);
  return {
    list,
    display,
    label: (code) => {
      const c = list.find((x) => x.code === code);
      return c ? display(c) : code;
    },
  };
}
