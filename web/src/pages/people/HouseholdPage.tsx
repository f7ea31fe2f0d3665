import { Alert, Badge, Grid, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import { useHousehold } from '../../api/people';
import { useUnit } from '../../api/queries';
import { ErrorState, PageHeader, PageLoader, SectionTitle } from '../../components/common';
import { IconInfo } from '../../components/Icons';
import { Fact, ResidentList } from '../../components/people/common';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatNumber } from '../../lib/format';
import { useAnnounceUnit } from '../../lib/units';

/** A household: its address and code, and its members with their relation to the head. */
export default function HouseholdPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const location = useLocation();
  const household = useHousehold(id);
  const communeCode = household.data?.address.communeCode;
  useAnnounceUnit(communeCode);
  const unit = useUnit(communeCode);
  // Problems the form met after registering (a card it could not save), passed along by the form.
  const notes = (location.state as { notes?: string[] } | null)?.notes ?? [];

  if (household.isPending) return <PageLoader />;
  if (household.isError)
    return <ErrorState error={household.error} onRetry={() => void household.refetch()} />;
  const h = household.data;
  const title = t('people.household.titleOf', { name: h.headName ?? t('people.household.noHead') });

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={t('people.household.eyebrow')}
          title={title}
          description={h.address.text}
          actions={
            h.status === 'dissolved' ? (
              <Badge color="gray">{t('people.household.dissolved')}</Badge>
            ) : undefined
          }
        />
      </div>
      {notes.length > 0 && (
        <Alert color="amber" variant="light" icon={<IconInfo />} role="alert">
          {notes.map((n) => (
            <Text key={n} size="sm">
              {n}
            </Text>
          ))}
        </Alert>
      )}
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="lg">
            <Stack gap="md">
              <Fact label={t('people.household.code')}>{h.code}</Fact>
              <Fact label={t('people.household.address')}>{h.address.text}</Fact>
              <Fact label={t('people.household.head')}>{h.headName}</Fact>
              <Fact label={t('people.household.members')}>
                <Text fz={22} fw={700}>
                  {formatNumber(h.memberCount)}
                </Text>
              </Fact>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <section aria-labelledby="household-members-title">
            <SectionTitle>
              <span id="household-members-title">{t('people.household.membersTitle')}</span>
            </SectionTitle>
            <ResidentList rows={h.members} caption={t('people.household.membersTitle')} showRelation />
          </section>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
