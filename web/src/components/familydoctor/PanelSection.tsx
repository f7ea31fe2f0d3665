import { Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  useEndRegistration,
  usePanel,
  useRegisterOnPanel,
  type PanelMemberOut,
  type PracticeOut,
} from '../../api/familydoctor';
import { formatDate, todayIso } from '../../lib/format';
import { EmptyNote, ErrorState, PageLoader } from '../common';
import { PatientPicker } from '../people/PatientPicker';
import { DataTable, Th } from '../tables';

const problem = (e: unknown) =>
  e instanceof ApiError ? (e.problem.errors?.[0]?.message ?? e.message) : String(e);

/**
 * A practice's panel (danh sách người dân đăng ký với bác sĩ gia đình): who is on it, a person
 * registered under a contract, a registration ended on a day (the contract ended, the person moved or
 * chose another doctor).
 */
export function PanelSection({ practice, manage }: { practice: PracticeOut; manage: boolean }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const panel = usePanel(practice.id, all);
  const register = useRegisterOnPanel();
  const [contractNo, setContractNo] = useState('');
  const [registeredOn, setRegisteredOn] = useState(todayIso());
  const [error, setError] = useState<string | null>(null);
  const add = (residentId: string) => {
    setError(null);
    register.mutate(
      {
        id: practice.id,
        residentId,
        registeredOn,
        ...(contractNo.trim() ? { contractNo: contractNo.trim() } : {}),
      },
      {
        onSuccess: () => {
          setContractNo('');
          notifications.show({ color: 'ytcs', message: t('familydoctor.registered') });
        },
        onError: (e) => setError(problem(e)),
      },
    );
  };
  return (
    <Stack gap="sm" mt="sm">
      {manage && (
        <Stack gap="xs">
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('familydoctor.contractNo')}
              value={contractNo}
              onChange={(e) => setContractNo(e.currentTarget.value)}
              maxLength={60}
            />
            <TextInput
              type="date"
              label={t('familydoctor.registeredOn')}
              value={registeredOn}
              onChange={(e) => setRegisteredOn(e.currentTarget.value)}
            />
          </Group>
          <PatientPicker label={t('familydoctor.findResident')} onPick={add} withBorder={false} />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
        </Stack>
      )}
      <Checkbox
        label={t('familydoctor.showEnded')}
        checked={all}
        onChange={(e) => setAll(e.currentTarget.checked)}
      />
      {panel.isPending ? (
        <PageLoader />
      ) : panel.isError ? (
        <ErrorState error={panel.error} onRetry={() => void panel.refetch()} />
      ) : panel.data.items.length === 0 ? (
        <EmptyNote>{t('familydoctor.panelEmpty')}</EmptyNote>
      ) : (
        <DataTable caption={t('familydoctor.panelOf', { name: practice.name })} minWidth={640}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('familydoctor.cols.name')}</Th>
              <Th numeric>{t('familydoctor.cols.born')}</Th>
              <Th>{t('familydoctor.cols.contract')}</Th>
              <Th>{t('familydoctor.cols.registered')}</Th>
              <Th>{t('familydoctor.cols.ended')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {panel.data.items.map((m) => (
              <Member key={m.id} member={m} manage={manage} />
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Stack>
  );
}

function Member({ member: m, manage }: { member: PanelMemberOut; manage: boolean }) {
  const { t } = useTranslation();
  const end = useEndRegistration();
  const [ending, setEnding] = useState(false);
  const [endedOn, setEndedOn] = useState(todayIso());
  const [error, setError] = useState<string | null>(null);
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {m.fullName}
        </Text>
        <Text size="xs" c="dimmed">
          {m.address}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{m.birthYear}</Table.Td>
      <Table.Td>{m.contractNo ?? '—'}</Table.Td>
      <Table.Td>{formatDate(m.registeredOn)}</Table.Td>
      <Table.Td>
        {m.endedOn ? (
          formatDate(m.endedOn)
        ) : !manage ? (
          '—'
        ) : ending ? (
          <Stack gap={4}>
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <TextInput
                type="date"
                size="xs"
                aria-label={t('familydoctor.endedOn')}
                value={endedOn}
                onChange={(e) => setEndedOn(e.currentTarget.value)}
              />
              <Button
                size="xs"
                loading={end.isPending}
                onClick={() => end.mutate({ id: m.id, endedOn }, { onError: (e) => setError(problem(e)) })}
              >
                {t('familydoctor.confirmEnd')}
              </Button>
            </Group>
            {error && (
              <Text c="red" size="xs" role="alert">
                {error}
              </Text>
            )}
          </Stack>
        ) : (
          <Button size="xs" variant="default" onClick={() => setEnding(true)}>
            {t('familydoctor.end')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
