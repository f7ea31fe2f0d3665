import { Checkbox, Group, SegmentedControl, Select, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { useFacilities, useUnit } from '../../api/queries';
import { useReferrals } from '../../api/referral';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { ReferralCard } from '../../components/referral/cards';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

/**
 * A unit's referrals: the slips its stations sent (with their feedback), and the slips sent to one of
 * its facilities — the receiving side takes them in and writes its feedback here.
 */
export default function ReferralsPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const facilities = useFacilities(code);
  const [params, setParams] = useSearchParams();
  const direction = params.get('direction') === 'incoming' ? 'incoming' : 'sent';
  const [open, setOpen] = useState(false);
  const candidates = (facilities.data?.items ?? []).filter((f) => f.kind !== 'pharmacy');
  const preferred = candidates.find((f) => f.kind === 'health_centre') ?? candidates[0];
  const facilityId = params.get('facility') ?? preferred?.id;
  const list = useReferrals({
    direction,
    facilityId: direction === 'incoming' ? facilityId : undefined,
    open: open || undefined,
  });

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
        title={t('referral.title')}
        eyebrow={unitName(unit.data)}
        description={t('referral.description')}
      />
      <Stack gap="sm" mb="md">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <SegmentedControl
            value={direction}
            onChange={(v) => set('direction', v === 'incoming' ? 'incoming' : null)}
            data={[
              { value: 'sent', label: t('referral.sent') },
              { value: 'incoming', label: t('referral.incoming') },
            ]}
          />
          {direction === 'incoming' && candidates.length > 1 && (
            <Select
              label={t('referral.receivingFacility')}
              data={candidates.map((f) => ({ value: f.id, label: f.name }))}
              value={facilityId ?? null}
              onChange={(v) => set('facility', v)}
              allowDeselect={false}
            />
          )}
        </Group>
        <Checkbox
          label={t('referral.onlyOpen')}
          checked={open}
          onChange={(e) => setOpen(e.currentTarget.checked)}
        />
      </Stack>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoader />
      ) : list.data.items.length === 0 ? (
        <EmptyNote>{t('referral.none')}</EmptyNote>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {list.data.items.map((r) => (
            <ReferralCard key={r.id} referral={r} receiving={direction === 'incoming'} showPatient />
          ))}
        </Stack>
      )}
    </>
  );
}
