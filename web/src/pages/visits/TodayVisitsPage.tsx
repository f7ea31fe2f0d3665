import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useUnit } from '../../api/queries';
import { useVisits } from '../../api/visits';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { DateField } from '../../components/DateField';
import { IconPlus } from '../../components/Icons';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatMoney, StationSelect, useStations, VisitList } from '../../components/visits/common';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

/** A station's visits of a day (today unless `?date=`), with the day's totals. */
export default function TodayVisitsPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? todayIso();
  const stations = useStations(code);
  const facility = params.get('facility') ?? stations.stations[0]?.id;
  const visits = useVisits({ facility, date, limit: 200 }, !!facility);
  const title = t('visits.today.title');
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const items = visits.data?.items ?? [];
  const sum = (k: 'total' | 'insurerAmount' | 'patientAmount') => items.reduce((a, v) => a + v[k], 0);

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          actions={
            <Group gap="sm">
              <Button
                component={Link}
                to={`/units/${code}/registers/a1?month=${date.slice(0, 7)}`}
                variant="default"
              >
                {t('visits.a1.title')}
              </Button>
              {can(user, 'person.write') && (
                <Button component={Link} to="/visits/new" leftSection={<IconPlus size={18} />}>
                  {t('visits.new.title')}
                </Button>
              )}
            </Group>
          }
        />
      </div>
      <Paper withBorder p="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <DateField
            label={t('visits.fields.visitDate')}
            defaultValue={formatDate(date)}
            key={date}
            onChange={(v) => {
              const iso = parseDate(v);
              if (iso) setParam('date', iso);
            }}
          />
          <StationSelect
            stations={stations.stations}
            value={facility}
            onChange={(v) => setParam('facility', v)}
          />
        </Group>
      </Paper>
      {stations.isPending || (facility && visits.isPending) ? (
        <PageLoader />
      ) : !facility ? (
        <EmptyNote>{t('visits.new.noStation')}</EmptyNote>
      ) : visits.isError ? (
        <ErrorState error={visits.error} onRetry={() => void visits.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('visits.today.none')}</EmptyNote>
        </Paper>
      ) : (
        <>
          <Text size="sm" role="status">
            {t('visits.today.totals', {
              count: visits.data?.total ?? 0,
              total: formatMoney(sum('total')),
              insurer: formatMoney(sum('insurerAmount')),
              patient: formatMoney(sum('patientAmount')),
            })}
          </Text>
          <VisitList rows={items} caption={t('visits.today.caption', { date: formatDate(date) })} />
        </>
      )}
    </Stack>
  );
}
