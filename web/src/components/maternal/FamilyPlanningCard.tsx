import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FP_STOP_REASONS,
  useFamilyPlanning,
  useStartMethod,
  useStopMethod,
  type FpEpisodeOut,
} from '../../api/maternal';
import { useCodes } from '../../api/queries';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { ErrorState, PageLoader, SectionTitle } from '../common';
import { DateField } from '../DateField';
import { DataTable, Th } from '../tables';
import { FormButtons, useFieldErrors } from './forms';

/**
 * Family planning (kế hoạch hóa gia đình) on a woman's profile: the method in use, the methods used
 * before, and starting, switching or stopping one (register A5 is made of these).
 */
export function FamilyPlanningCard({ residentId, writable }: { residentId: string; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const methods = useFamilyPlanning(residentId);
  const [form, setForm] = useState<'start' | 'stop' | null>(null);
  if (methods.isPending) return <PageLoader />;
  if (methods.isError) return <ErrorState error={methods.error} onRetry={() => void methods.refetch()} />;
  const name = (e: FpEpisodeOut) => (i18n.language === 'en' ? e.methodEn : e.methodVi);
  const inUse = methods.data.find((e) => !e.stoppedOn);
  return (
    <Paper withBorder p="md">
      <SectionTitle>{t('maternal.fp.title')}</SectionTitle>
      <Stack gap="sm">
        <Text fw={600} role="status">
          {inUse
            ? t('maternal.fp.inUse', { method: name(inUse), date: formatDate(inUse.startedOn) })
            : methods.data.length
              ? t('maternal.fp.notInUse')
              : t('maternal.fp.none')}
        </Text>
        {writable && (
          <Group gap="xs">
            <Button variant={inUse ? 'default' : 'filled'} onClick={() => setForm('start')}>
              {inUse ? t('maternal.fp.switch') : t('maternal.fp.start')}
            </Button>
            {inUse && (
              <Button variant="default" onClick={() => setForm('stop')}>
                {t('maternal.fp.stop')}
              </Button>
            )}
          </Group>
        )}
        {form === 'start' && (
          <StartForm residentId={residentId} switching={!!inUse} onDone={() => setForm(null)} />
        )}
        {form === 'stop' && inUse && (
          <StopForm residentId={residentId} episode={inUse} onDone={() => setForm(null)} />
        )}
        {methods.data.length > 0 && (
          <DataTable caption={t('maternal.fp.history')} minWidth={480}>
            <Table.Thead>
              <Table.Tr>
                <Th>{t('maternal.fp.method')}</Th>
                <Th>{t('maternal.fp.startedOn')}</Th>
                <Th>{t('maternal.fp.stoppedOn')}</Th>
                <Th>{t('maternal.fp.reason')}</Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {methods.data.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    {name(e)}{' '}
                    {!e.stoppedOn && (
                      <Badge size="sm" variant="light">
                        {t('maternal.fp.ongoing')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDate(e.startedOn)}</Table.Td>
                  <Table.Td>{e.stoppedOn ? formatDate(e.stoppedOn) : '—'}</Table.Td>
                  <Table.Td>{e.stopReason ? t(`maternal.fp.reasons.${e.stopReason}`) : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
      </Stack>
    </Paper>
  );
}

function StartForm({
  residentId,
  switching,
  onDone,
}: {
  residentId: string;
  switching: boolean;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const codes = useCodes('contraceptive-method');
  const start = useStartMethod(residentId);
  const fieldErrors = useFieldErrors();
  const { errors, setErrors } = fieldErrors;
  const handlers = fieldErrors.handlers(t('maternal.fp.saved'), onDone);
  const [method, setMethod] = useState<string | null>(null);
  const [startedOn, setStartedOn] = useState(formatDate(todayIso()));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const day = parseDate(startedOn);
    if (!day) return setErrors({ startedOn: t('errors.invalidDate') });
    if (!method) return setErrors({ method: t('maternal.fp.pickMethod') });
    setErrors({});
    start.mutate({ method, startedOn: day }, handlers);
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit}>
      {switching && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('maternal.fp.switchHint')}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t('maternal.fp.method')}
          data={(codes.data ?? []).map((c) => ({
            value: c.code,
            label: i18n.language === 'en' ? c.displayEn : c.displayVi,
          }))}
          value={method}
          onChange={setMethod}
          error={errors.method}
          searchable
          required
        />
        <DateField
          label={t('maternal.fp.startedOn')}
          value={startedOn}
          onChange={setStartedOn}
          error={errors.startedOn}
          required
        />
      </SimpleGrid>
      <FormButtons onCancel={onDone} pending={start.isPending} />
    </Paper>
  );
}

function StopForm({
  residentId,
  episode,
  onDone,
}: {
  residentId: string;
  episode: FpEpisodeOut;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const stop = useStopMethod(residentId);
  const fieldErrors = useFieldErrors();
  const { errors, setErrors } = fieldErrors;
  const handlers = fieldErrors.handlers(t('maternal.fp.saved'), onDone);
  const [stoppedOn, setStoppedOn] = useState(formatDate(todayIso()));
  const [reason, setReason] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const day = parseDate(stoppedOn);
    if (!day) return setErrors({ stoppedOn: t('errors.invalidDate') });
    if (!reason) return setErrors({ reason: t('maternal.fp.pickReason') });
    setErrors({});
    stop.mutate(
      { id: episode.id, body: { stoppedOn: day, reason: reason as (typeof FP_STOP_REASONS)[number] } },
      handlers,
    );
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <DateField
          label={t('maternal.fp.stoppedOn')}
          value={stoppedOn}
          onChange={setStoppedOn}
          error={errors.stoppedOn}
          required
        />
        <Select
          label={t('maternal.fp.reason')}
          data={FP_STOP_REASONS.filter((r) => r !== 'switched').map((r) => ({
            value: r,
            label: t(`maternal.fp.reasons.${r}`),
          }))}
          value={reason}
          onChange={setReason}
          error={errors.reason}
          required
        />
      </SimpleGrid>
      <FormButtons onCancel={onDone} pending={stop.isPending} />
    </Paper>
  );
}
