import { Anchor, Box, Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useUnit } from '../../api/queries';
import { a1FileUrl, useA1Register } from '../../api/visits';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { DataTable, Th } from '../../components/tables';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { StationSelect, useStations } from '../../components/visits/common';
import { formatDate, formatNumber, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Register A1 (sổ khám bệnh) of a station for a month, with its Excel and PDF files. */
export default function A1RegisterPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [params, setParams] = useSearchParams();
  const asked = params.get('month') ?? '';
  const month = MONTH.test(asked) ? asked : todayIso().slice(0, 7);
  const stations = useStations(code);
  const facility = params.get('facility') ?? stations.stations[0]?.id;
  const register = useA1Register(facility, month);
  const title = t('visits.a1.title');
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const rows = register.data?.rows ?? [];

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          description={t('visits.a1.description')}
          actions={
            facility && (
              <Group gap="sm">
                <Button component="a" href={a1FileUrl('xlsx', facility, month)} variant="default" download>
                  {t('visits.a1.excel')}
                </Button>
                <Button component="a" href={a1FileUrl('pdf', facility, month)} variant="default" download>
                  {t('visits.a1.pdf')}
                </Button>
              </Group>
            )
          }
        />
      </div>
      <Paper withBorder p="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            type="month"
            label={t('visits.a1.month')}
            value={month}
            onChange={(e) => MONTH.test(e.currentTarget.value) && setParam('month', e.currentTarget.value)}
          />
          <StationSelect
            stations={stations.stations}
            value={facility}
            onChange={(v) => setParam('facility', v)}
          />
        </Group>
      </Paper>
      {stations.isPending || (facility && register.isPending) ? (
        <PageLoader />
      ) : !facility ? (
        <EmptyNote>{t('visits.new.noStation')}</EmptyNote>
      ) : register.isError ? (
        <ErrorState error={register.error} onRetry={() => void register.refetch()} />
      ) : (
        <>
          <Text size="sm" role="status">
            {t('visits.a1.totals', {
              visits: formatNumber(register.data?.totals.visits ?? 0),
              insured: formatNumber(register.data?.totals.insured ?? 0),
              referred: formatNumber(register.data?.totals.referred ?? 0),
            })}
          </Text>
          {rows.length === 0 ? (
            <Paper withBorder p="lg">
              <EmptyNote>{t('visits.a1.none')}</EmptyNote>
            </Paper>
          ) : (
            <Box style={{ opacity: register.isPlaceholderData ? 0.6 : 1 }}>
              <DataTable
                caption={t('visits.a1.caption', { month, facility: register.data?.facility.name ?? '' })}
                minWidth={1400}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Th numeric>{t('visits.a1.cols.no')}</Th>
                    <Th>{t('visits.a1.cols.date')}</Th>
                    <Th>{t('visits.a1.cols.fullName')}</Th>
                    <Th numeric>{t('visits.a1.cols.ageMale')}</Th>
                    <Th numeric>{t('visits.a1.cols.ageFemale')}</Th>
                    <Th>{t('visits.a1.cols.card')}</Th>
                    <Th>{t('visits.a1.cols.address')}</Th>
                    <Th>{t('visits.a1.cols.occupation')}</Th>
                    <Th>{t('visits.a1.cols.ethnicity')}</Th>
                    <Th>{t('visits.a1.cols.symptoms')}</Th>
                    <Th>{t('visits.a1.cols.diagnosis')}</Th>
                    <Th>{t('visits.a1.cols.treatment')}</Th>
                    <Th>{t('visits.a1.cols.referral')}</Th>
                    <Th>{t('visits.a1.cols.clinician')}</Th>
                    <Th>{t('visits.a1.cols.note')}</Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.visitId}>
                      <Table.Td style={{ textAlign: 'right' }}>{r.no}</Table.Td>
                      <Table.Td>{formatDate(r.date)}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/visits/${r.visitId}`} className="table-link">
                          {r.fullName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{r.ageMale ?? ''}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{r.ageFemale ?? ''}</Table.Td>
                      <Table.Td>{r.cardCode ?? ''}</Table.Td>
                      <Table.Td>{r.address}</Table.Td>
                      <Table.Td>{r.occupation ?? ''}</Table.Td>
                      <Table.Td>{r.ethnicity ?? ''}</Table.Td>
                      <Table.Td>{r.symptoms}</Table.Td>
                      <Table.Td>{r.diagnosis}</Table.Td>
                      <Table.Td>{r.treatment}</Table.Td>
                      <Table.Td>{r.referral ?? ''}</Table.Td>
                      <Table.Td>{r.clinician}</Table.Td>
                      <Table.Td>{r.note}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </DataTable>
            </Box>
          )}
        </>
      )}
    </Stack>
  );
}
