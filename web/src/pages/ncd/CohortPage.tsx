import {
  Anchor,
  Badge,
  Button,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import {
  COHORT_BUCKETS,
  NCD_CONDITIONS,
  useCohort,
  useCohortPatients,
  type CohortBucket,
  type CohortCounts,
  type CohortOut,
  type NcdCondition,
} from '../../api/ncd';
import { useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import {
  EmptyNote,
  ErrorState,
  PageHeader,
  PageLoader,
  SectionTitle,
  StatCard,
} from '../../components/common';
import { CHART_COLORS, EChart, type ChartOption } from '../../components/indicators/EChart';
import { BucketBadge, STACKED_BUCKETS } from '../../components/ncd/buckets';
import { DataTable, Num, Th } from '../../components/tables';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatDate, formatNumber, formatPercent } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const PAGE = 25;

/** "2026-03" → "03/2026". */
const monthLabel = (period: string) => `${period.slice(5, 7)}/${period.slice(0, 4)}`;

/**
 * The cohort dashboard (đánh giá kiểm soát bệnh theo tháng) of a unit, as HEARTS360 shows it: of the
 * patients under care registered at least 3 months before, how many are controlled, uncontrolled,
 * visited without a BP, or missed their visit; an 18-month trend of the stacked buckets; the same
 * for the unit's children; and the patients behind each bucket.
 */
export default function CohortPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [params, setParams] = useSearchParams();
  const condition = (params.get('condition') ?? 'hypertension') as NcdCondition;
  const period = params.get('period') ?? undefined;
  const bucket = (params.get('bucket') ?? undefined) as CohortBucket | undefined;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const cohort = useCohort({ unit: code, condition, period });
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };
  const title = t('ncd.cohort.title');
  const showPatients = can(user, 'person.read') && !!bucket;
  const patients = useCohortPatients(
    {
      unit: code,
      condition,
      period: cohort.data?.period,
      bucket,
      limit: PAGE,
      offset: (page - 1) * PAGE,
    },
    showPatients && !!cohort.data,
  );

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  const c = cohort.data;
  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          description={
            c
              ? t('ncd.cohort.description', { month: monthLabel(c.period), version: c.definitionVersion })
              : undefined
          }
          actions={
            unit.data?.level === 'commune' && can(user, 'person.read') ? (
              <Button component={Link} to={`/units/${code}/ncd/overdue`} variant="default">
                {t('ncd.overdue.title')}
              </Button>
            ) : undefined
          }
        />
      </div>
      <Paper withBorder p="sm">
        <Group gap="md" align="flex-end" wrap="wrap">
          <SegmentedControl
            value={condition}
            onChange={(v) => set({ condition: v, bucket: null })}
            data={NCD_CONDITIONS.map((k) => ({ value: k, label: t(`ncd.conditions.${k}`) }))}
            aria-label={t('ncd.fields.condition')}
          />
          <TextInput
            type="month"
            label={t('ncd.cohort.period')}
            value={c?.period ?? period ?? ''}
            onChange={(e) => e.currentTarget.value && set({ period: e.currentTarget.value })}
            w={180}
          />
        </Group>
      </Paper>
      {cohort.isPending ? (
        <PageLoader />
      ) : cohort.isError ? (
        <ErrorState error={cohort.error} onRetry={() => void cohort.refetch()} />
      ) : (
        <>
          <Rates c={c!} onBucket={(b) => set({ bucket: b })} />
          <Paper withBorder p="md">
            <SectionTitle>{t('ncd.cohort.trendTitle', { count: c!.trend.length })}</SectionTitle>
            <Trend c={c!} />
          </Paper>
          {showPatients && (
            <Paper withBorder p="md">
              <SectionTitle
                right={
                  <Group gap="xs">
                    <Select
                      aria-label={t('ncd.cohort.bucket')}
                      data={COHORT_BUCKETS.map((b) => ({ value: b, label: t(`ncd.buckets.${b}`) }))}
                      value={bucket ?? null}
                      onChange={(v) => set({ bucket: v })}
                      allowDeselect={false}
                      w={220}
                    />
                    <Button size="xs" variant="subtle" onClick={() => set({ bucket: null })}>
                      {t('ncd.cohort.closePatients')}
                    </Button>
                  </Group>
                }
              >
                {t('ncd.cohort.patientsTitle', { bucket: t(`ncd.buckets.${bucket}`) })}
              </SectionTitle>
              {patients.isPending ? (
                <PageLoader />
              ) : patients.isError ? (
                <ErrorState error={patients.error} />
              ) : patients.data.items.length === 0 ? (
                <EmptyNote>{t('ncd.cohort.noPatients')}</EmptyNote>
              ) : (
                <>
                  <DataTable
                    minWidth={560}
                    caption={t('ncd.cohort.patientsTitle', { bucket: t(`ncd.buckets.${bucket}`) })}
                  >
                    <Table.Thead>
                      <Table.Tr>
                        <Th>{t('ncd.cohort.patient')}</Th>
                        <Th>{t('ncd.cohort.place')}</Th>
                        <Th>{t('ncd.cohort.lastVisit')}</Th>
                        <Th>{t('ncd.cohort.lastBp')}</Th>
                        <Th>{t('ncd.cohort.bucket')}</Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {patients.data.items.map((p) => (
                        <Table.Tr key={p.residentId}>
                          <Table.Td>
                            <Anchor component={Link} to={`/residents/${p.residentId}?tab=ncd`}>
                              {p.fullName}
                            </Anchor>{' '}
                            <Text span size="sm" c="dimmed">
                              {p.birthYear}
                            </Text>
                          </Table.Td>
                          <Table.Td>{p.placeName}</Table.Td>
                          <Table.Td>{formatDate(p.lastVisitOn)}</Table.Td>
                          <Table.Td>{p.lastBp ? `${p.lastBp.systolic}/${p.lastBp.diastolic}` : '—'}</Table.Td>
                          <Table.Td>
                            <BucketBadge bucket={p.bucket} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </DataTable>
                  {patients.data.total > PAGE && (
                    <Pagination
                      mt="sm"
                      value={page}
                      onChange={(p) => set({ page: String(p) })}
                      total={Math.ceil(patients.data.total / PAGE)}
                      size="sm"
                    />
                  )}
                </>
              )}
            </Paper>
          )}
          {c!.children.length > 0 && <Children c={c!} condition={condition} />}
        </>
      )}
    </Stack>
  );
}

const rate = (part: number, counts: CohortCounts) =>
  counts.cohort ? formatPercent(part, counts.cohort) : '—';

/** The month's figures; each bucket opens its patients. */
function Rates({ c, onBucket }: { c: CohortOut; onBucket: (b: CohortBucket) => void }) {
  const { t } = useTranslation();
  const n = c.counts;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {(c.controlDefined
          ? STACKED_BUCKETS
          : STACKED_BUCKETS.filter((b) => b.bucket === 'missed_visit')
        ).map((b) => (
          <button
            key={b.bucket}
            type="button"
            onClick={() => onBucket(b.bucket)}
            style={{ all: 'unset', cursor: 'pointer', borderLeft: `4px solid ${b.color}`, borderRadius: 8 }}
            aria-label={t('ncd.cohort.openBucket', { bucket: t(`ncd.buckets.${b.bucket}`) })}
          >
            <StatCard
              label={t(`ncd.buckets.${b.bucket}`)}
              value={rate(n[b.count], n)}
              note={t('ncd.cohort.ofCohort', { count: n[b.count], cohort: formatNumber(n.cohort) })}
            />
          </button>
        ))}
      </SimpleGrid>
      <Group gap="lg" wrap="wrap">
        {(
          [
            ['registered', n.registered],
            ['underCare', n.underCare],
            ['cohort', n.cohort],
            ['lostToFollowUp', n.lostToFollowUp],
            ['dead', n.dead],
          ] as const
        ).map(([k, v]) => (
          <Text key={k} size="sm" c="dimmed">
            {t(`ncd.cohort.counts.${k}`)}{' '}
            <Text span fw={700} c="var(--mantine-color-text)">
              {formatNumber(v)}
            </Text>
          </Text>
        ))}
        <Anchor size="sm" component="button" type="button" onClick={() => onBucket('lost_to_follow_up')}>
          {t('ncd.cohort.seeLost')}
        </Anchor>
      </Group>
    </Stack>
  );
}

