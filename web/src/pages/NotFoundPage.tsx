import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useUser } from '../auth/session';

export default function NotFoundPage() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <Paper withBorder p="xl" maw={560} mx="auto" mt="xl">
      <Stack gap="sm" align="flex-start">
        <Title order={1} fz={24}>
          {t('errors.pageNotFound')}
        </Title>
        <Text c="dimmed">{t('errors.pageNotFoundText')}</Text>
        <Button component={Link} to={`/units/${user.unitCode}`} mt="sm">
          {t('errors.toMyUnit')}
        </Button>
      </Stack>
    </Paper>
  );
}
