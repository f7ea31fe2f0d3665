import { Checkbox, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReferrals } from '../../api/referral';
import { PageHeader } from '../../components/common';
import { ReferralCard } from '../../components/referral/cards';
import { CardList, DirectionBar, QueryList, useUnitDirections } from '../../components/referral/shared';

/**
 * A unit's referrals: the slips its stations sent (with their feedback), and the slips sent to one of
 * its facilities — the receiving side takes them in and writes its feedback here.
 */
export default function ReferralsPage() {
  const { t } = useTranslation();
  const view = useUnitDirections(
    ['sent', 'incoming'],
    (f) => f.kind !== 'pharmacy',
    (f) => f.kind === 'health_centre',
  );
  const [open, setOpen] = useState(false);
  const list = useReferrals({
    direction: view.direction,
    facilityId: view.facilityId,
    open: open || undefined,
  });

  if (view.pending) return view.pending;
  return (
    <>
      <PageHeader
        title={t('referral.title')}
        eyebrow={view.unitName}
        description={t('referral.description')}
      />
      <Stack gap="sm" mb="md">
        <DirectionBar
          view={view}
          labels={{ sent: t('referral.sent'), incoming: t('referral.incoming') }}
          facilityLabel={t('referral.receivingFacility')}
        />
        <Checkbox
          label={t('referral.onlyOpen')}
          checked={open}
          onChange={(e) => setOpen(e.currentTarget.checked)}
        />
      </Stack>
      <QueryList
        query={list}
        render={(page) => (
          <CardList items={page.items} empty={t('referral.none')}>
            {(r) => <ReferralCard key={r.id} referral={r} receiving={view.other} showPatient />}
          </CardList>
        )}
      />
    </>
  );
}
