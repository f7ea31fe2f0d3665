import { Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { loadEquipmentList, useEquipmentListCurrent } from '../../api/resources';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, SectionTitle } from '../../components/common';
import { DateField } from '../../components/DateField';
import { fileBase64, FileLoadForm } from '../../components/FileLoadForm';
import { DataTable, Th } from '../../components/tables';
import { formatDate, parseDate } from '../../lib/format';

/**
 * The equipment required of a commune station per station model (danh mục trang thiết bị), as the
 * version in force today, and for an administrator the loading of a new version from a table: a dry
 * run with errors by row, then the load from its first day.
 */
export default function EquipmentListPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const client = useQueryClient();
  const list = useEquipmentListCurrent();
  const [validFrom, setValidFrom] = useState('');
  const [source, setSource] = useState('');
  const english = i18n.language === 'en';
  return (
    <Stack gap="lg">
      <PageHeader
        title={t('resources.equipmentList.title')}
        description={t('resources.equipmentList.description')}
      />
      {can(user, 'resources.manage') && (
        <section aria-labelledby="equipment-load-title">
          <SectionTitle>
            <span id="equipment-load-title">{t('resources.equipmentList.loadTitle')}</span>
          </SectionTitle>
          <FileLoadForm
            label={t('resources.equipmentList.loadTitle')}
            hint={t('resources.equipmentList.columns')}
            fields={
              <>
                <DateField
                  label={t('resources.equipmentList.validFrom')}
                  value={validFrom}
                  onChange={setValidFrom}
                  required
                />
                <TextInput
                  label={t('resources.equipmentList.source')}
                  value={source}
                  onChange={(e) => setSource(e.currentTarget.value)}
                  required
                />
              </>
            }
            onLoad={async (file, dryRun) => {
              const result = await loadEquipmentList({
                fileName: file.name,
                contentBase64: await fileBase64(file),
                dryRun,
                validFrom: parseDate(validFrom) ?? validFrom,
                source,
              });
              if (!dryRun) await client.invalidateQueries({ queryKey: ['resources', 'equipment-list'] });
              return result;
            }}
          />
        </section>
      )}
      <section aria-labelledby="equipment-current-title">
        <SectionTitle>
          <span id="equipment-current-title">{t('resources.equipmentList.current')}</span>
        </SectionTitle>
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : !list.data ? (
          <EmptyNote>{t('resources.equipmentList.none')}</EmptyNote>
        ) : (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {t('resources.equipmentList.version', {
                version: list.data.version,
                from: formatDate(list.data.validFrom),
                source: list.data.source,
              })}
            </Text>
            <DataTable caption={t('resources.equipmentList.current')} minWidth={640}>
              <Table.Thead>
                <Table.Tr>
                  <Th>{t('resources.equipmentList.code')}</Th>
                  <Th>{t('resources.equipmentList.item')}</Th>
                  <Th numeric>{t('resources.equipmentList.model', { model: 1 })}</Th>
                  <Th numeric>{t('resources.equipmentList.model', { model: 2 })}</Th>
                  <Th numeric>{t('resources.equipmentList.model', { model: 3 })}</Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((i) => (
                  <Table.Tr key={i.code}>
                    <Table.Td>{i.code}</Table.Td>
                    <Table.Td>
                      {english ? i.nameEn : i.nameVi}
                      <Text size="xs" c="dimmed">
                        {i.group} · {i.unit}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{i.qty[1]}</Table.Td>
                    <Table.Td ta="right">{i.qty[2]}</Table.Td>
                    <Table.Td ta="right">{i.qty[3]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          </Stack>
        )}
      </section>
    </Stack>
  );
}
