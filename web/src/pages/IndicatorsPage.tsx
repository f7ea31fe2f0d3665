/**
 * The supervision dashboard of a unit (`/units/:code/indicators?period=YYYY-MM&indicator=T1`): one
 * target card per indicator of the catalogue, then for the selected indicator the ranking of the
 * children (table, CSV export and bar chart), the 12-month trend, and the records behind any number.
 */
import {
  Anchor,
  Box,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { query } from '../api/client';
import { useUnit } from '../api/queries';
import { EmptyNote, ErrorState, PageHeader, PageLoader, SectionTitle } from '../components/common';
import {
  currentPeriod,
  downloadText,
  formatPeriod,
  formatValue,
  isMonth,
  recentPeriods,
  toCsv,
  useIndicators,
  useIndicatorTrend,
  useIndicatorValues,
  type IndicatorDefinition,
  type IndicatorPart,
  type IndicatorValue,
} from '../components/indicators/data';
import { CommuneTiles } from '../components/indicators/CommuneTiles';
import { CHART_COLORS, EChart, type ChartOption } from '../components/indicators/EChart';
import { populationCount } from '../components/indicators/population';
import { RecordsDrawer, type DrillTarget } from '../components/indicators/RecordsDrawer';
import { TargetCard } from '../components/indicators/TargetCard';
import { useIndicatorText } from '../components/indicators/text';
import { DataTable, Th } from '../components/tables';
import { formatNumber } from '../lib/format';
import { UnitBreadcrumbs } from '../components/UnitBreadcrumbs';
import { useAnnounceUnit, useUnitName, useUnitType } from '../lib/units';

const ProvinceMap = lazy(() =>
  import('../components/indicators/ProvinceMap').then((m) => ({ default: m.ProvinceMap })),
);

/** Best first: highest values for "higher is better", lowest for "lower"; units without a value last. */
function ranked(rows: IndicatorValue[], direction: IndicatorDefinition['direction']): IndicatorValue[] {
  return [...rows].sort((a, b) => {
    if (a.value == null || b.value == null) return a.value == null ? (b.value == null ? 0 : 1) : -1;
    return direction === 'higher' ? b.value - a.value : a.value - b.value;
  });
}

function NumberButton({ value, label, onClick }: { value: number; label: string; onClick: () => void }) {
  return (
    <UnstyledButton onClick={onClick} aria-label={label} className="indicator-number">
      <Text span size="sm" td="underline" style={{ textDecorationStyle: 'dotted' }}>
        {formatValue(value)}
      </Text>
    </UnstyledButton>
  );
}

function Ranking({
  indicator,
  unitCode,
  unitName,
  unitPopulation,
  period,
  onDrill,
}: {
  indicator: IndicatorDefinition;
  unitCode: string;
  unitName: string;
  /** The unit's own administrative population (the overview's figure). */
  unitPopulation: number | null;
  period: string;
  onDrill: (row: IndicatorValue, part: IndicatorPart) => void;
}) {
  const { t, i18n } = useTranslation();
  const text = useIndicatorText();
  const values = useIndicatorValues(indicator.code, unitCode, period, true);
  const navigate = useNavigate();
  const rows = useMemo(
    () => ranked(values.data?.values ?? [], indicator.direction),
    [values.data, indicator.direction],
  );
  const name = text.name(indicator);
  const dashboardOf = (code: string) =>
    `/units/${code}/indicators?period=${period}&indicator=${indicator.code}`;
  const population = indicator.denominator === 'population' ? populationCount(rows, unitPopulation) : null;
  const chart = useMemo<ChartOption>(() => {
    const shown = [...rows].reverse(); // ECharts draws the first category at the bottom
    return {
      animation: false,
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'value',
        axisLabel: { color: CHART_COLORS.text },
        splitLine: { lineStyle: { color: CHART_COLORS.grid } },
      },
      yAxis: {
        type: 'category',
        data: shown.map((r) => r.unitName),
        axisLabel: { color: CHART_COLORS.text, width: 140, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: shown.map((r) => r.value),
          itemStyle: { color: CHART_COLORS.main, borderRadius: [0, 3, 3, 0] },
          barMaxWidth: 16,
          label: {
            show: true,
            position: 'right',
            color: CHART_COLORS.text,
            formatter: (p: { value?: unknown }) => formatValue(p.value as number | null),
          },
          markLine: indicator.target
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { color: CHART_COLORS.target, type: 'dashed', width: 2 },
                label: { show: false },
                data: [{ xAxis: indicator.target.value }],
              }
            : undefined,
        },
      ],
    };
  }, [rows, indicator.target]);

  const exportCsv = () => {
    const header = [
      t('indicators.csv.rank'),
      t('indicators.csv.unitCode'),
      t('indicators.csv.unitName'),
      t('indicators.csv.period'),
      `${t('indicators.csv.value')} (${text.unit(indicator)})`,
      t('indicators.numerator'),
      t('indicators.denominator'),
    ];
    const body = rows.map((r, i) => [
      i + 1,
      r.unitCode,
      r.unitName,
      r.period,
      r.value,
      r.numerator,
      r.denominator,
    ]);
    downloadText(`${indicator.code}_${unitCode}_${period}.csv`, toCsv([header, ...body]));
  };

  const title = t('indicators.ranking.title', { name });
  return (
    <section aria-labelledby="ranking-title">
      <SectionTitle
        right={
          rows.length > 0 ? (
            <Group gap="xs">
              <Button variant="light" size="sm" onClick={exportCsv}>
                {t('indicators.exportCsv')}
              </Button>
              <Button
                component="a"
                variant="light"
                size="sm"
                href={`/api/v1/indicators/${indicator.code}/values.xlsx${query({
                  unit: unitCode,
                  period,
                  children: true,
                  lang: i18n.language === 'en' ? 'en' : 'vi',
                })}`}
                download
              >
                {t('indicators.exportExcel')}
              </Button>
            </Group>
          ) : undefined
        }
      >
        <span id="ranking-title">{title}</span>
      </SectionTitle>
      <Text size="sm" c="dimmed" mb="sm">
        {t('indicators.ranking.note', { unit: unitName })}
      </Text>
      {population && (
        <Text size="sm" mb="sm" data-testid="population-note">
          {t('indicatorsUi.population.note', {
            counted: formatNumber(population.counted),
            total: formatNumber(population.total),
            sum: formatNumber(population.sum),
          })}
          {population.difference != null &&
            population.difference !== 0 &&
            ` ${t('indicatorsUi.population.differs', {
              parent: formatNumber(unitPopulation),
              unit: unitName,
              difference: formatNumber(Math.abs(population.difference)),
            })}`}
        </Text>
      )}
      {values.isPending ? (
        <PageLoader />
      ) : values.isError ? (
        <ErrorState error={values.error} onRetry={() => void values.refetch()} />
      ) : rows.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('indicators.ranking.none')}</EmptyNote>
        </Paper>
      ) : (
        <Stack gap="lg">
          {rows[0]?.unitLevel === 'province' && (
            <Suspense fallback={<PageLoader />}>
              <ProvinceMap
                indicator={indicator}
                values={rows}
                label={t('indicators.map.label', { name })}
                onOpen={(code) => navigate(dashboardOf(code))}
              />
            </Suspense>
          )}
          {rows[0]?.unitLevel === 'commune' && (
            <CommuneTiles indicator={indicator} values={rows} unitName={unitName} hrefOf={dashboardOf} />
          )}
          <DataTable minWidth={440} caption={title}>
            <Table.Thead>
              <Table.Tr>
                <Th numeric>#</Th>
                <Th>{t('indicators.ranking.unit')}</Th>
                <Th numeric>{`${t('indicators.ranking.value')} (${text.unit(indicator)})`}</Th>
                <Th numeric>{t('indicators.numerator')}</Th>
                <Th numeric>{t('indicators.denominator')}</Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={r.unitCode}>
                  <Table.Td ta="right" c="dimmed">
                    {i + 1}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={dashboardOf(r.unitCode)} className="table-link">
                      {r.unitName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {formatValue(r.value)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <NumberButton
                      value={r.numerator}
                      label={t('indicators.drill.openPart', {
                        part: t('indicators.numerator'),
                        unit: r.unitName,
                        value: formatValue(r.numerator),
                      })}
                      onClick={() => onDrill(r, 'numerator')}
                    />
                  </Table.Td>
                  <Table.Td ta="right">
                    <NumberButton
                      value={r.denominator}
                      label={t('indicators.drill.openPart', {
                        part: t('indicators.denominator'),
                        unit: r.unitName,
                        value: formatValue(r.denominator),
                      })}
                      onClick={() => onDrill(r, 'denominator')}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          <Paper withBorder p="sm">
            <EChart
              option={chart}
              height={Math.max(220, rows.length * 26 + 40)}
              label={t('indicators.ranking.chartLabel', { name })}
            />
          </Paper>
        </Stack>
      )}
    </section>
  );
}

