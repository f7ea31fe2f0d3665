/**
 * The provinces (the children of the country) coloured by an indicator's value, the scale spanning
 * the values and the target, a click opening that province's dashboard.
 */
import { useCallback, useMemo } from 'react';
import { ProvinceChoropleth, type ProvinceScale } from '../maps/ProvinceChoropleth';
import { formatValue, type IndicatorDefinition, type IndicatorValue } from './data';
import { CHART_COLORS } from './EChart';
import { useIndicatorText } from './text';

export function ProvinceMap({
  indicator,
  values,
  label,
  onOpen,
}: {
  indicator: IndicatorDefinition;
  values: IndicatorValue[];
  /** What the map shows, for screen readers (the same numbers are in the table beside it). */
  label: string;
  onOpen: (unitCode: string) => void;
}) {
  const text = useIndicatorText();
  const byCode = useMemo(() => new Map(values.map((v) => [v.unitCode, v])), [values]);
  const data = useMemo(
    () => values.map((v) => ({ code: v.unitCode, value: v.value ?? undefined })),
    [values],
  );
  const scale = useMemo<ProvinceScale>(() => {
    const known = values.map((v) => v.value).filter((v): v is number => v != null);
    const target = indicator.target?.value;
    // The scale spans the values and the target, with some room, so that one value near the target
    // is not painted as the worst.
    const lowest = Math.min(...known, target ?? Infinity);
    const highest = Math.max(...known, target ?? -Infinity);
    const room = Number.isFinite(lowest) ? Math.max(5, (highest - lowest) * 0.1) : 0;
    const low = indicator.unit === '%' ? Math.max(0, lowest - room) : lowest - room;
    const high = indicator.unit === '%' ? Math.min(100, highest) : highest;
    const min = Number.isFinite(low) ? Math.floor(low) : 0;
    const max = Number.isFinite(high) ? Math.ceil(high) : 100;
    return {
      type: 'continuous',
      min,
      max,
      text: [formatValue(max), formatValue(min)],
      textStyle: { color: CHART_COLORS.text },
      inRange: {
        color:
          indicator.direction === 'higher'
            ? ['#f7e0c3', '#cfe9e2', CHART_COLORS.light, CHART_COLORS.main]
            : [CHART_COLORS.main, CHART_COLORS.light, '#cfe9e2', '#f7e0c3'],
      },
    };
  }, [values, indicator]);
  const tooltip = useCallback(
    (code: string) => {
      const v = byCode.get(code);
      return v ? `${v.unitName}: ${text.value(indicator, v.value)}` : '';
    },
    [byCode, text, indicator],
  );
  return (
    <ProvinceChoropleth
      data={data}
      scale={scale}
      tooltip={tooltip}
      hoverColor={CHART_COLORS.target}
      height={620}
      label={label}
      onOpen={onOpen}
    />
  );
}
