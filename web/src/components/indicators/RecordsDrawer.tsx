import { Anchor, Button, Drawer, Group, Loader, Pagination, Stack, Table, Tabs, Text } from '@mantine/core';
import { query } from '../../api/client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDate, formatNumber } from '../../lib/format';
import { EmptyNote, ErrorState } from '../common';
import { DataTable, Th } from '../tables';
import { formatPeriod, useIndicatorRecords, type IndicatorPart } from './data';

export interface DrillTarget {
  indicator: string;
  indicatorName: string;
  unitCode: string;
  unitName: string;
  period: string;
  part: IndicatorPart;
}

const PAGE_SIZE = 20;

function RecordsList({ target, part }: { target: DrillTarget; part: IndicatorPart }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const records = useIndicatorRecords(
    target.indicator,
    target.unitCode,
    target.period,
    part,
    page,
    PAGE_SIZE,
    true,
  );
  if (records.isPending)
    return (
      <Group justify="center" py="xl">
        <Loader aria-label={t('common.loading')} />
      </Group>
    );
  if (records.isError) return <ErrorState error={records.error} onRetry={() => void records.refetch()} />;
  const { items, total } = records.data;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const caption = t(`indicators.drill.${part}`);
  // Residents show who they are and link to their profile; a column of 1s says nothing, so it goes.
  const people = items.some((r) => r.resident);
  const weighted = items.some((r) => r.weight !== 1);
  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed" aria-live="polite">
          {t('indicators.drill.total', { count: total, total: formatNumber(total) })}
        </Text>
        {total > 0 && (
          <Button
            component="a"
            variant="light"
            size="xs"
            href={`/api/v1/indicators/${target.indicator}/records.xlsx${query({
              unit: target.unitCode,
              period: target.period,
              part,
              lang: i18n.language === 'en' ? 'en' : 'vi',
            })}`}
            download
          >
            {t('indicators.exportExcel')}
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <EmptyNote>{t('indicators.drill.none')}</EmptyNote>
      ) : (
        <DataTable minWidth={people ? 560 : 280} caption={caption}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('indicators.drill.record')}</Th>
              {people && <Th>{t('indicators.drill.birth')}</Th>}
              {people && <Th>{t('indicators.drill.personalId')}</Th>}
              <Th>{t('indicators.drill.place')}</Th>
              {weighted && <Th numeric>{t('indicators.drill.weight')}</Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  {r.resident ? (
                    <Anchor
                      component={Link}
                      to={`/residents/${r.id}`}
                      aria-label={t('indicators.drill.profile', { name: r.label })}
                    >
                      {r.label}
                    </Anchor>
                  ) : (
                    r.label
                  )}
                </Table.Td>
                {people && (
                  <Table.Td>
                    {r.resident?.birthDate ? formatDate(r.resident.birthDate) : (r.resident?.birthYear ?? '')}
                  </Table.Td>
                )}
                {people && <Table.Td>{r.resident?.personalId ?? ''}</Table.Td>}
                <Table.Td>
                  {r.placeName ?? r.unitPath}
                  {r.communeName && (
                    <Text span size="xs" c="dimmed">
                      {' · '}
                      {r.communeName}
                    </Text>
                  )}
                </Table.Td>
                {weighted && <Table.Td ta="right">{formatNumber(r.weight)}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      {pages > 1 && (
        <nav aria-label={t('common.pagination')}>
          <Pagination value={page} onChange={setPage} total={pages} size="sm" siblings={1} boundaries={1} />
        </nav>
      )}
    </Stack>
  );
}

/** The records behind a number: a drawer with the numerator's and the denominator's lists, paged. */
export function RecordsDrawer({ target, onClose }: { target: DrillTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [part, setPart] = useState<IndicatorPart>('numerator');
  useEffect(() => {
    if (target) setPart(target.part);
  }, [target]);
  return (
    <Drawer
      opened={!!target}
      onClose={onClose}
      position="right"
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={
        target && (
          <div>
            <Text fw={650}>{target.indicatorName}</Text>
            <Text size="sm" c="dimmed">
              {target.unitName} · {t('indicators.month', { month: formatPeriod(target.period) })}
            </Text>
          </div>
        )
      }
    >
      {target && (
        <Tabs value={part} onChange={(v) => setPart((v as IndicatorPart) ?? 'numerator')} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="numerator">{t('indicators.drill.numerator')}</Tabs.Tab>
            <Tabs.Tab value="denominator">{t('indicators.drill.denominator')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="numerator">
            <RecordsList target={target} part="numerator" />
          </Tabs.Panel>
          <Tabs.Panel value="denominator">
            <RecordsList target={target} part="denominator" />
          </Tabs.Panel>
        </Tabs>
      )}
    </Drawer>
  );
}
