import { Anchor, Box, Button, Paper, Stack, Table } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useHouseholds } from '../../api/people';
import { useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { IconPlus } from '../../components/Icons';
import { CardFacts, CardItem, CardList, DataTable, FilterInput, Pager, Th } from '../../components/tables';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatNumber } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const PAGE = 50;

/** The households of a commune or hamlet, paged by the server; filter by a member's name or the household code. */
export default function HouseholdListPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [debounced] = useDebouncedValue(q, 250);
  const list = useHouseholds(code, debounced, (page - 1) * PAGE, PAGE);
  const title = t('people.household.listTitle');

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const rows = list.data?.items ?? [];

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          description={list.data ? t('people.household.total', { value: formatNumber(total) }) : undefined}
          actions={
            can(user, 'person.write') ? (
              <Button
                component={Link}
                to={`/households/new?unit=${code}`}
                leftSection={<IconPlus size={18} />}
              >
                {t('people.household.new')}
              </Button>
            ) : undefined
          }
        />
      </div>

      <Paper withBorder p="md">
        <FilterInput value={q} onChange={(v) => update({ q: v })} label={t('people.household.filter')} />
      </Paper>

      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('people.household.empty')}</EmptyNote>
        </Paper>
      ) : (
        <>
          <Box style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
            <Box visibleFrom="sm">
              <DataTable caption={title} minWidth={640}>
                <Table.Thead>
                  <Table.Tr>
                    <Th>{t('people.household.head')}</Th>
                    <Th>{t('people.household.code')}</Th>
                    <Th>{t('people.household.address')}</Th>
                    <Th numeric>{t('people.household.members')}</Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/households/${h.id}`} className="table-link">
                          {h.headName ?? t('people.household.noHead')}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{h.code ?? ''}</Table.Td>
                      <Table.Td>
                        {[h.address.line, h.address.hamletName ?? h.address.communeName]
                          .filter(Boolean)
                          .join(', ')}
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(h.memberCount)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </DataTable>
            </Box>
            <CardList label={title}>
              {rows.map((h) => (
                <CardItem key={h.id}>
                  <Anchor component={Link} to={`/households/${h.id}`} fw={600}>
                    {h.headName ?? t('people.household.noHead')}
                  </Anchor>
                  <CardFacts
                    facts={[
                      [t('people.household.members'), formatNumber(h.memberCount)],
                      [t('people.fields.hamlet'), h.address.hamletName ?? h.address.communeName],
                      ...(h.code ? ([[t('people.household.code'), h.code]] as [string, string][]) : []),
                    ]}
                  />
                </CardItem>
              ))}
            </CardList>
          </Box>
          <Pager
            page={page}
            pages={pages}
            setPage={(p) => update({ page: String(p) })}
            from={(page - 1) * PAGE + 1}
            to={Math.min(page * PAGE, total)}
            total={total}
            showCount
          />
        </>
      )}
    </Stack>
  );
}
