import { Anchor, Box, Button, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useFacility, useOverview, useStaffList, useUnit } from '../api/queries';
import { can, useUser } from '../auth/session';
import { PositionsSection } from '../components/workforce/WorkforceSections';
import { BedsSection, BuildingSection, EquipmentSection } from '../components/resources/ResourcesSections';
import { EmptyNote, ErrorState, PageHeader, PageLoader, SectionTitle, YesNo } from '../components/common';
import { IconPhone, IconPlus } from '../components/Icons';
import { StaffTable } from '../components/StaffTable';
import { UnitBreadcrumbs } from '../components/UnitBreadcrumbs';
import { formatDate, formatNumber, todayIso } from '../lib/format';
import { useAnnounceUnit, useUnitName } from '../lib/units';
import { HamletList, StationModel } from './UnitOverviewPage';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <Box mt={2} fz="sm">
        {children}
      </Box>
    </div>
  );
}

export default function StationPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  const facility = useFacility(id);
  const unitCode = facility.data?.unitCode;
  useAnnounceUnit(unitCode);
  const unit = useUnit(unitCode);
  const overview = useOverview(unitCode);
  const staff = useStaffList({ facility: id, limit: 200 }, !!id);

  if (facility.isPending) return <PageLoader />;
  if (facility.isError) return <ErrorState error={facility.error} onRetry={() => void facility.refetch()} />;
  const f = facility.data;
  const summary = overview.data?.stations.find((s) => s.id === f.id);
  const today = todayIso();
  const communeHamlets = (overview.data?.hamlets ?? []).filter((h) => !h.validTo || h.validTo >= today);
  const assigned = f.hamletIds ?? [];
  const served = assigned.length ? communeHamlets.filter((h) => assigned.includes(h.id)) : communeHamlets;
  const members = staff.data?.items ?? [];

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: f.name }} />}
        <PageHeader
          eyebrow={`${t(`station.kinds.${f.kind}`)} · ${t('common.code', { code: f.code })}`}
          title={f.name}
          actions={
            can(user, 'staff.write') ? (
              <Button
                component={Link}
                to={`/staff/new?unit=${f.unitCode}&facility=${f.id}`}
                leftSection={<IconPlus size={18} />}
              >
                {t('station.addStaff')}
              </Button>
            ) : undefined
          }
        />
      </div>

      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="lg">
            <Text fw={650} mb="md">
              {t('station.details')}
            </Text>
            <Stack gap="md">
              <Fact label={t('station.commune')}>
                <Anchor component={Link} to={`/units/${f.unitCode}`} fw={600}>
                  {unit.data ? unitName(unit.data) : f.unitName}
                </Anchor>
              </Fact>
              {f.kind === 'commune_station' && (
                <Fact label={t('overview.stations.model')}>
                  <StationModel model={f.stationModel} />
                </Fact>
              )}
              {f.address && <Fact label={t('station.address')}>{f.address}</Fact>}
              {f.phone && (
                <Fact label={t('station.phone')}>
                  <Anchor href={`tel:${f.phone.replace(/\s/g, '')}`}>
                    <Group gap={6} component="span" wrap="nowrap">
                      <IconPhone size={14} />
                      {f.phone}
                    </Group>
                  </Anchor>
                </Fact>
              )}
              {f.activeFrom && <Fact label={t('station.activeFrom')}>{formatDate(f.activeFrom)}</Fact>}
              <Group grow gap="md" align="flex-start">
                <Fact label={t('station.staffCount')}>
                  <Text fz={22} fw={700}>
                    {formatNumber(summary?.staffCount ?? members.length)}
                  </Text>
                </Fact>
                <Fact label={t('station.doctors')}>
                  <Text fz={22} fw={700}>
                    {formatNumber(summary?.doctorCount ?? 0)}
                  </Text>
                </Fact>
              </Group>
              {summary && (
                <Fact label={t('station.fullTimeDoctor')}>
                  <YesNo value={summary.hasFullTimeDoctor} />
                </Fact>
              )}
            </Stack>
          </Paper>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="xl">
            <section aria-labelledby="station-staff-title">
              <SectionTitle>
                <span id="station-staff-title">{t('station.staffTitle')}</span>{' '}
                <Text span c="dimmed" fz="md" fw={500}>
                  ({formatNumber(staff.data?.total ?? 0)})
                </Text>
              </SectionTitle>
              {staff.isError ? (
                <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />
              ) : members.length === 0 && !staff.isPending ? (
                <Paper withBorder p="lg">
                  <EmptyNote>{t('staff.empty')}</EmptyNote>
                </Paper>
              ) : (
                <StaffTable
                  rows={members}
                  caption={t('station.staffTitle')}
                  editable={can(user, 'staff.write')}
                  showPlace={false}
                  showStart={false}
                />
              )}
            </section>

            <PositionsSection facilityId={f.id} editable={can(user, 'network.write')} />

            <BuildingSection facilityId={f.id} editable={can(user, 'resources.write')} />
            <BedsSection facilityId={f.id} editable={can(user, 'resources.write')} />
            <EquipmentSection facilityId={f.id} editable={can(user, 'resources.write')} />

            {f.kind === 'commune_station' && (
              <section aria-labelledby="station-hamlets-title">
                <SectionTitle>
                  <span id="station-hamlets-title">{t('station.hamletsTitle')}</span>{' '}
                  <Text span c="dimmed" fz="md" fw={500}>
                    ({formatNumber(served.length)})
                  </Text>
                </SectionTitle>
                {!assigned.length && communeHamlets.length > 0 && (
                  <Text size="sm" c="dimmed" mb="sm">
                    {t('station.hamletsAll')}
                  </Text>
                )}
                {overview.isPending ? null : <HamletList rows={served} />}
              </section>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
