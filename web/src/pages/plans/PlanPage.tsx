import { Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { query } from '../../api/client';
import { usePlan, usePlanProgress, type TargetProgress } from '../../api/resources';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, SectionTitle } from '../../components/common';
import { DataTable, Th } from '../../components/tables';
import { formatDate, formatNumber, formatValue, todayIso } from '../../lib/format';

const RESULT_COLOR: Record<TargetProgress['result'], string> = {
  met: 'ytcs',
  not_met: 'red',
  no_data: 'gray',
};

/** The periods a review may cover: this year and the years before, by year and by quarter. */
function periodOptions(t: (key: string, o?: Record<string, unknown>) => string, since: string) {
  const today = todayIso();
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: { value: string; label: string }[] = [];
  for (let y = year; y >= Number(since.slice(0, 4)); y--) {
    out.push({ value: String(y), label: t('plans.year', { year: y }) });
    for (let q = y === year ? quarter : 4; q >= 1; q--)
      out.push({ value: `${y}-Q${q}`, label: t('plans.quarter', { quarter: q, year: y }) });
  }
  return out;
}

/** A plan's targets with what their live indicators say for a period, and the review to download. */
export default function PlanPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const user = useUser();
  const plan = usePlan(id);
  const [period, setPeriod] = useState(() => todayIso().slice(0, 4));
  const progress = usePlanProgress(id, period);
  if (plan.isError) return <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />;
  if (!plan.data) return <PageLoader />;
  const p = plan.data;
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const goal = (x: TargetProgress) =>
    `${x.operator.replace('>=', '≥').replace('<=', '≤')} ${formatNumber(x.targetValue)}${x.measure === 'value' && x.unit === '%' ? '%' : ''}`;
  const achieved = (x: TargetProgress) =>
    x.achieved == null
      ? '—'
      : x.measure === 'numerator'
        ? formatNumber(x.achieved)
        : `${formatValue(x.achieved)}${x.unit === '%' ? '%' : ''}`;
  return (
    <Stack gap="lg">
      <PageHeader
        eyebrow={`${p.unitName} · ${p.issuer}`}
        title={t('plans.numbered', { number: p.number })}
        description={p.title}
        actions={
          <Group align="flex-end" gap="sm" wrap="wrap">
            {can(user, 'plans.manage') && (
              <Button component={Link} to={`/plans/${p.id}/edit`} variant="default">
                {t('plans.editAction')}
              </Button>
            )}
            <Select
              label={t('plans.period')}
              data={periodOptions(t, p.issuedOn)}
              value={period}
              onChange={(v) => v && setPeriod(v)}
              allowDeselect={false}
              w={{ base: '100%', xs: 200 }}
              comboboxProps={{ withinPortal: true }}
            />
            <Button
              component="a"
              variant="light"
              href={`/api/v1/plans/${p.id}/review.pdf${query({ period, lang })}`}
              download
            >
              {t('plans.reviewPdf')}
            </Button>
            <Button
              component="a"
              variant="default"
              href={`/api/v1/plans/${p.id}/review.xlsx${query({ period, lang })}`}
              download
            >
              {t('plans.reviewXlsx')}
            </Button>
          </Group>
        }
      />
      <Text size="sm" c="dimmed">
        {t('plans.validity', { on: formatDate(p.issuedOn), ends: formatDate(p.endsOn) })}
        {p.source ? ` · ${p.source}` : ''}
      </Text>
      {progress.isPending ? (
        <PageLoader />
      ) : progress.isError ? (
        <ErrorState error={progress.error} onRetry={() => void progress.refetch()} />
      ) : (
        <>
          <section aria-labelledby="plan-targets-title">
            <SectionTitle>
              <span id="plan-targets-title">
                {t(progress.data.kind === 'final' ? 'plans.finalOf' : 'plans.interimOf', {
                  period: periodOptions(t, p.issuedOn).find((o) => o.value === period)?.label ?? period,
                })}
              </span>
            </SectionTitle>
            <DataTable caption={t('plans.targets')}>
              <Table.Thead>
                <Table.Tr>
                  <Th>{t('plans.target')}</Th>
                  <Th>{t('plans.deadline')}</Th>
                  <Th numeric>{t('plans.goal')}</Th>
                  <Th numeric>{t('plans.achieved')}</Th>
                  <Th>{t('plans.result')}</Th>
                  <Th>{t('plans.agency')}</Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {progress.data.targets.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>
                      {x.textVi}
                      <Text size="xs" c="dimmed">
                        {lang === 'en' ? x.indicatorNameEn : x.indicatorNameVi}
                        {x.numerator != null
                          ? ` · ${formatNumber(x.numerator)} / ${formatNumber(x.denominator ?? 0)}`
                          : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatDate(x.deadline)}</Table.Td>
                    <Table.Td ta="right">{goal(x)}</Table.Td>
                    <Table.Td ta="right">{achieved(x)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={700} c={RESULT_COLOR[x.result]} style={{ whiteSpace: 'nowrap' }}>
                        {t(`plans.results.${x.result}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{x.agency}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          </section>
          <section aria-labelledby="plan-agencies-title">
            <SectionTitle>
              <span id="plan-agencies-title">{t('plans.byAgency')}</span>
            </SectionTitle>
            {progress.data.agencies.length === 0 ? (
              <EmptyNote>{t('plans.noTargets')}</EmptyNote>
            ) : (
              <Stack gap="xs">
                {progress.data.agencies.map((a) => (
                  <Paper key={a.agency} withBorder p="sm">
                    <Group justify="space-between" wrap="wrap">
                      <Text fw={600}>{a.agency}</Text>
                      <Text size="sm">
                        {t('plans.agencyCounts', {
                          met: a.met,
                          targets: a.targets,
                          notMet: a.notMet,
                          noData: a.noData,
                        })}
                      </Text>
                    </Group>
                  </Paper>
                ))}
              </Stack>
            )}
          </section>
        </>
      )}
    </Stack>
  );
}
