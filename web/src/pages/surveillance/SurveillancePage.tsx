/**
 * Communicable-disease surveillance of a unit (giám sát bệnh truyền nhiễm): for a disease of the list,
 * the epidemic curve by epidemiological (ISO) week of onset with each week's alert threshold, the last
 * 26 weeks' cases by child unit (a tile map: communes have no boundaries, as on the indicators page),
 * and the recent cases. A station reports a case from here.
 */
import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useUnit } from '../../api/queries';
import { useCases, useDiseases, useWeekly, type WeeklyOut } from '../../api/surveillance';
import type { ChartOption } from '../../components/indicators/EChart';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, SectionTitle } from '../../components/common';
import { DataTable, Th } from '../../components/tables';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatDate, formatNumber } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const CasesMap = lazy(() =>
  import('../../components/surveillance/CasesMap').then((m) => ({ default: m.CasesMap })),
);
const EChart = lazy(() => import('../../components/indicators/EChart').then((m) => ({ default: m.EChart })));

const SHADES = ['#f1f3f5', '#ffe8cc', '#ffc078', '#fd7e14', '#d9480f', '#a61e4d'];
const shade = (n: number, max: number) =>
  n === 0 ? SHADES[0]! : SHADES[Math.min(5, 1 + Math.floor((4 * n) / Math.max(1, max)))]!;

function Curve({ data }: { data: WeeklyOut }) {
  const { t, i18n } = useTranslation();
  const name = i18n.language === 'en' ? data.disease.en : data.disease.vi;
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 36, right: 12, top: 16, bottom: 48 },
      tooltip: { trigger: 'axis' as const },
      xAxis: {
        type: 'category' as const,
        data: data.weeks.map((w) => w.week.slice(5)),
        axisLabel: { rotate: 45, fontSize: 10 },
      },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        {
          name: t('surveillance.cases'),
          type: 'bar' as const,
          data: data.weeks.map((w) => w.cases),
          itemStyle: { color: '#0b6b59' },
        },
        {
          name: t('surveillance.threshold'),
          type: 'line' as const,
          data: data.weeks.map((w) => w.threshold),
          lineStyle: { color: '#c92a2a', type: 'dashed' as const },
          itemStyle: { color: '#c92a2a' },
          symbol: 'none',
        },
      ],
    }),
    [data, t],
  );
  return (
    <Suspense fallback={<PageLoader />}>
      <EChart option={option} height={260} label={t('surveillance.curveLabel', { disease: name })} />
    </Suspense>
  );
}

