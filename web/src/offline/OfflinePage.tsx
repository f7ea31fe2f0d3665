/**
 * Work offline (issue 20): the sync's status, what is only on this device (with the server's reasons
 * for what it refused), overlapping edits, and the commune's people and work due from the device's
 * store — all without a network. Outside the signed-in frame: it opens from the cached shell.
 */
import {
  Anchor,
  Badge,
  Button,
  Card,
  Container,
  Group,
  List,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDate, searchKey } from '../lib/format';
import { offlineDb, type LocalResident, type OutboxRecord } from './db';
import { useLive } from './hooks';
import { SyncPanel } from './OfflineStatus';
import { installShell } from './register';
import { discardRecord } from './sync';

export function OutboxList({ residentId }: { residentId?: string }) {
  const { t, i18n } = useTranslation();
  const records = useLive(
    () =>
      residentId
        ? offlineDb.outbox.where('residentId').equals(residentId).sortBy('madeAt')
        : offlineDb.outbox.orderBy('madeAt').toArray(),
    [residentId],
    [] as OutboxRecord[],
  );
  if (!records.length) return <Text size="sm">{t('offline.outbox.empty')}</Text>;
  return (
    <Stack
      gap="xs"
      component="ul"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      aria-label={t('offline.outbox.title')}
    >
      {records.map((r) => (
        <Card key={r.id} withBorder padding="sm" component="li">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {t(`offline.kind.${r.kind}`)} · {r.label}
              </Text>
              <Text size="xs" c="dimmed">
                {t('offline.outbox.madeAt', {
                  when: new Date(r.madeAt).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN'),
                })}
              </Text>
              {r.status === 'refused' && r.result?.problem && (
                <List size="sm" c="red.8">
                  {(r.result.problem.errors.length
                    ? r.result.problem.errors.map(
                        (e) => `${e.path}: ${i18n.language === 'en' ? (e.text?.en ?? e.message) : e.message}`,
                      )
                    : [r.result.problem.detail]
                  ).map((line) => (
                    <List.Item key={line}>{line}</List.Item>
                  ))}
                </List>
              )}
            </Stack>
            <Stack gap={4} align="flex-end">
              <Badge color={r.status === 'refused' ? 'red' : r.status === 'failed' ? 'orange' : 'gray'}>
                {t(`offline.outbox.${r.status}`)}
              </Badge>
              {r.status === 'refused' && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() => void discardRecord(r.id)}
                >
                  {t('offline.outbox.discard')}
                </Button>
              )}
              {r.status === 'refused' && !!r.result?.problem?.candidates?.length && (
                // A probable duplicate the user judged to be someone else (./writes.ts).
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => void import('./writes').then((m) => m.resendNotDuplicate(r))}
                >
                  {t('offline.outbox.notDuplicate')}
                </Button>
              )}
            </Stack>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

function Conflicts() {
  const { t } = useTranslation();
  const conflicts = useLive(() => offlineDb.conflicts.toArray(), [], []);
  const names = useLive(
    async () =>
      new Map(
        (await offlineDb.residents.bulkGet(conflicts.map((c) => c.entityId))).flatMap((r) =>
          r ? [[r.id, r.fullName]] : [],
        ),
      ),
    [conflicts],
    new Map<string, string>(),
  );
  if (!conflicts.length) return null;
  const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v == null ? '—' : String(v));
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('offline.conflicts.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('offline.conflicts.explain')}
      </Text>
      <List size="sm">
        {conflicts.map((c) => (
          <List.Item key={c.id}>
            {names.get(c.entityId) ?? ''} ·{' '}
            {t('offline.conflicts.row', {
              field: c.field,
              pushed: show(c.pushedValue),
              server: show(c.serverValue),
              username: c.username,
            })}
          </List.Item>
        ))}
      </List>
    </Card>
  );
}

function Search() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const key = searchKey(q);
  const found = useLive(
    async () => {
      if (key.length < 2) return [] as LocalResident[];
      return offlineDb.residents
        .filter((r) => r.status === 'active' && (r.searchName ?? searchKey(r.fullName)).includes(key))
        .limit(30)
        .toArray();
    },
    [key],
    [] as LocalResident[],
  );
  return (
    <Stack gap="xs">
      <TextInput
        label={t('offline.search.label')}
        placeholder={t('offline.search.placeholder')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {key.length >= 2 && !found.length && <Text size="sm">{t('offline.search.none')}</Text>}
      <List size="sm" spacing={4}>
        {found.map((r) => (
          <List.Item key={r.id}>
            <Anchor component={Link} to={`/offline/residents/${r.id}`}>
              {r.fullName}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              {r.birthDate ? formatDate(r.birthDate) : r.birthYear} · {r.currentAddressLine ?? ''}
            </Text>{' '}
            <Anchor component={Link} to={`/offline/record/${r.id}`} size="xs">
              {t('offline.record.link')}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function Due() {
  const { t } = useTranslation();
  const items = useLive(
    async () => {
      const due = await offlineDb.due.orderBy('dueOn').limit(50).toArray();
      const people = await offlineDb.residents.bulkGet(due.map((d) => d.residentId));
      return due.map((d, i) => ({ ...d, fullName: people[i]?.fullName ?? '' }));
    },
    [],
    [] as { key: string; kind: string; residentId: string; dueOn: string; fullName: string }[],
  );
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('offline.due.title')}
      </Title>
      {!items.length && <Text size="sm">{t('offline.due.empty')}</Text>}
      <List size="sm" spacing={4}>
        {items.map((d) => (
          <List.Item key={d.key}>
            <Anchor component={Link} to={`/offline/residents/${d.residentId}`}>
              {d.fullName}
            </Anchor>{' '}
            · {t(`worklist.kinds.${d.kind.replace('.', '_')}`, { defaultValue: d.kind })} ·{' '}
            {t('offline.due.since', { date: formatDate(d.dueOn) })}
          </List.Item>
        ))}
      </List>
    </Card>
  );
}

export default function OfflinePage() {
  const { t } = useTranslation();
  useEffect(installShell, []);
  return (
    <Container size="md" py="lg">
      <Stack gap="lg">
        <Stack gap={4}>
          <Group justify="space-between">
            <Title order={1}>{t('offline.title')}</Title>
            <Anchor component={Link} to="/">
              ytcs
            </Anchor>
          </Group>
          <Text size="sm" c="dimmed">
            {t('offline.intro')}
          </Text>
        </Stack>
        <Card withBorder>
          <SyncPanel />
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('offline.outbox.title')}
          </Title>
          <OutboxList />
        </Card>
        <Conflicts />
        <Card withBorder>
          <Stack gap="xs">
            <Search />
            <Anchor component={Link} to="/households/new" size="sm">
              {t('offline.record.registerHousehold')}
            </Anchor>
          </Stack>
        </Card>
        <Due />
      </Stack>
    </Container>
  );
}
