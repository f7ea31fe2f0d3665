/**
 * A choropleth of the provinces (the children of the country): each province coloured by the
 * indicator's value, the target marked on the scale, a click opening that province's dashboard.
 * The boundaries come from the server (GET /api/v1/geo/provinces, made by scripts/build-geo.ts)
 * and, like ECharts' map parts, are loaded only when a map is shown.
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
import { formatValue, type IndicatorDefinition, type IndicatorValue } from './data';
import { CHART_COLORS } from './EChart';
import { useIndicatorText } from './text';

use([MapChart, TooltipComponent, VisualMapComponent, SVGRenderer]);

type MapOption = ComposeOption<MapSeriesOption | TooltipComponentOption | VisualMapComponentOption>;
const MAP_NAME = 'vn-provinces-2025';
let registered = false;

function useProvinceBoundaries() {
  return useQuery({
    queryKey: ['geo', 'provinces'],
    queryFn: async () => {
      const geo = await api.get<object>('/geo/provinces');
      if (!registered) {
        registerMap(MAP_NAME, geo as Parameters<typeof registerMap>[1]);
        registered = true;
      }
      return true;
    },
    staleTime: Infinity,
  });
}

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
  const boundaries = useProvinceBoundaries();
  const text = useIndicatorText();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;

  const option = useMemo<MapOption>(() => {
    const byCode = new Map(values.map((v) => [v.unitCode, v]));
    const known = values.map((v) => v.value).filter((v): v is number => v != null);
    const target = indicator.target?.value;
    // The scale spans the values and the target, with some room, so that one value near the target
    // is not painted as the worst.
    const lowest = Math.min(...known, target ?? Infinity);
    const highest = Math.max(...known, target ?? -Infinity);
    const room = Number.isFinite(lowest) ? Math.max(5, (highest - lowest) * 0.1) : 0;
    const low = indicator.unit === '%' ? Math.max(0, lowest - room) : lowest - room;
    const high = indicator.unit === '%' ? Math.min(100, highest) : highest;
    const higherIsBetter = indicator.direction === 'higher';
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const v = byCode.get((p as { name: string }).name);
          return v ? `${v.unitName}: ${text.value(indicator, v.value)}` : '';
        },
      },
      visualMap: {
        type: 'continuous',
        min: Number.isFinite(low) ? Math.floor(low) : 0,
        max: Number.isFinite(high) ? Math.ceil(high) : 100,
        left: 8,
        bottom: 8,
        calculable: false,
        text: [
          formatValue(Number.isFinite(high) ? Math.ceil(high) : 100),
          formatValue(Number.isFinite(low) ? Math.floor(low) : 0),
        ],
        textStyle: { color: CHART_COLORS.text },
        inRange: {
          color: higherIsBetter
            ? ['#f7e0c3', '#cfe9e2', CHART_COLORS.light, CHART_COLORS.main]
            : [CHART_COLORS.main, CHART_COLORS.light, '#cfe9e2', '#f7e0c3'],
        },
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          nameProperty: 'code',
          roam: false,
          aspectScale: 1,
          itemStyle: { borderColor: '#ffffff', borderWidth: 0.6, areaColor: '#eef2f1' },
          emphasis: { label: { show: false }, itemStyle: { areaColor: CHART_COLORS.target } },
          select: { disabled: true },
          data: values.map((v) => ({ name: v.unitCode, value: v.value ?? undefined })),
        },
      ],
    } as MapOption;
  }, [values, indicator, text]);

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
        <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: 620 }} />
      )}
    </Paper>
  );
}
