import {
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useOverview } from '../api/queries';
import type { OverviewHamlet, OverviewStation, UnitOverview } from '../api/types';
import { can, useUser } from '../auth/session';
import {
  EmptyNote,
  ErrorState,
  PageHeader,
  PageLoader,
  SectionTitle,
  StatCard,
  YesNo,
} from '../components/common';
import { IconPin, IconUsers } from '../components/Icons';
import { IconTargets } from '../components/indicators/NavIcon';
import {
  CardFacts,
  CardItem,
  CardList,
  DataTable,
  FilterInput,
  Num,
  Pager,
  Th,
  usePaged,
} from '../components/tables';
import { UnitBreadcrumbs } from '../components/UnitBreadcrumbs';
import { formatDate, formatNumber, formatPercent, searchKey, todayIso } from '../lib/format';
import { useAnnounceUnit, useUnitName, useUnitType } from '../lib/units';

export function StationModel({ model }: { model: number | null }) {
  const { t } = useTranslation();
  return model ? (
    <Badge color="gray" variant="light">
      {t('overview.stations.modelValue', { model })}
    </Badge>
  ) : (
    <Text size="sm" c="dimmed">
      {t('overview.stations.noModel')}
    </Text>
  );
}

function Stats({ totals }: { totals: UnitOverview['totals'] }) {
  const { t } = useTranslation();
  const share = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing={{ base: 'sm', sm: 'md' }} mb="xl">
      <StatCard
        label={t('overview.stats.stations')}
        value={formatNumber(totals.stations)}
        note={t('overview.stats.inArea')}
      />
      <StatCard
        label={t('overview.stats.stationsWithDoctor')}
        value={formatPercent(totals.stationsWithDoctor, totals.stations)}
        note={`${formatNumber(totals.stationsWithDoctor)} ${t('overview.stats.ofStations', { total: formatNumber(totals.stations) })}`}
        progress={share(totals.stationsWithDoctor, totals.stations)}
        tone={totals.stationsWithDoctor < totals.stations ? 'warn' : undefined}
      />
      <StatCard
        label={t('overview.stats.hamletsWithVhw')}
        value={formatPercent(totals.hamletsWithVhw, totals.hamlets)}
        note={`${formatNumber(totals.hamletsWithVhw)} ${t('overview.stats.ofHamlets', { total: formatNumber(totals.hamlets) })}`}
        progress={share(totals.hamletsWithVhw, totals.hamlets)}
        tone={totals.hamletsWithVhw < totals.hamlets ? 'warn' : undefined}
      />
      <StatCard
        label={t('overview.stats.staff')}
        value={formatNumber(totals.staff)}
        note={t('overview.stats.inArea')}
      />
    </SimpleGrid>
  );
}

function ChildrenTable({ rows }: { rows: UnitOverview['children'] }) {
  const { t } = useTranslation();
  const unitName = useUnitName();
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const key = searchKey(filter);
    return key ? rows.filter((r) => searchKey(`${r.unit.fullName} ${r.unit.code}`).includes(key)) : rows;
  }, [rows, filter]);
  const paged = usePaged(shown, 25);
  return (
    <section aria-labelledby="children-title">
      <SectionTitle
        right={<FilterInput value={filter} onChange={setFilter} label={t('common.filterByName')} />}
      >
        <span id="children-title">{t('overview.children.title')}</span>{' '}
        <Text span c="dimmed" fz="md" fw={500}>
          ({formatNumber(rows.length)})
        </Text>
      </SectionTitle>
      <Box visibleFrom="sm">
        <DataTable minWidth={620} caption={t('overview.children.title')}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('overview.children.unit')}</Th>
              <Th numeric>{t('overview.children.stations')}</Th>
              <Th numeric>{t('overview.children.withDoctor')}</Th>
              <Th numeric>{t('overview.children.hamlets')}</Th>
              <Th numeric>{t('overview.children.staff')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paged.rows.map((row) => (
              <Table.Tr key={row.unit.code}>
                <Table.Td>
                  <Anchor component={Link} to={`/units/${row.unit.code}`} className="table-link">
                    {unitName(row.unit)}
                  </Anchor>
                </Table.Td>
                <Num value={row.stations} />
                <Num value={row.stationsWithDoctor} whole={row.stations} />
                <Num value={row.hamletsWithVhw} whole={row.hamlets} />
                <Num value={row.staff} />
              </Table.Tr>
            ))}
            {shown.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <EmptyNote>{t('common.noMatch')}</EmptyNote>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </DataTable>
      </Box>
      <CardList label={t('overview.children.title')}>
        {paged.rows.map((row) => (
          <CardItem key={row.unit.code}>
            <Anchor component={Link} to={`/units/${row.unit.code}`} className="table-link">
              {unitName(row.unit)}
            </Anchor>
            <CardFacts
              facts={[
                [
                  t('overview.children.withDoctor'),
                  `${formatNumber(row.stationsWithDoctor)} / ${formatNumber(row.stations)}`,
                ],
                [
                  t('overview.children.hamlets'),
                  `${formatNumber(row.hamletsWithVhw)} / ${formatNumber(row.hamlets)}`,
                ],
                [t('overview.children.staff'), formatNumber(row.staff)],
              ]}
            />
          </CardItem>
        ))}
      </CardList>
      <Pager {...paged} />
    </section>
  );
}

