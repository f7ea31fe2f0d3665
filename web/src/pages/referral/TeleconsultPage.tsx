import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useConsultations } from '../../api/referral';
import { EmptyNote, PageHeader } from '../../components/common';
import { ConsultationCard } from '../../components/referral/cards';
import { CardList, DirectionBar, QueryList, useUnitDirections } from '../../components/referral/shared';

/**
 * Teleconsultations of a unit: the questions its stations asked (with the answers), and the queue of
 * a facility of the unit (open and urgent first), answered here; with the median response time.
 */
export default function TeleconsultPage() {
  const { t } = useTranslation();
  const view = useUnitDirections(['asked', 'queue'], (f) => f.kind === 'health_centre');
  const list = useConsultations({ direction: view.direction, facilityId: view.facilityId });

  if (view.pending) return view.pending;
  return (
    <>
      <PageHeader
        title={t('referral.tele.title')}
        eyebrow={view.unitName}
        description={t('referral.tele.description')}
      />
      <DirectionBar
        view={view}
        labels={{ asked: t('referral.tele.asked'), queue: t('referral.tele.queue') }}
        facilityLabel={t('referral.tele.consultedFacility')}
        mb="md"
      />
      {view.other && !view.facilityId ? (
        <EmptyNote>{t('referral.tele.none')}</EmptyNote>
      ) : (
        <QueryList
          query={list}
          render={(page) =>
            page.items.length === 0 ? (
              <EmptyNote>{t('referral.tele.none')}</EmptyNote>
            ) : (
              <Stack gap="sm">
                {page.medianResponseMinutes !== null && (
                  <Text size="sm" c="dimmed">
                    {t('referral.tele.median', { minutes: page.medianResponseMinutes })}
                  </Text>
                )}
                <CardList items={page.items} empty={t('referral.tele.none')}>
                  {(c) => <ConsultationCard key={c.id} consultation={c} answering={view.other} showPatient />}
                </CardList>
              </Stack>
            )
          }
        />
      )}
    </>
  );
}
