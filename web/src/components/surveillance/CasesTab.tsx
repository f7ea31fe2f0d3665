import { Badge, Button, Checkbox, Group, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import {
  CASE_CLASSIFICATIONS,
  CASE_OUTCOMES,
  useResidentCases,
  useUpdateCase,
  type CaseOut,
} from '../../api/surveillance';
import { formatDate } from '../../lib/format';
import { EmptyNote, ErrorState, PageLoader } from '../common';
import { DataTable, Th } from '../tables';

/**
 * The person's tab (bệnh truyền nhiễm): their case reports of notifiable diseases, and a button to
 * report one (the case form, with the person on record).
 */
export function CasesTab({
  residentId,
  communeCode,
  writable,
}: {
  residentId: string;
  communeCode: string;
  writable: boolean;
}) {
  const { t } = useTranslation();
  const cases = useResidentCases(residentId);
  if (cases.isPending) return <PageLoader />;
  if (cases.isError) return <ErrorState error={cases.error} onRetry={() => void cases.refetch()} />;
  return (
    <Stack gap="md">
      {writable && (
        <Group>
          <Button component={Link} to={`/units/${communeCode}/surveillance/new?resident=${residentId}`}>
            {t('surveillance.report')}
          </Button>
        </Group>
      )}
      {cases.data.length === 0 ? (
        <EmptyNote>{t('surveillance.noCases')}</EmptyNote>
      ) : (
        <DataTable minWidth={480} caption={t('surveillance.tab')}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('surveillance.disease')}</Th>
              <Th>{t('surveillance.onset')}</Th>
              <Th>{t('surveillance.classification.label')}</Th>
              <Th>{t('surveillance.outcome.label')}</Th>
              {writable && <Th>{t('surveillance.followUp.label')}</Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cases.data.map((c) => (
              <CaseRow key={c.id} c={c} writable={writable} />
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Stack>
  );
}

/** One case; a station follows it up in place (the laboratory result, a hospital stay, the outcome). */
function CaseRow({ c, writable }: { c: CaseOut; writable: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateCase();
  const [editing, setEditing] = useState(false);
  const [classification, setClassification] = useState<string>(c.classification);
  const [outcome, setOutcome] = useState<string>(c.outcome);
  const [hospitalised, setHospitalised] = useState(c.hospitalised);
  const save = () =>
    update.mutate(
      {
        id: c.id,
        body: {
          classification: classification as (typeof CASE_CLASSIFICATIONS)[number],
          outcome: outcome as (typeof CASE_OUTCOMES)[number],
          hospitalised,
        },
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'ytcs', message: t('surveillance.followUp.saved') });
          setEditing(false);
        },
        onError: (e) =>
          notifications.show({
            color: 'red',
            message: e instanceof ApiError ? (e.problem.errors?.[0]?.message ?? e.message) : String(e),
          }),
      },
    );
  return (
    <Table.Tr>
      <Table.Td>{c.diseaseName}</Table.Td>
      <Table.Td>
        {formatDate(c.onsetOn)}{' '}
        <Text span size="xs" c="dimmed">
          {c.onsetWeek}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={c.classification === 'confirmed' ? 'red' : 'gray'}>
          {t(`surveillance.classification.${c.classification}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        {t(`surveillance.outcome.${c.outcome}`)}
        {c.hospitalised ? ` · ${t('surveillance.hospitalised')}` : ''}
      </Table.Td>
      {writable && (
        <Table.Td>
          {editing ? (
            <Stack gap={6} miw={220}>
              <Select
                size="xs"
                label={t('surveillance.classification.label')}
                data={CASE_CLASSIFICATIONS.map((x) => ({
                  value: x,
                  label: t(`surveillance.classification.${x}`),
                }))}
                value={classification}
                onChange={(v) => v && setClassification(v)}
                allowDeselect={false}
              />
              <Select
                size="xs"
                label={t('surveillance.outcome.label')}
                data={CASE_OUTCOMES.map((x) => ({ value: x, label: t(`surveillance.outcome.${x}`) }))}
                value={outcome}
                onChange={(v) => v && setOutcome(v)}
                allowDeselect={false}
              />
              <Checkbox
                size="xs"
                label={t('surveillance.hospitalised')}
                checked={hospitalised}
                onChange={(e) => setHospitalised(e.currentTarget.checked)}
              />
              <Group gap="xs">
                <Button size="xs" onClick={save} loading={update.isPending}>
                  {t('surveillance.followUp.save')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                  {t('surveillance.followUp.cancel')}
                </Button>
              </Group>
            </Stack>
          ) : (
            <Button size="xs" variant="default" onClick={() => setEditing(true)}>
              {t('surveillance.followUp.edit')}
            </Button>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}