/** 18 months of stacked buckets, as shares of each month's cohort (HEARTS360's chart). */
function Trend({ c }: { c: CohortOut }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 44, right: 12, top: 12, bottom: 28 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(1)} %` : '—'),
      },
      xAxis: { type: 'category', data: c.trend.map((m) => monthLabel(m.period)) },
      yAxis: {
        type: 'value',
        max: 100,
        axisLabel: { formatter: '{value} %' },
        splitLine: { lineStyle: { color: CHART_COLORS.grid } },
      },
      series: STACKED_BUCKETS.map((b) => ({
        name: t(`ncd.buckets.${b.bucket}`),
        type: 'bar' as const,
        stack: 'cohort',
        color: b.color,
        barMaxWidth: 28,
        data: c.trend.map((m) =>
          m.counts.cohort ? Math.round((m.counts[b.count] / m.counts.cohort) * 1000) / 10 : 0,
        ),
      })),
    }),
    [c.trend, t],
  );
  return (
    <>
      <Group gap="md" mb="xs" wrap="wrap" aria-hidden>
        {STACKED_BUCKETS.map((b) => (
          <Group key={b.bucket} gap={6}>
            <span
              style={{ width: 12, height: 12, background: b.color, borderRadius: 2, display: 'inline-block' }}
            />
            <Text size="xs">{t(`ncd.buckets.${b.bucket}`)}</Text>
          </Group>
        ))}
      </Group>
      <EChart option={option} height={260} label={t('ncd.cohort.trendLabel', { count: c.trend.length })} />
      <details>
        <summary>
          <Text span size="sm">
            {t('ncd.cohort.trendTable')}
          </Text>
        </summary>
        <DataTable minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('ncd.cohort.month')}</Th>
              <Th numeric>{t('ncd.cohort.counts.cohort')}</Th>
              {STACKED_BUCKETS.map((b) => (
                <Th key={b.bucket} numeric>
                  {t(`ncd.buckets.${b.bucket}`)}
                </Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.trend.map((m) => (
              <Table.Tr key={m.period}>
                <Table.Td>{monthLabel(m.period)}</Table.Td>
                <Num value={m.counts.cohort} />
                {STACKED_BUCKETS.map((b) => (
                  <Num key={b.bucket} value={m.counts[b.count]} />
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      </details>
    </>
  );
}

/** The same month for each child unit, with a link to its own dashboard. */
function Children({ c, condition }: { c: CohortOut; condition: NcdCondition }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <SectionTitle>{t('ncd.cohort.childrenTitle')}</SectionTitle>
      <DataTable minWidth={640}>
        <Table.Thead>
          <Table.Tr>
            <Th>{t('ncd.cohort.unit')}</Th>
            <Th numeric>{t('ncd.cohort.counts.cohort')}</Th>
            <Th numeric>{t('ncd.buckets.controlled')}</Th>
            <Th numeric>{t('ncd.buckets.uncontrolled')}</Th>
            <Th numeric>{t('ncd.buckets.missed_visit')}</Th>
            <Th numeric>{t('ncd.cohort.counts.lostToFollowUp')}</Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.children.map(({ unit, counts }) => (
            <Table.Tr key={unit.code}>
              <Table.Td>
                {unit.level === 'hamlet' ? (
                  unit.name
                ) : (
                  <Anchor
                    component={Link}
                    to={`/units/${unit.code}/ncd/cohort?condition=${condition}&period=${c.period}`}
                  >
                    {unit.name}
                  </Anchor>
                )}
              </Table.Td>
              <Num value={counts.cohort} />
              <Table.Td ta="right">
                {counts.cohort ? (
                  <Badge color="ytcs" variant="light">
                    {rate(counts.controlled, counts)}
                  </Badge>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td ta="right">{rate(counts.uncontrolled, counts)}</Table.Td>
              <Table.Td ta="right">{rate(counts.missedVisit, counts)}</Table.Td>
              <Num value={counts.lostToFollowUp} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    </Paper>
  );
}