function Trend({
  indicator,
  unitCode,
  period,
}: {
  indicator: IndicatorDefinition;
  unitCode: string;
  period: string;
}) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const trend = useIndicatorTrend(indicator.code, unitCode, period);
  const name = text.name(indicator);
  const option = useMemo<ChartOption | null>(() => {
    if (!trend.data) return null;
    const values = trend.data.map((p) => p.value).filter((v): v is number => v != null);
    const target = indicator.target?.value;
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => text.value(indicator, v as number | null),
      },
      xAxis: {
        type: 'category',
        data: trend.data.map((p) => formatPeriod(p.period)),
        axisLabel: { color: CHART_COLORS.text },
        boundaryGap: false,
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: target != null ? Math.max(target, ...values) : undefined,
        axisLabel: { color: CHART_COLORS.text },
        splitLine: { lineStyle: { color: CHART_COLORS.grid } },
      },
      series: [
        {
          type: 'line',
          name,
          data: trend.data.map((p) => p.value),
          connectNulls: true,
          symbolSize: 7,
          lineStyle: { color: CHART_COLORS.main, width: 3 },
          itemStyle: { color: CHART_COLORS.main },
          markLine:
            target != null
              ? {
                  symbol: 'none',
                  silent: true,
                  lineStyle: { color: CHART_COLORS.target, type: 'dashed', width: 2 },
                  label: {
                    color: CHART_COLORS.target,
                    position: 'insideEndTop',
                    formatter: t('indicators.trend.targetLine', { value: formatValue(target) }),
                  },
                  data: [{ yAxis: target }],
                }
              : undefined,
        },
      ],
    };
  }, [trend.data, indicator, name, t, text]);
  const title = t('indicators.trend.title', { name });
  return (
    <section aria-labelledby="trend-title">
      <SectionTitle>
        <span id="trend-title">{title}</span>
      </SectionTitle>
      <Paper withBorder p="sm">
        {trend.isError ? (
          <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
        ) : option ? (
          <EChart option={option} height={280} label={title} />
        ) : (
          <PageLoader />
        )}
      </Paper>
    </section>
  );
}