function StationsTable({ rows, showCommune }: { rows: OverviewStation[]; showCommune: boolean }) {
  const { t } = useTranslation();
  const [onlyWithout, setOnlyWithout] = useState(false);
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const key = searchKey(filter);
    return rows.filter(
      (r) =>
        (!onlyWithout || !r.hasFullTimeDoctor) &&
        (!key || searchKey(`${r.name} ${r.unitName} ${r.code}`).includes(key)),
    );
  }, [rows, onlyWithout, filter]);
  const paged = usePaged(shown, 20);
  return (
    <section aria-labelledby="stations-title">
      <SectionTitle
        right={
          rows.length > 1 ? (
            <Group gap="md">
              <Switch
                checked={onlyWithout}
                onChange={(e) => setOnlyWithout(e.currentTarget.checked)}
                label={t('overview.stations.onlyWithout')}
                size="sm"
              />
              {rows.length > 10 && (
                <FilterInput value={filter} onChange={setFilter} label={t('common.filterByName')} />
              )}
            </Group>
          ) : undefined
        }
      >
        <span id="stations-title">{t('overview.stations.title')}</span>
      </SectionTitle>
      {rows.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('overview.stations.none')}</EmptyNote>
        </Paper>
      ) : (
        <>
          <Box visibleFrom="sm">
            <DataTable minWidth={showCommune ? 760 : 600} caption={t('overview.stations.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Th>{t('overview.stations.name')}</Th>
                  {showCommune && <Th>{t('overview.stations.commune')}</Th>}
                  <Th>{t('overview.stations.model')}</Th>
                  <Th numeric>{t('overview.stations.staff')}</Th>
                  <Th numeric>{t('overview.stations.doctors')}</Th>
                  <Th>{t('overview.stations.fullTimeDoctor')}</Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {paged.rows.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/stations/${s.id}`} className="table-link">
                        {s.name}
                      </Anchor>
                    </Table.Td>
                    {showCommune && (
                      <Table.Td>
                        <Anchor component={Link} to={`/units/${s.unitCode}`} c="dark.6" size="sm">
                          {s.unitName}
                        </Anchor>
                      </Table.Td>
                    )}
                    <Table.Td>
                      <StationModel model={s.stationModel} />
                    </Table.Td>
                    <Num value={s.staffCount} />
                    <Num value={s.doctorCount} />
                    <Table.Td>
                      <YesNo value={s.hasFullTimeDoctor} />
                    </Table.Td>
                  </Table.Tr>
                ))}
                {shown.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={showCommune ? 6 : 5}>
                      <EmptyNote>{t('common.noMatch')}</EmptyNote>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </DataTable>
          </Box>
          <CardList label={t('overview.stations.title')}>
            {paged.rows.map((s) => (
              <CardItem key={s.id}>
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                  <Anchor component={Link} to={`/stations/${s.id}`} className="table-link">
                    {s.name}
                  </Anchor>
                  <StationModel model={s.stationModel} />
                </Group>
                {showCommune && (
                  <Text size="sm" c="dimmed">
                    {s.unitName}
                  </Text>
                )}
                <CardFacts
                  facts={[
                    [t('overview.stations.staff'), formatNumber(s.staffCount)],
                    [t('overview.stations.doctors'), formatNumber(s.doctorCount)],
                  ]}
                />
                <Group gap="xs" mt={6}>
                  <Text size="sm" c="dimmed">
                    {t('overview.stations.fullTimeDoctor')}
                  </Text>
                  <YesNo value={s.hasFullTimeDoctor} />
                </Group>
              </CardItem>
            ))}
          </CardList>
          <Pager {...paged} />
        </>
      )}
    </section>
  );
}

export function HamletList({ rows }: { rows: OverviewHamlet[] }) {
  const { t } = useTranslation();
  if (rows.length === 0)
    return (
      <Paper withBorder p="lg">
        <EmptyNote>{t('overview.hamlets.none')}</EmptyNote>
      </Paper>
    );
  return (
    <>
      <Box visibleFrom="sm">
        <DataTable minWidth={320} caption={t('overview.hamlets.title')}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('hamlets.name')}</Th>
              <Th>{t('hamlets.vhw')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>
                  <Text fw={600} size="sm">
                    {h.fullName}
                  </Text>
                  {h.validTo && (
                    <Text size="xs" c="dimmed">
                      {t('hamlets.until', { date: formatDate(h.validTo) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="wrap">
                    <YesNo
                      value={h.hasVillageHealthWorker}
                      yes={t('overview.hamlets.withVhw')}
                      no={t('overview.hamlets.withoutVhw')}
                    />
                    {h.villageHealthWorkers.length > 0 && (
                      <Text size="sm" c="dimmed">
                        {h.villageHealthWorkers.join(', ')}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      </Box>
      <CardList label={t('overview.hamlets.title')}>
        {rows.map((h) => (
          <CardItem key={h.id}>
            <Text fw={600} size="sm">
              {h.fullName}
            </Text>
            {h.validTo && (
              <Text size="xs" c="dimmed">
                {t('hamlets.until', { date: formatDate(h.validTo) })}
              </Text>
            )}
            <Group gap="xs" mt={6} wrap="wrap">
              <YesNo
                value={h.hasVillageHealthWorker}
                yes={t('overview.hamlets.withVhw')}
                no={t('overview.hamlets.withoutVhw')}
              />
              {h.villageHealthWorkers.length > 0 && (
                <Text size="sm" c="dimmed">
                  {h.villageHealthWorkers.join(', ')}
                </Text>
              )}
            </Group>
          </CardItem>
        ))}
      </CardList>
    </>
  );
}

export default function UnitOverviewPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  const unitType = useUnitType();
  useAnnounceUnit(code);
  const overview = useOverview(code);

  if (overview.isPending) return <PageLoader />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;

  const { unit, children, stations, hamlets, totals } = overview.data;
  const commune = unit.level === 'commune';
  const today = todayIso();
  const activeHamlets = hamlets.filter((h) => !h.validTo || h.validTo >= today);

  return (
    <Stack gap="xl">
      <div>
        <UnitBreadcrumbs unit={unit} />
        <PageHeader
          eyebrow={`${unitType(unit)} · ${t('common.code', { code: unit.code })}`}
          title={unitName(unit)}
          description={
            unit.population != null
              ? t('overview.population', { value: formatNumber(unit.population) })
              : undefined
          }
          actions={
            <>
              <Button
                component={Link}
                to={`/units/${unit.code}/indicators`}
                variant="light"
                leftSection={<IconTargets size={18} />}
              >
                {t('indicators.nav')}
              </Button>
              <Button
                component={Link}
                to={`/units/${unit.code}/staff`}
                variant="light"
                leftSection={<IconUsers size={18} />}
              >
                {t('overview.viewStaff')}
              </Button>
              {commune && can(user, 'hamlets.write') && (
                <Button
                  component={Link}
                  to={`/units/${unit.code}/hamlets`}
                  variant="light"
                  leftSection={<IconPin size={18} />}
                >
                  {t('overview.manageHamlets')}
                </Button>
              )}
            </>
          }
        />
        <Stats totals={totals} />
      </div>

      {!commune && children.length > 0 && <ChildrenTable rows={children} />}

      <StationsTable rows={stations} showCommune={!commune} />

      {commune && (
        <section aria-labelledby="hamlets-title">
          <SectionTitle
            right={
              can(user, 'hamlets.write') ? (
                <Anchor component={Link} to={`/units/${unit.code}/hamlets`} size="sm" fw={600}>
                  {t('overview.manageHamlets')}
                </Anchor>
              ) : undefined
            }
          >
            <span id="hamlets-title">{t('overview.hamlets.title')}</span>{' '}
            <Text span c="dimmed" fz="md" fw={500}>
              ({formatNumber(activeHamlets.length)})
            </Text>
          </SectionTitle>
          <HamletList rows={activeHamlets} />
        </section>
      )}
    </Stack>
  );
}
