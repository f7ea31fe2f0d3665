import { Button, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePatientCoordination } from '../../api/referral';
import { ErrorState, PageLoader, SectionTitle } from '../common';
import { ConsultationCard, ReferralCard } from './cards';
import { CardList } from './shared';

/**
 * The patient's tab (chuyển tuyến): their referral slips with the receiving facility's feedback, and
 * their teleconsultations with the upper level's answers — what the upper levels found and advised.
 */
export function ReferralTab({ residentId, writable }: { residentId: string; writable: boolean }) {
  const { t } = useTranslation();
  const data = usePatientCoordination(residentId);
  if (data.isPending) return <PageLoader />;
  if (data.isError) return <ErrorState error={data.error} onRetry={() => void data.refetch()} />;
  const { referrals, consultations } = data.data;
  return (
    <Stack gap="md">
      {writable && (
        <Group gap="xs" wrap="wrap">
          <Button component={Link} to={`/referrals/new?resident=${residentId}`}>
            {t('referral.newReferral')}
          </Button>
          <Button component={Link} to={`/teleconsultations/new?resident=${residentId}`} variant="light">
            {t('referral.ask')}
          </Button>
        </Group>
      )}
      <div>
        <SectionTitle>{t('referral.patientTab.referrals')}</SectionTitle>
        <CardList items={referrals} empty={t('referral.patientTab.noReferrals')}>
          {(r) => <ReferralCard key={r.id} referral={r} />}
        </CardList>
      </div>
      <div>
        <SectionTitle>{t('referral.patientTab.consultations')}</SectionTitle>
        <CardList items={consultations} empty={t('referral.patientTab.noConsultations')}>
          {(c) => <ConsultationCard key={c.id} consultation={c} />}
        </CardList>
      </div>
    </Stack>
  );
}
