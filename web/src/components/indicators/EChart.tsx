/**
 * A small React wrapper around ECharts, imported piece by piece (only the line and bar charts, the
 * grid, tooltip and mark lines, the SVG renderer) so that the dashboard's chunk stays small; it is
 * loaded with the indicators page only.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([LineChart, BarChart, GridComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | MarkLineComponentOption
>;

/** Colours of the app's theme (ytcs teal, amber), dark enough for 3:1 against white (WCAG 1.4.11). */
export const CHART_COLORS = {
  main: '#0b6b59',
  light: '#9fd2c6',
  target: '#8a5600',
  grid: '#dfe7e5',
  text: '#495057',
};

export function EChart({
  option,
  height,
  label,
}: {
  option: ChartOption;
  height: number;
  /** What the chart shows, for screen readers (the same numbers are in a table nearby). */
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const instance = init(ref.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    chart.current?.resize();
  }, [height]);

  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
