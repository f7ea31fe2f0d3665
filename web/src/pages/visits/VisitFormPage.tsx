import { Anchor, Box, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useResident, type ResidentOut } from '../../api/people';
import { useStaffList } from '../../api/queries';
import { fetchLastVisit, useCreateVisit } from '../../api/visits';
import { useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { birthText } from '../../components/people/common';
import { PatientPicker } from '../../components/people/PatientPicker';
import { useStations } from '../../components/visits/common';
import { notifyPlausibility } from '../../components/visits/plausibility';
import { formFrom, VisitEditor } from '../../components/visits/VisitEditor';
import { formatDate } from '../../lib/format';
import { isSavedOnDevice } from '../../offline/device-state';

const CLINICIAN_KEY = 'ytcs.visits.clinician';

/**
 * A new visit: find the person (Enter takes the best match), then the form, prefilled from their last
 * finished visit for a follow-up; Ctrl+Enter saves it finished.
 */
export default function VisitFormPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const residentId = params.get('resident') ?? undefined;
  const title = t('visits.new.title');
  return (
    <Stack gap="lg">
      <PageHeader title={title} />
      {residentId ? (
        <NewVisit residentId={residentId} onChangePatient={() => setParams({}, { replace: true })} />
      ) : (
        <PatientPicker
          label={t('visits.new.findPatient')}
          description={t('visits.new.findHint')}
          onPick={(id) => setParams({ resident: id })}
          autoFocus
        />
      )}
    </Stack>
  );
}

function NewVisit({ residentId, onChangePatient }: { residentId: string; onChangePatient: () => void }) {
  const resident = useResident(residentId);
  const last = useQuery({
    queryKey: ['visits', 'last', residentId],
    queryFn: () => fetchLastVisit(residentId),
  });
  if (resident.isError) return <ErrorState error={resident.error} />;
  if (!resident.data || last.isPending) return <PageLoader />;
  return <NewVisitForm resident={resident.data} last={last.data ?? null} onChangePatient={onChangePatient} />;
}

function NewVisitForm({
  resident,
  last,
  onChangePatient,
}: {
  resident: ResidentOut;
  last: Awaited<ReturnType<typeof fetchLastVisit>>;
  onChangePatient: () => void;
}) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const create = useCreateVisit();
  const stations = useStations(resident.currentAddress.communeCode);
  const [chosenFacility, setChosenFacility] = useState<string | null>(null);
  const facilityId = chosenFacility ?? last?.facility.id ?? stations.stations[0]?.id ?? '';
  const staff = useStaffList({ facility: facilityId || undefined, limit: 100 }, !!facilityId);
  const clinicians = useMemo(() => staff.data?.items ?? [], [staff.data]);

  const defaultClinician = useMemo(() => {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(`${CLINICIAN_KEY}.${facilityId}`);
    } catch {
      stored = null;
    }
    const ids = new Set(clinicians.map((c) => c.id));
    if (stored && ids.has(stored)) return stored;
    const me = clinicians.find((c) => c.fullName === user.displayName);
    if (me) return me.id;
    if (last && ids.has(last.clinician.id)) return last.clinician.id;
    return clinicians[0]?.id ?? '';
  }, [clinicians, facilityId, last, user.displayName]);

  const initial = useMemo(
    () => ({ ...formFrom(last, 'followUp'), clinicianId: defaultClinician }),
    [last, defaultClinician],
  );
  useEffect(() => {
    document.title = `${resident.fullName} · ${t('visits.new.title')}`;
  }, [resident.fullName, t]);

  if (!facilityId)
    return stations.isPending ? <PageLoader /> : <EmptyNote>{t('visits.new.noStation')}</EmptyNote>;
  // The form starts once from the defaults: it is not reset when a list refreshes.
  if (staff.isPending) return <PageLoader />;

  return (
    <VisitEditor
      key={facilityId}
      initial={initial}
      facilityId={facilityId}
      clinicians={clinicians}
      mode="new"
      residentId={resident.id}
      insuredToday={resident.insurance.insuredToday}
      saving={create.isPending}
      error={create.error}
      autoFocusFirst
      header={
        <Paper withBorder p="md">
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <Box>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                {t('visits.fields.patient')}
              </Text>
              <Anchor component={Link} to={`/residents/${resident.id}`} fw={700} fz="lg">
                {resident.fullName}
              </Anchor>
              <Text size="sm" c="dimmed">
                {t(`people.sex.${resident.sex}`)} · {birthText(resident)} ·{' '}
                {resident.hamletName ?? resident.communeName}
              </Text>
              <Text size="sm" mt={4}>
                {last
                  ? t('visits.new.prefilled', { date: formatDate(last.visitDate) })
                  : t('visits.new.firstVisit')}
              </Text>
            </Box>
            <Group gap="sm" align="flex-end">
              {stations.stations.length > 1 && (
                <Select
                  label={t('visits.fields.facility')}
                  data={stations.stations.map((s) => ({ value: s.id, label: s.name }))}
                  value={facilityId}
                  onChange={(v) => setChosenFacility(v)}
                  allowDeselect={false}
                />
              )}
              <Button variant="default" onClick={onChangePatient}>
                {t('visits.new.changePatient')}
              </Button>
            </Group>
          </Group>
        </Paper>
      }
      onSave={(body, finish) => {
        try {
          localStorage.setItem(`${CLINICIAN_KEY}.${facilityId}`, body.clinicianId);
        } catch {
          // No storage: the default is chosen again next time.
        }
        create.mutate(
          { ...body, residentId: resident.id, facilityId, finish } as Parameters<typeof create.mutate>[0],
          {
            onSuccess: (saved) => {
              // No network: the visit went to this device's outbox (web/src/offline/fallback.ts).
              if (isSavedOnDevice(saved)) {
                notifications.show({ color: 'ytcs', message: t('offline.device.savedVisit') });
                navigate(`/residents/${resident.id}`);
                return;
              }
              notifications.show({
                color: 'ytcs',
                message: finish ? t('visits.saved.finished') : t('visits.saved.draft'),
              });
              notifyPlausibility(t, i18n.language, saved.warnings);
              navigate(`/visits/${saved.id}`);
            },
          },
        );
      }}
    />
  );
}
