import { Stack, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useUnit } from '../../api/queries';
import { loadEthnicMinorityCommunes, useEthnicMinorityCommunes } from '../../api/resources';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, SectionTitle } from '../../components/common';
import { fileBase64, FileLoadForm } from '../../components/FileLoadForm';
import { DataTable, Th } from '../../components/tables';
import { formatDate } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

/**
 * The communes of ethnic-minority and mountainous areas under a unit, each with the decision that
 * lists it and its validity; an administrator loads them from a table (dry run first, errors by row).
 */
export default function EthnicMinorityPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const client = useQueryClient();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const communes = useEthnicMinorityCommunes(code);
  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  return (
    <Stack gap="lg">
      <PageHeader
        title={t('resources.ethnicMinority.title')}
        eyebrow={unit.data ? unitName(unit.data) : code}
        description={t('resources.ethnicMinority.description')}
      />
      {can(user, 'resources.manage') && (
        <section aria-labelledby="em-load-title">
          <SectionTitle>
            <span id="em-load-title">{t('resources.ethnicMinority.loadTitle')}</span>
          </SectionTitle>
          <FileLoadForm
            label={t('resources.ethnicMinority.loadTitle')}
            hint={t('resources.ethnicMinority.columns')}
            onLoad={async (file, dryRun) => {
              const result = await loadEthnicMinorityCommunes({
                fileName: file.name,
                contentBase64: await fileBase64(file),
                dryRun,
              });
              if (!dryRun) await client.invalidateQueries({ queryKey: ['resources', 'ethnic-minority'] });
              return result;
            }}
          />
        </section>
      )}
      <section aria-labelledby="em-list-title">
        <SectionTitle>
          <span id="em-list-title">{t('resources.ethnicMinority.listed')}</span>
        </SectionTitle>
        {communes.isPending ? (
          <PageLoader />
        ) : communes.isError ? (
          <ErrorState error={communes.error} onRetry={() => void communes.refetch()} />
        ) : communes.data.items.length === 0 ? (
          <EmptyNote>{t('resources.ethnicMinority.none')}</EmptyNote>
        ) : (
          <DataTable caption={t('resources.ethnicMinority.listed')} minWidth={640}>
            <Table.Thead>
              <Table.Tr>
                <Th>{t('resources.ethnicMinority.commune')}</Th>
                <Th>{t('resources.ethnicMinority.area')}</Th>
                <Th>{t('resources.ethnicMinority.validity')}</Th>
                <Th>{t('resources.ethnicMinority.decision')}</Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {communes.data.items.map((c) => (
                <Table.Tr key={`${c.unitCode}-${c.validFrom}`}>
                  <Table.Td>
                    {c.unitName} ({c.unitCode})
                  </Table.Td>
                  <Table.Td>{c.area ?? '—'}</Table.Td>
                  <Table.Td>
                    {formatDate(c.validFrom)} – {c.validTo ? formatDate(c.validTo) : '…'}
                  </Table.Td>
                  <Table.Td>{c.decision}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
      </section>
    </Stack>
  );
}
