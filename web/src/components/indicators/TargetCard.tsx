import { Badge, Button, Card, Group, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import {
  formatValue,
  gapToTarget,
  targetStatus,
  useIndicatorTrend,
  useIndicatorValues,
  type IndicatorDefinition,
  type IndicatorPart,
  type IndicatorValue,
  type Status,
} from './data';
import { CHART_COLORS, EChart, type ChartOption } from './EChart';
import { useIndicatorText } from './text';

/** Light badges take their darkest shade for text (theme.ts): ≥ 4.5:1 on their tint. */
const STATUS_COLOR: Record<Status, string> = { met: 'ytcs', onTrack: 'blue', behind: 'red' };

function StatusBadge({ status }: { status: Status | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <Badge color={STATUS_COLOR[status]} style={{ flexShrink: 0 }}>
      {t(`indicators.status.${status}`)}
    </Badge>
  );
}

function sparkline(trend: IndicatorValue[]): ChartOption {
  return {
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    xAxis: { type: 'category', show: false, data: trend.map((p) => p.period), boundaryGap: false },
    yAxis: { type: 'value', show: false, scale: true },
    series: [
      {
        type: 'line',
        data: trend.map((p) => p.value),
        symbol: 'none',
        connectNulls: true,
        lineStyle: { color: CHART_COLORS.main, width: 2 },
        areaStyle: { color: CHART_COLORS.light, opacity: 0.35 },
      },
    ],
  };
}

/** One indicator for the unit and month: value, target, gap, 12-month sparkline, status. */
export function TargetCard({
  indicator,
  unit,
  period,
  selected,
  onSelect,
  onDrill,
}: {
  indicator: IndicatorDefinition;
  unit: string;
  period: string;
  selected: boolean;
  onSelect: () => void;
  onDrill: (row: IndicatorValue, part: IndicatorPart) => void;
}) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const values = useIndicatorValues(indicator.code, unit, period, false);
  const trend = useIndicatorTrend(indicator.code, unit, period);
  const row = values.data?.values[0];
  // No status before both the month's value and its trend are in: a value kept from the month shown
  // before, or a trend not loaded yet, would show a status that then flips (behind → on track).
  const settled = values.isSuccess && !values.isPlaceholderData && trend.isSuccess;
  const status = settled ? targetStatus(indicator, row?.value, period, trend.data) : null;
  const gap = gapToTarget(indicator, row?.value);
  const option = useMemo(() => (trend.data ? sparkline(trend.data) : null), [trend.data]);
  const name = text.name(indicator);
  const target = indicator.target;

  return (
    <Card
      padding="md"
      component="article"
      aria-label={name}
      style={selected ? { borderColor: 'var(--mantine-color-ytcs-7)', borderWidth: 2 } : undefined}
    >
      <Stack gap={6} h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Text size="sm" fw={600} lh={1.3}>
            {name}
          </Text>
          <StatusBadge status={status} />
        </Group>
        {values.isPending ? (
          <Skeleton h={34} w={120} />
        ) : values.isError ? (
          <Text size="sm" c="red.9">
            {t('errors.generic')}
          </Text>
        ) : (
          <Group gap={6} align="baseline">
            {row && row.value != null ? (
              <UnstyledButton
                onClick={() => onDrill(row, 'numerator')}
                aria-label={t('indicators.drill.open', { name, value: text.value(indicator, row.value) })}
                className="indicator-number"
              >
                <Text fz={30} fw={700} lh={1.1} td="underline" style={{ textDecorationStyle: 'dotted' }}>
                  {formatValue(row.value)}
                </Text>
              </UnstyledButton>
            ) : (
              <Text fz={30} fw={700} lh={1.1}>
                —
              </Text>
            )}
            <Text size="sm" c="dimmed">
              {text.unit(indicator)}
            </Text>
          </Group>
        )}
        {row && (
          <Text size="xs" c="dimmed">
            {t('indicators.fraction', {
              numerator: formatValue(row.numerator),
              denominator: formatValue(row.denominator),
            })}
          </Text>
        )}
        {target ? (
          <Text size="sm">
            {t('indicators.target', {
              operator: target.operator.replace('>=', '≥').replace('<=', '≤'),
              value: text.value(indicator, target.value),
              deadline: formatDate(target.deadline),
            })}
            {gap != null && gap > 0 && (
              <Text span c="dimmed" size="sm">
                {' · '}
                {t('indicators.gap', { value: text.value(indicator, gap) })}
              </Text>
            )}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('indicators.noTarget')}
          </Text>
        )}
        <div style={{ flex: 1 }} />
        {option ? (
          <EChart option={option} height={44} label={t('indicators.sparklineLabel', { name })} />
        ) : (
          <Skeleton h={44} />
        )}
        <Button
          variant={selected ? 'filled' : 'light'}
          size="xs"
          onClick={onSelect}
          aria-pressed={selected}
          aria-label={t('indicators.showDetails', { name })}
        >
          {selected ? t('indicators.shown') : t('indicators.show')}
        </Button>
      </Stack>
    </Card>
  );
}
