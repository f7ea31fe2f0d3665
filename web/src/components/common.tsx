import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useUser } from '../auth/session';
import { IconAlert, IconCheck, IconMinus } from './Icons';

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py={80} role="status" aria-live="polite">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** The message for an API error, in the interface language. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (!(error instanceof ApiError)) return t('errors.generic');
    if (error.status === 0) return t('errors.network');
    if (error.status === 404) return t('errors.notFound');
    if (error.status === 403) return t('errors.forbidden');
    if (error.status === 409) return t('errors.conflict');
    return error.problem.title || t('errors.generic');
  };
}

/** True when the API answered 404: the record does not exist or lies outside the user's area. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * A page that cannot be shown: no such page, or (as the API answers) a unit or record that does not
 * exist or lies outside the user's area. Never an empty page titled with a code.
 */
export function NotFoundState({ outOfScope = false }: { outOfScope?: boolean }) {
  const { t } = useTranslation();
  const user = useUser();
  const title = outOfScope ? t('errors.outOfScopeTitle') : t('errors.pageNotFound');
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Paper withBorder p="xl" maw={560} mx="auto" mt="xl">
      <Stack gap="sm" align="flex-start">
        <Title order={1} fz={24}>
          {title}
        </Title>
        <Text c="dimmed">{outOfScope ? t('errors.outOfScopeText') : t('errors.pageNotFoundText')}</Text>
        <Button component={Link} to={`/units/${user.unitCode}`} mt="sm">
          {t('errors.toMyUnit')}
        </Button>
      </Stack>
    </Paper>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  // A 404 is an answer, not a failure: nothing to retry, say so as a page.
  if (isNotFound(error)) return <NotFoundState outOfScope />;
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} title={message(error)} role="alert" my="lg">
      {onRetry && (
        <Button variant="white" color="red" size="xs" mt="xs" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}

export function PageHeader({
  title,
  eyebrow,
  description,
  actions,
}: {
  title: ReactNode;
  eyebrow?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  // The tab's title follows the page: "Xã Hải Sơn · ytcs".
  useEffect(() => {
    if (typeof title === 'string') document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Group justify="space-between" align="flex-end" gap="md" mb="lg" wrap="wrap">
      <Stack gap={4} style={{ minWidth: 0, flex: '1 1 320px' }}>
        {eyebrow && (
          <Text size="sm" c="dimmed" fw={500}>
            {eyebrow}
          </Text>
        )}
        <Title order={1} fz={{ base: 24, sm: 30 }} lh={1.2} className="section-title">
          {title}
        </Title>
        {description && <Box c="dimmed">{description}</Box>}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}

export function SectionTitle({ children, right }: { children: ReactNode; right?: ReactNode }) {
  return (
    <Group justify="space-between" align="center" mb="sm" gap="sm" wrap="wrap">
      <Title order={2} fz={{ base: 18, sm: 20 }} className="section-title">
        {children}
      </Title>
      {right}
    </Group>
  );
}

export function YesNo({ value, yes, no }: { value: boolean; yes?: string; no?: string }) {
  const { t } = useTranslation();
  return value ? (
    <Badge color="ytcs" leftSection={<IconCheck size={12} />}>
      {yes ?? t('common.yes')}
    </Badge>
  ) : (
    <Badge color="amber" leftSection={<IconMinus size={12} />}>
      {no ?? t('common.no')}
    </Badge>
  );
}

export function StatCard({
  label,
  value,
  note,
  progress,
  tone,
}: {
  label: string;
  value: string;
  note?: string;
  progress?: number;
  tone?: 'warn';
}) {
  return (
    <Card className="stat-card" data-tone={tone} padding="md">
      <Text size="sm" c="dimmed" fw={500} lh={1.3} mih={36}>
        {label}
      </Text>
      <Text fz={30} fw={700} lh={1.1} mt={6}>
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed" mt={4}>
          {note}
        </Text>
      )}
      {progress !== undefined && (
        <Progress
          value={progress}
          mt="sm"
          size="sm"
          radius="xl"
          color={tone === 'warn' ? 'amber.5' : 'ytcs.6'}
          aria-label={label}
        />
      )}
    </Card>
  );
}

export function EmptyNote({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" size="sm" py="md">
      {children}
    </Text>
  );
}
