/**
 * The country's provinces coloured by a disease's cases in the period (bản đồ ca bệnh), for a national
 * user (whose children are provinces): the same boundaries as the indicators' map (GET
 * /api/v1/geo/provinces, loaded only when a map is shown), a click opening that province's
 * surveillance page. Within a province the communes are tiles (no commune boundaries are kept).
 */
import { Paper } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { MapChart, type MapSeriesOption } from 'echarts/charts';
import {
  TooltipComponent,
  VisualMapComponent,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { init, registerMap, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { api } from '../../api/client';
import { PageLoader } from '../common';

use([MapChart, TooltipComponent, VisualMapComponent, SVGRenderer]);

type MapOption = ComposeOption<MapSeriesOption | TooltipComponentOption | VisualMapComponentOption>;
const MAP_NAME = 'vn-provinces-2025';

function useBoundaries() {
  return useQuery({
    queryKey: ['geo', 'provinces', 'surveillance'],
    queryFn: async () => {
      const geo = await api.get<object>('/geo/provinces');
      registerMap(MAP_NAME, geo as Parameters<typeof registerMap>[1]);
      return true;
    },
    staleTime: Infinity,
  });
}

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
  const boundaries = useBoundaries();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;

  const option = useMemo<MapOption>(() => {
    const byCode = new Map(units.map((u) => [u.code, u]));
    const max = Math.max(1, ...units.map((u) => u.cases));
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const u = byCode.get((p as { name: string }).name);
          return u ? `${u.name}: ${u.cases}` : '';
        },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max,
        left: 8,
        bottom: 8,
        calculable: false,
        text: [String(max), '0'],
        inRange: { color: ['#fff4e6', '#ffc078', '#fd7e14', '#c92a2a'] },
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          nameProperty: 'code',
          roam: false,
          aspectScale: 1,
          itemStyle: { borderColor: '#ffffff', borderWidth: 0.6, areaColor: '#eef2f1' },
          emphasis: { label: { show: false } },
          select: { disabled: true },
          data: units.map((u) => ({ name: u.code, value: u.cases })),
        },
      ],
    } as MapOption;
  }, [units]);

  useEffect(() => {
    if (!boundaries.data || !ref.current) return;
    const instance = init(ref.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (p) => {
      if (p.name) open.current(String(p.name));
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [boundaries.data]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, boundaries.data]);

  return (
    <Paper withBorder p="sm">
      {boundaries.isPending ? (
        <PageLoader />
      ) : (
        <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: 560 }} />
      )}
    </Paper>
  );
}
