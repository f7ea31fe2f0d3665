import { Anchor, Button, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useUnit } from '../../api/queries';
import { usePlans } from '../../api/resources';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { CardItem } from '../../components/tables';
import { formatDate } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

/** The plans of a unit (kế hoạch), each opening its targets and reviews. */
export default function PlansPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const plans = usePlans(code);
  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data || plans.isPending) return <PageLoader />;
  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />;
  return (
    <>
      <PageHeader
        title={t('plans.title')}
        eyebrow={unitName(unit.data)}
        description={t('plans.description')}
        actions={
          can(user, 'plans.manage') ? (
            <Button component={Link} to={`/units/${code}/plans/new`}>
              {t('plans.new')}
            </Button>
          ) : undefined
        }
      />
      {plans.data.items.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('plans.none')}</EmptyNote>
        </Paper>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('plans.title')}
        >
          {plans.data.items.map((p) => (
            <CardItem key={p.id}>
              <Anchor component={Link} to={`/plans/${p.id}`} fw={700}>
                {t('plans.numbered', { number: p.number })}
              </Anchor>
              <Text size="sm">{p.title}</Text>
              <Text size="sm" c="dimmed">
                {t('plans.meta', {
                  issuer: p.issuer,
                  on: formatDate(p.issuedOn),
                  ends: formatDate(p.endsOn),
                  count: p.targetCount,
                })}
              </Text>
            </CardItem>
          ))}
        </Stack>
      )}
    </>
  );
}
