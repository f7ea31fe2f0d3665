/**
 * The sync's honest status (docs/adr/0033): online or not, what is only on this device, the last
 * successful sync, the last error; a badge for the header and the full panel of the offline page.
 */
import { Alert, Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { offlineDb } from './db';
import { useLive, useOnline, useSyncState } from './hooks';
import { syncNow } from './sync';

export function useOutboxCounts(): { pending: number; refused: number } {
  return useLive(
    async () => ({
      pending: await offlineDb.outbox.where('status').anyOf('pending', 'failed').count(),
      refused: await offlineDb.outbox.where('status').equals('refused').count(),
    }),
    [],
    { pending: 0, refused: 0 },
  );
}

/** The header's badge: offline, or the changes waiting; a link to the offline page. */
export function OfflineBadge() {
  const { t } = useTranslation();
  const online = useOnline();
  const { pending, refused } = useOutboxCounts();
  if (online && pending === 0 && refused === 0) return null;
  return (
    <Badge
      component={Link}
      to="/offline"
      color={!online ? 'gray' : refused ? 'red' : 'orange'}
      variant="light"
      style={{ cursor: 'pointer' }}
    >
      {!online ? t('offline.offline') : t('offline.safe.pending', { count: pending + refused })}
    </Badge>
  );
}

export function SyncPanel() {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  const sync = useSyncState();
  const { pending, refused } = useOutboxCounts();
  const meta = useLive(
    async () => ({
      lastSync: (await offlineDb.meta.get('lastSync'))?.value as string | undefined,
      scopeName: (await offlineDb.meta.get('scopeName'))?.value as string | undefined,
      residents: await offlineDb.residents.count(),
      households: await offlineDb.households.count(),
      cards: await offlineDb.cards.count(),
      due: await offlineDb.due.count(),
    }),
    [],
    { lastSync: undefined, scopeName: undefined, residents: 0, households: 0, cards: 0, due: 0 },
  );
  const run = () =>
    syncNow()
      .then((r) => {
        notifications.show({ color: 'teal', message: t('offline.synced', { ...r }) });
        // What the offline forms read besides the working set (the vaccination schedule).
        void import('./writes').then((m) => m.keepReference());
      })
      .catch(() => undefined);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN');
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Badge color={online ? 'teal' : 'gray'} variant="filled">
          {online ? t('offline.online') : t('offline.offline')}
        </Badge>
        {meta.scopeName && <Text size="sm">{t('offline.scope', { name: meta.scopeName })}</Text>}
      </Group>
      <Text size="sm">
        {meta.lastSync ? t('offline.lastSync', { when: when(meta.lastSync) }) : t('offline.neverSynced')}
      </Text>
      {meta.lastSync && (
        <Text size="sm" c="dimmed">
          {t('offline.counts', meta)}
        </Text>
      )}
      {!meta.lastSync && <Alert color="blue">{t('offline.noWorkingSet')}</Alert>}
      {sync.error && (
        <Alert color="orange" role="alert">
          {t('offline.syncError', {
            reason: sync.error === 'network' ? t('offline.syncErrorNetwork') : sync.error,
          })}
        </Alert>
      )}
      <Stack gap={4} aria-live="polite">
        <Title order={3} size="h5">
          {t('offline.safe.title')}
        </Title>
        {pending === 0 && refused === 0 && <Text size="sm">{t('offline.safe.allSent')}</Text>}
        {pending > 0 && (
          <Text size="sm" fw={600} c="orange.8">
            {t('offline.safe.pending', { count: pending })}
          </Text>
        )}
        {refused > 0 && (
          <Text size="sm" fw={600} c="red.8">
            {t('offline.safe.refused', { count: refused })}
          </Text>
        )}
      </Stack>
      <Group>
        <Button onClick={run} loading={sync.running} disabled={!online}>
          {meta.lastSync ? t('offline.syncNow') : t('offline.download')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The "from this device" marker of the ordinary pages while the network is down (./fallback.ts). */
export function DeviceNotice() {
  const { t, i18n } = useTranslation();
  const { pending } = useOutboxCounts();
  const lastSync = useLive(
    async () => (await offlineDb.meta.get('lastSync'))?.value as string | undefined,
    [],
    undefined,
  );
  const when = lastSync ? new Date(lastSync).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN') : '—';
  return (
    <Alert color="gray" variant="light" mb="md" role="status" data-testid="from-device">
      <Group justify="space-between" gap="xs">
        <Text size="sm">{t('offline.device.notice', { when })}</Text>
        <Anchor component={Link} to="/offline" size="sm">
          {pending > 0 ? t('offline.safe.pending', { count: pending }) : t('offline.device.outbox')}
        </Anchor>
      </Group>
    </Alert>
  );
}
