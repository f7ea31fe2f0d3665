import { Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { useFacilities, useUnit } from '../../api/queries';
import { useConsultations } from '../../api/referral';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { ConsultationCard } from '../../components/referral/cards';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

/**
 * Teleconsultations of a unit: the questions its stations asked (with the answers), and the queue of
 * a facility of the unit (open and urgent first), answered here; with the median response time.
 */
export default function TeleconsultPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const facilities = useFacilities(code);
  const [params, setParams] = useSearchParams();
  const direction = params.get('direction') === 'queue' ? 'queue' : 'asked';
  const candidates = (facilities.data?.items ?? []).filter((f) => f.kind === 'health_centre');
  const facilityId = params.get('facility') ?? candidates[0]?.id;
  const list = useConsultations({ direction, facilityId: direction === 'queue' ? facilityId : undefined });

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data) return <PageLoader />;
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageHeader
        title={t('referral.tele.title')}
        eyebrow={unitName(unit.data)}
        description={t('referral.tele.description')}
      />
      <Group gap="sm" wrap="wrap" align="flex-end" mb="md">
        <SegmentedControl
          value={direction}
          onChange={(v) => set('direction', v === 'queue' ? 'queue' : null)}
          data={[
            { value: 'asked', label: t('referral.tele.asked') },
            { value: 'queue', label: t('referral.tele.queue') },
          ]}
        />
        {direction === 'queue' && candidates.length > 1 && (
          <Select
            label={t('referral.tele.consultedFacility')}
            data={candidates.map((f) => ({ value: f.id, label: f.name }))}
            value={facilityId ?? null}
            onChange={(v) => set('facility', v)}
            allowDeselect={false}
          />
        )}
      </Group>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : direction === 'queue' && !facilityId ? (
        <EmptyNote>{t('referral.tele.none')}</EmptyNote>
      ) : list.isPending ? (
        <PageLoader />
      ) : list.data.items.length === 0 ? (
        <EmptyNote>{t('referral.tele.none')}</EmptyNote>
      ) : (
        <Stack gap="sm">
          {list.data.medianResponseMinutes !== null && (
            <Text size="sm" c="dimmed">
              {t('referral.tele.median', { minutes: list.data.medianResponseMinutes })}
            </Text>
          )}
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {list.data.items.map((c) => (
              <ConsultationCard key={c.id} consultation={c} answering={direction === 'queue'} showPatient />
            ))}
          </Stack>
        </Stack>
      )}
    </>
  );
}
