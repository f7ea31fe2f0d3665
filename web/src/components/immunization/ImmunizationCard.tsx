/**
 * The child's immunization card (phiếu tiêm chủng) on the resident profile: the schedule's doses with
 * their status (given, due, overdue, upcoming, too late…) and why, the doses recorded (here or
 * elsewhere, with those not counted and why), a dose recorded in a dialog, and an adverse event form.
 */
import { Alert, Badge, Box, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useImmunizationCard, type CardOut } from '../../api/immunization';
import { EmptyNote, ErrorState, PageLoader, SectionTitle } from '../common';
import { formatDate } from '../../lib/format';
import { AefiDialog } from './AefiDialog';
import { DoseDialog } from './DoseDialog';

type DoseRow = NonNullable<CardOut['forecast']>['doses'][number];

export const STATUS_COLOR: Record<DoseRow['status'], string> = {
  given: 'teal',
  due: 'blue',
  overdue: 'red',
  upcoming: 'gray',
  too_late: 'dark',
  contraindicated: 'orange',
  waiting: 'yellow',
};

function DoseStatus({ d }: { d: DoseRow }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLOR[d.status]}
      variant={d.status === 'upcoming' ? 'light' : 'filled'}
      style={{ flexShrink: 0 }}
    >
      {t(`immunization.status.${d.status}`)}
    </Badge>
  );
}

export function ImmunizationCard({ residentId, writable }: { residentId: string; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const card = useImmunizationCard(residentId);
  const [recording, setRecording] = useState<DoseRow | 'any' | null>(null);
  const [aefiFor, setAefiFor] = useState<string | null>(null);
  if (card.isPending) return <PageLoader />;
  if (card.isError) return <ErrorState error={card.error} onRetry={() => void card.refetch()} />;
  const data = card.data;
  const f = data.forecast;
  const en = i18n.language === 'en';
  const notCounted =
    f?.given.filter((g) => g.countedFor.length === 0 || g.notCounted.some((n) => n.dose)) ?? [];
  return (
    <Stack gap="lg" aria-label={t('immunization.card.title')}>
      {!f && <Alert color="yellow">{t('immunization.card.noBirthDate')}</Alert>}
      {f && (
        <Box>
          <SectionTitle
            right={
              writable ? (
                <Button size="xs" onClick={() => setRecording('any')}>
                  {t('immunization.card.record')}
                </Button>
              ) : undefined
            }
          >
            {t('immunization.card.schedule')}
          </SectionTitle>
          <SimpleGrid
            cols={{ base: 1, sm: 2, lg: 3 }}
            spacing="xs"
            role="list"
            aria-label={t('immunization.card.schedule')}
          >
            {f.doses.map((d) => (
              <Paper key={d.code} withBorder p="xs" role="listitem" data-dose={d.code}>
                <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                  <Text fw={600} size="sm">
                    {en ? d.nameEn : d.nameVi}
                  </Text>
                  <DoseStatus d={d} />
                </Group>
                <Text size="sm">
                  {d.status === 'given'
                    ? `${formatDate(d.givenOn)} · ${d.givenVaccine ?? ''}`
                    : t('immunization.card.dueOn', { date: formatDate(d.due) })}
                </Text>
                <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-end">
                  <Text size="xs" c="dimmed">
                    {t(`immunization.reason.${d.reason}`, {
                      earliest: formatDate(d.earliest),
                      overdueFrom: formatDate(d.overdueFrom),
                      latest: formatDate(d.latest),
                      condition: d.params?.condition ?? '',
                      prerequisite: d.params?.prerequisite ?? '',
                    })}
                  </Text>
                  {writable && (d.status === 'due' || d.status === 'overdue') && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => setRecording(d)}
                      style={{ flexShrink: 0 }}
                    >
                      {t('immunization.card.give')}
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </SimpleGrid>
        </Box>
      )}
      {notCounted.length > 0 && (
        <Alert color="orange" title={t('immunization.card.notCountedTitle')}>
          <Stack gap={4}>
            {notCounted.flatMap((g) =>
              g.notCounted.map((n, i) => (
                <Text size="sm" key={`${g.id ?? g.on}-${i}`}>
                  {t(`immunization.notCounted.${n.reason}`, {
                    vaccine: g.vaccine,
                    date: formatDate(g.on),
                    dose: n.dose,
                    validFrom: formatDate(n.validFrom),
                  })}
                </Text>
              )),
            )}
          </Stack>
        </Alert>
      )}
      <Box>
        <SectionTitle>{t('immunization.card.given')}</SectionTitle>
        {data.vaccinations.length === 0 ? (
          <EmptyNote>{t('immunization.card.noneGiven')}</EmptyNote>
        ) : (
          <Stack gap="xs">
            {data.vaccinations.map((v) => (
              <Paper key={v.id} withBorder p="sm" opacity={v.voided ? 0.5 : 1}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={0}>
                    <Text fw={600}>
                      {v.vaccineName} · {formatDate(v.givenOn)}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {v.givenElsewhere
                        ? t('immunization.card.elsewhere', { place: v.place ?? v.facilityName ?? '' })
                        : [
                            v.facilityName,
                            v.vaccinatorName,
                            v.lot && t('immunization.card.lot', { lot: v.lot }),
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                    </Text>
                  </Stack>
                  {writable && !v.voided && (
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => setAefiFor(v.id)}>
                      {t('immunization.aefi.open')}
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Box>
      {data.aefi.length > 0 && (
        <Box>
          <SectionTitle>{t('immunization.aefi.title')}</SectionTitle>
          <Stack gap="xs">
            {data.aefi.map((a) => (
              <Paper key={a.id} withBorder p="sm">
                <Group gap="xs">
                  <Badge color={a.serious ? 'red' : 'gray'}>
                    {t(`immunization.aefi.severity.${a.severity}`)}
                  </Badge>
                  <Text size="sm">
                    {formatDate(a.onsetOn)} · {a.vaccine} · {a.symptoms} ·{' '}
                    {t(`immunization.aefi.outcome.${a.outcome}`)}
                  </Text>
                </Group>
              </Paper>
            ))}
          </Stack>
        </Box>
      )}
      {recording && (
        <DoseDialog
          residentId={residentId}
          vaccines={recording === 'any' ? undefined : recording.vaccines}
          onClose={() => setRecording(null)}
        />
      )}
      {aefiFor && <AefiDialog vaccinationId={aefiFor} onClose={() => setAefiFor(null)} />}
    </Stack>
  );
}
