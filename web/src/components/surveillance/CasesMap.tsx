/**
 * The country's provinces coloured by a disease's cases in the period (bản đồ ca bệnh), for a national
 * user (whose children are provinces), a click opening that province's surveillance page. Within a
 * province the communes are tiles (no commune boundaries are kept).
 */
import { useCallback, useMemo } from 'react';
import { ProvinceChoropleth, type ProvinceScale } from '../maps/ProvinceChoropleth';

export function CasesMap({
  units,
  label,
  onOpen,
}: {
  units: { code: string; name: string; cases: number }[];
  /** What the map shows, for screen readers (the same numbers are in the tiles beside it). */
  label: string;
  onOpen: (code: string) => void;
}) {
  const byCode = useMemo(() => new Map(units.map((u) => [u.code, u])), [units]);
  const data = useMemo(() => units.map((u) => ({ code: u.code, value: u.cases })), [units]);
  const scale = useMemo<ProvinceScale>(() => {
    const max = Math.max(1, ...units.map((u) => u.cases));
    return {
      type: 'continuous',
      min: 0,
      max,
      text: [String(max), '0'],
      inRange: { color: ['#fff4e6', '#ffc078', '#fd7e14', '#c92a2a'] },
    };
  }, [units]);
  const tooltip = useCallback(
    (code: string) => {
      const u = byCode.get(code);
      return u ? `${u.name}: ${u.cases}` : '';
    },
    [byCode],
  );
  return (
    <ProvinceChoropleth
      data={data}
      scale={scale}
      tooltip={tooltip}
      height={560}
      label={label}
      onOpen={onOpen}
    />
  );
}
