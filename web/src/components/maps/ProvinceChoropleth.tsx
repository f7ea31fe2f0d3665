/**
 * The country's provinces (bản đồ tỉnh) coloured by one number each, a click opening a province.
 * The boundaries come from the server (GET /api/v1/geo/provinces, made by scripts/build-geo.ts) and,
 * like ECharts' map parts, are loaded only when a map is shown, once for every map of the app.
 * The indicators' map and the surveillance cases map are this map with their own scale and tooltip.
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

export type ProvinceScale = VisualMapComponentOption;

export function ProvinceChoropleth({
  data,
  scale,
  tooltip,
  hoverColor,
  height,
  label,
  onOpen,
}: {
  /** One number per province code (undefined: no value, painted grey). */
  data: { code: string; value: number | undefined }[];
  /** The colour scale (ECharts visualMap), placed at the bottom left. */
  scale: ProvinceScale;
  /** The tooltip text of a province, by its code ('' for none). */
  tooltip: (code: string) => string;
  hoverColor?: string;
  height: number;
  /** What the map shows, for screen readers (the same numbers are beside it). */
  label: string;
  onOpen: (code: string) => void;
}) {
  const boundaries = useProvinceBoundaries();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;

  const option = useMemo<MapOption>(
    () =>
      ({
        animation: false,
        tooltip: { trigger: 'item', formatter: (p: unknown) => tooltip((p as { name: string }).name) },
        visualMap: { left: 8, bottom: 8, calculable: false, ...scale },
        series: [
          {
            type: 'map',
            map: MAP_NAME,
            nameProperty: 'code',
            roam: false,
            aspectScale: 1,
            itemStyle: { borderColor: '#ffffff', borderWidth: 0.6, areaColor: '#eef2f1' },
            emphasis: {
              label: { show: false },
              ...(hoverColor ? { itemStyle: { areaColor: hoverColor } } : {}),
            },
            select: { disabled: true },
            data: data.map((d) => ({ name: d.code, value: d.value })),
          },
        ],
      }) as MapOption,
    [data, scale, tooltip, hoverColor],
  );

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
        <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />
      )}
    </Paper>
  );
}
