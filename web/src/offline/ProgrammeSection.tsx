/**
 * A person's programme data from the device's store (issue 20), on the offline person page: a child's
 * immunization grid (the stored forecast, each dose's status on today), the pregnancy under way (weeks,
 * the next antenatal contact), the NCD enrolments with the last follow-up (the latest visit kept), and
 * a young child's last measurements. Shows nothing when the person has none of these.
 */
import { Badge, Card, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { STATUS_COLOR } from '../components/immunization/ImmunizationCard';
import { formatDate, todayIso } from '../lib/format';
import {
  offlineDb,
  type LocalEnrolment,
  type LocalForecast,
  type LocalMeasurement,
  type LocalPregnancy,
  type LocalVisit,
} from './db';
import { useLive } from './hooks';
import { doseStatuses, gestationDays } from './programme';

interface Programme {
  forecast: LocalForecast | undefined;
  pregnancies: LocalPregnancy[];
  enrolments: LocalEnrolment[];
  visits: LocalVisit[];
  measurements: LocalMeasurement[];
  ncdDue: string | null;
}

function ImmunizationGrid({ forecast }: { forecast: LocalForecast }) {
  const { t, i18n } = useTranslation();
  const doses = doseStatuses(forecast, todayIso());
  return (
    <Stack gap={4}>
      <Title order={3} size="h6">
        {t('offline.programme.immunization')}
      </Title>
      <SimpleGrid
        cols={{ base: 1, sm: 2 }}
        spacing="xs"
        role="list"
        aria-label={t('offline.programme.immunization')}
      >
        {doses.map((d) => (
          <Paper key={d.code} withBorder p="xs" role="listitem" data-dose={d.code}>
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600}>
                {i18n.language === 'en' ? d.nameEn : d.nameVi}
              </Text>
              <Badge color={STATUS_COLOR[d.status]} variant={d.status === 'upcoming' ? 'light' : 'filled'}>
                {t(`immunization.status.${d.status}`)}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {d.givenOn
                ? t('offline.programme.givenOn', { date: formatDate(d.givenOn) })
                : t('offline.programme.dueOn', { date: formatDate(d.due) })}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function PregnancyLine({ p }: { p: LocalPregnancy }) {
  const { t } = useTranslation();
  const days = gestationDays(p, todayIso());
  return (
    <Stack gap={2} aria-label={t('offline.programme.pregnancy')}>
      <Group gap="xs">
        <Title order={3} size="h6">
          {t('offline.programme.pregnancy')}
        </Title>
        <Badge color={p.riskLevel === 'high' ? 'red' : p.riskLevel === 'watch' ? 'orange' : 'teal'}>
          {t(`maternal.risk.${p.riskLevel}`)}
        </Badge>
      </Group>
      <Text size="sm">
        {t('offline.programme.weeks', {
          weeks: Math.floor(days / 7),
          days: days % 7,
          edd: formatDate(p.edd),
        })}
      </Text>
      <Text size="sm">
        {p.nextContact
          ? t('offline.programme.nextContact', {
              contact: p.nextContact.contact,
              date: formatDate(p.nextContact.dueOn),
            })
          : t('offline.programme.noNextContact')}{' '}
        · {t('offline.programme.contacts', { count: p.antenatal.length })}
      </Text>
    </Stack>
  );
}

function NcdLines({
  enrolments,
  visits,
  due,
}: {
  enrolments: LocalEnrolment[];
  visits: LocalVisit[];
  due: string | null;
}) {
  const { t } = useTranslation();
  const last = visits[0];
  const next = due ?? last?.reExaminationDate ?? null;
  return (
    <Stack gap={2} aria-label={t('offline.programme.ncd')}>
      <Title order={3} size="h6">
        {t('offline.programme.ncd')}
      </Title>
      <List size="sm">
        {enrolments.map((e) => (
          <List.Item key={e.id}>
            {t(`ncd.conditions.${e.condition}`)} ·{' '}
            {t('offline.programme.registered', { date: formatDate(e.registeredOn) })}
          </List.Item>
        ))}
      </List>
      <Text size="sm">
        {last
          ? [
              t('offline.programme.lastFollowUp', { date: formatDate(last.visitDate) }),
              last.systolic != null && last.diastolic != null
                ? t('offline.programme.bp', { systolic: last.systolic, diastolic: last.diastolic })
                : null,
            ]
              .filter(Boolean)
              .join(' · ')
          : t('offline.programme.noFollowUp')}
      </Text>
      {next && <Text size="sm">{t('offline.programme.nextFollowUp', { date: formatDate(next) })}</Text>}
    </Stack>
  );
}

function GrowthLines({ measurements }: { measurements: LocalMeasurement[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} aria-label={t('offline.programme.growth')}>
      <Title order={3} size="h6">
        {t('offline.programme.growth')}
      </Title>
      <List size="sm">
        {measurements.slice(0, 3).map((m) => (
          <List.Item key={m.id}>
            {[
              t('offline.programme.measurement', {
                date: formatDate(m.measuredOn),
                weight: m.weightKg ?? '—',
              }),
              m.lengthCm != null ? t('offline.programme.length', { length: m.lengthCm }) : null,
              m.weightForAge != null ? t('offline.programme.z', { z: m.weightForAge }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

export function ProgrammeSection({ residentId }: { residentId: string }) {
  const { t } = useTranslation();
  const data = useLive<Programme | null>(
    async () => {
      const visits = await offlineDb.visits.where('residentId').equals(residentId).toArray();
      visits.sort((a, b) => b.visitDate.localeCompare(a.visitDate));
      const measurements = await offlineDb.measurements.where('residentId').equals(residentId).toArray();
      measurements.sort((a, b) => b.measuredOn.localeCompare(a.measuredOn));
      const due = await offlineDb.due.where('residentId').equals(residentId).toArray();
      return {
        forecast: await offlineDb.forecasts.get(residentId),
        pregnancies: await offlineDb.pregnancies.where('residentId').equals(residentId).toArray(),
        enrolments: await offlineDb.enrolments.where('residentId').equals(residentId).toArray(),
        visits,
        measurements,
        ncdDue: due.find((d) => d.kind === 'ncd.follow_up')?.dueOn ?? null,
      };
    },
    [residentId],
    null,
  );
  if (
    !data ||
    (!data.forecast && !data.pregnancies.length && !data.enrolments.length && !data.measurements.length)
  )
    return null;
  return (
    <Card withBorder aria-label={t('offline.programme.title')}>
      <Title order={2} size="h5" mb="xs">
        {t('offline.programme.title')}
      </Title>
      <Stack gap="md">
        {data.pregnancies.map((p) => (
          <PregnancyLine key={p.id} p={p} />
        ))}
        {data.enrolments.length > 0 && (
          <NcdLines enrolments={data.enrolments} visits={data.visits} due={data.ncdDue} />
        )}
        {data.forecast && <ImmunizationGrid forecast={data.forecast} />}
        {data.measurements.length > 0 && <GrowthLines measurements={data.measurements} />}
      </Stack>
    </Card>
  );
}
