import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useResidentCases } from '../../api/surveillance';
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
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cases.data.map((c) => (
              <Table.Tr key={c.id}>
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
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Stack>
  );
}