export default function SurveillancePage() {
  const { code } = useParams();
  const { t, i18n } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const diseases = useDiseases();
  const [params, setParams] = useSearchParams();
  const disease = params.get('disease') ?? 'dengue';
  const weekly = useWeekly(code, disease);
  const cases = useCases(code, disease);
  const [showTable, setShowTable] = useState(false);
  const chosen = diseases.data?.find((d) => d.code === disease);
  const level = unit.data?.level;
  const navigate = useNavigate();
  const diseaseName = chosen ? (i18n.language === 'en' ? chosen.en : chosen.vi) : disease;

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data) return <PageLoader />;
  const max = Math.max(0, ...(weekly.data?.children.map((c) => c.cases) ?? []));
  const rule = chosen?.threshold;
  return (
    <Stack gap="lg">
      <UnitBreadcrumbs unit={unit.data} />
      <PageHeader
        eyebrow={unitName(unit.data)}
        title={t('surveillance.title')}
        actions={
          can(user, 'person.write') && (level === 'commune' || level === 'hamlet') ? (
            <Button component={Link} to={`/units/${code}/surveillance/new?disease=${disease}`}>
              {t('surveillance.report')}
            </Button>
          ) : undefined
        }
      />
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Select
            label={t('surveillance.disease')}
            searchable
            maw={420}
            value={disease}
            allowDeselect={false}
            data={(diseases.data ?? []).map((d) => ({
              value: d.code,
              label: `${i18n.language === 'en' ? d.en : d.vi} (${d.icd10})`,
            }))}
            onChange={(v) => v && setParams({ disease: v }, { replace: true })}
          />
          {chosen && rule && (
            <Text size="sm" c="dimmed">
              {t('surveillance.group', { group: chosen.group, hours: chosen.reportWithinHours })} ·{' '}
              {rule.method === 'fixed'
                ? t('surveillance.thresholdRule.fixed', { count: rule.count, weeks: rule.windowWeeks })
                : t('surveillance.thresholdRule.seasonal', {
                    k: rule.sd,
                    years: rule.years,
                    window: rule.windowWeeks,
                    min: rule.minCases,
                  })}
              {!chosen.checked && ` (${t('surveillance.unchecked')})`}
            </Text>
          )}
        </Stack>
      </Paper>

      <section>
        <SectionTitle
          right={
            <Button variant="subtle" size="xs" onClick={() => setShowTable((s) => !s)}>
              {t('surveillance.week')}
            </Button>
          }
        >
          {t('surveillance.curve')}
        </SectionTitle>
        {weekly.isError ? (
          <ErrorState error={weekly.error} onRetry={() => void weekly.refetch()} />
        ) : !weekly.data ? (
          <PageLoader />
        ) : (
          <Paper withBorder p="sm">
            <Curve data={weekly.data} />
            {showTable && (
              <DataTable minWidth={360} caption={t('surveillance.curve')}>
                <Table.Thead>
                  <Table.Tr>
                    <Th>{t('surveillance.week')}</Th>
                    <Th numeric>{t('surveillance.cases')}</Th>
                    <Th numeric>{t('surveillance.confirmed')}</Th>
                    <Th numeric>{t('surveillance.threshold')}</Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {weekly.data.weeks.map((w) => (
                    <Table.Tr key={w.week}>
                      <Table.Td>{w.week}</Table.Td>
                      <Table.Td ta="right">{w.cases}</Table.Td>
                      <Table.Td ta="right">{w.confirmed}</Table.Td>
                      <Table.Td ta="right">{w.threshold ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </DataTable>
            )}
          </Paper>
        )}
      </section>

      {weekly.data && weekly.data.children.length > 0 && (
        <section aria-label={t('surveillance.byUnit')}>
          <SectionTitle>{t('surveillance.byUnit')}</SectionTitle>
          {weekly.data.children[0]?.level === 'province' && (
            <Suspense fallback={<PageLoader />}>
              <CasesMap
                units={weekly.data.children}
                label={t('surveillance.mapLabel', { disease: diseaseName })}
                onOpen={(c) => navigate(`/units/${c}/surveillance?disease=${disease}`)}
              />
            </Suspense>
          )}
          <SimpleGrid cols={{ base: 2, xs: 3, sm: 4, md: 6 }} spacing={6}>
            {weekly.data.children.map((c) => (
              <Tooltip key={c.code} label={`${c.name}: ${formatNumber(c.cases)}`}>
                <Paper
                  component={Link}
                  to={`/units/${c.code}/surveillance?disease=${disease}`}
                  p={6}
                  withBorder
                  aria-label={`${c.name}: ${c.cases}`}
                  style={{ background: shade(c.cases, max), textDecoration: 'none', color: 'inherit' }}
                >
                  <Text size="xs" lineClamp={1}>
                    {c.name}
                  </Text>
                  <Text fw={700}>{formatNumber(c.cases)}</Text>
                </Paper>
              </Tooltip>
            ))}
          </SimpleGrid>
        </section>
      )}

      <section>
        <SectionTitle>{t('surveillance.recent')}</SectionTitle>
        {cases.isError ? (
          <ErrorState error={cases.error} onRetry={() => void cases.refetch()} />
        ) : !cases.data ? (
          <PageLoader />
        ) : cases.data.items.length === 0 ? (
          <EmptyNote>{t('surveillance.noCases')}</EmptyNote>
        ) : (
          <DataTable minWidth={560} caption={t('surveillance.recent')}>
            <Table.Thead>
              <Table.Tr>
                <Th>{t('surveillance.person')}</Th>
                <Th>{t('surveillance.onset')}</Th>
                <Th>{t('surveillance.place')}</Th>
                <Th>{t('surveillance.classification.label')}</Th>
                <Th>{t('surveillance.outcome.label')}</Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cases.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {c.residentId ? <Link to={`/residents/${c.residentId}`}>{c.fullName}</Link> : c.fullName}
                    {c.birthYear ? ` (${c.birthYear})` : ''}
                  </Table.Td>
                  <Table.Td>
                    {formatDate(c.onsetOn)}{' '}
                    <Text span size="xs" c="dimmed">
                      {c.onsetWeek}
                    </Text>
                  </Table.Td>
                  <Table.Td>{c.unitName}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={c.classification === 'confirmed' ? 'red' : 'gray'}>
                      {t(`surveillance.classification.${c.classification}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {t(`surveillance.outcome.${c.outcome}`)}
                    {c.hospitalised ? ` · ${t('surveillance.hospitalised')}` : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
      </section>
      <Group>
        <Button variant="light" component={Link} to={`/units/${code}/alerts`}>
          {t('surveillance.alerts.title')}
        </Button>
      </Group>
    </Stack>
  );
}
