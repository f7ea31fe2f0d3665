import { Button, Group, Paper, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useVisits } from '../../api/visits';
import { EmptyNote, ErrorState, PageLoader } from '../common';
import { IconPlus } from '../Icons';
import { VisitList } from './common';

/** A person's visits, newest first, with a button for a new (follow-up) visit. */
export function VisitHistory({ residentId, writable }: { residentId: string; writable: boolean }) {
  const { t } = useTranslation();
  const visits = useVisits({ resident: residentId, limit: 100 });
  return (
    <Stack gap="md">
      {writable && (
        <Group>
          <Button
            component={Link}
            to={`/visits/new?resident=${residentId}`}
            leftSection={<IconPlus size={18} />}
          >
            {t('visits.new.title')}
          </Button>
        </Group>
      )}
      {visits.isError ? (
        <ErrorState error={visits.error} onRetry={() => void visits.refetch()} />
      ) : !visits.data ? (
        <PageLoader />
      ) : visits.data.items.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('visits.history.none')}</EmptyNote>
        </Paper>
      ) : (
        <VisitList rows={visits.data.items} caption={t('visits.history.title')} history />
      )}
    </Stack>
  );
}
