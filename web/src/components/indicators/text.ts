import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatValue, type IndicatorDefinition } from './data';

/**
 * An indicator's name, definition and unit in the interface language; values with their unit. The
 * same object while the language stays, so that charts memoised on it are not rebuilt each render.
 */
export function useIndicatorText() {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useMemo(() => {
    const unit = (d: Pick<IndicatorDefinition, 'unit'>) =>
      d.unit === '%' ? '%' : d.unit === 'per 10,000' ? t('indicators.per10k') : d.unit;
    return {
      name: (d: Pick<IndicatorDefinition, 'nameVi' | 'nameEn'>) => (english ? d.nameEn : d.nameVi),
      definition: (d: Pick<IndicatorDefinition, 'definitionVi' | 'definitionEn'>) =>
        english ? d.definitionEn : d.definitionVi,
      unit,
      /** 85,5% or 9,3 trên 10.000 dân */
      value: (d: Pick<IndicatorDefinition, 'unit'>, v: number | null | undefined) =>
        v == null ? '—' : d.unit === '%' ? `${formatValue(v)}%` : `${formatValue(v)} ${unit(d)}`,
    };
  }, [t, english]);
}