export default function IndicatorsPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const text = useIndicatorText();
  const unitName = useUnitName();
  const unitType = useUnitType();
  useAnnounceUnit(code);
  const [params, setParams] = useSearchParams();
  const unit = useUnit(code);
  const catalogue = useIndicators();
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  const now = currentPeriod();
  const periods = useMemo(() => recentPeriods(now, 12), [now]);
  const asked = params.get('period');
  // A future month would answer 422: the current month stands in for it and for anything malformed.
  const period = isMonth(asked) && asked <= now ? asked : now;
  const indicators = catalogue.data ?? [];
  const selected = indicators.find((i) => i.code === params.get('indicator')) ?? indicators[0];

  const setParam = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set(key, value);
        return next;
      },
      { replace: key === 'period' },
    );

  if (unit.isPending || catalogue.isPending) return <PageLoader />;
  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (catalogue.isError)
    return <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />;

  const name = unitName(unit.data);
  const openDrill = (indicator: IndicatorDefinition) => (row: IndicatorValue, part: IndicatorPart) =>
    setDrill({
      indicator: indicator.code,
      indicatorName: text.name(indicator),
      unitCode: row.unitCode,
      unitName: row.unitName,
      period,
      part,
    });
  const periodOptions = (periods.includes(period) ? periods : [period, ...periods]).map((p) => ({
    value: p,
    label: t('indicators.month', { month: formatPeriod(p) }),
  }));

  return (
    <Stack gap="xl">
      <div>
        <UnitBreadcrumbs unit={unit.data} extra={{ label: t('indicators.nav') }} />
        <PageHeader
          eyebrow={`${unitType(unit.data)} · ${t('common.code', { code: unit.data.code })}`}
          title={t('indicators.title', { unit: name })}
          description={t('indicators.description')}
          actions={
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Select
                label={t('indicators.period')}
                data={periodOptions}
                value={period}
                onChange={(v) => v && setParam('period', v)}
                allowDeselect={false}
                w={{ base: '100%', xs: 200 }}
                comboboxProps={{ withinPortal: true }}
              />
              <Button
                component="a"
                variant="light"
                href={`/api/v1/indicators/report.pdf${query({
                  unit: unit.data.code,
                  period,
                  lang: i18n.language === 'en' ? 'en' : 'vi',
                })}`}
                target="_blank"
                rel="noopener"
              >
                {t('indicators.report')}
              </Button>
            </Group>
          }
        />
        {indicators.length === 0 ? (
          <Paper withBorder p="lg">
            <EmptyNote>{t('indicators.none')}</EmptyNote>
          </Paper>
        ) : (
          <section aria-label={t('indicators.cards')}>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing={{ base: 'sm', sm: 'md' }}>
              {indicators.map((i) => (
                <TargetCard
                  key={i.code}
                  indicator={i}
                  unit={code}
                  period={period}
                  selected={i.code === selected?.code}
                  onSelect={() => setParam('indicator', i.code)}
                  onDrill={openDrill(i)}
                />
              ))}
            </SimpleGrid>
          </section>
        )}
      </div>

      {selected && (
        <>
          <Box>
            <Group gap="xs" mb={4}>
              <Text fw={650}>{text.name(selected)}</Text>
              <Text c="dimmed" size="sm">
                ({selected.code})
              </Text>
            </Group>
            <Text size="sm" c="dimmed">
              {text.definition(selected)}
            </Text>
            {selected.target && (
              <Text size="xs" c="dimmed" mt={4}>
                {t('indicators.source', { source: selected.target.source })}
              </Text>
            )}
          </Box>
          <Ranking
            indicator={selected}
            unitCode={code}
            unitName={name}
            unitPopulation={unit.data.population ?? null}
            period={period}
            onDrill={openDrill(selected)}
          />
          <Trend indicator={selected} unitCode={code} period={period} />
        </>
      )}
      <RecordsDrawer target={drill} onClose={() => setDrill(null)} />
    </Stack>
  );
}
