import { Box, Button, Group, Paper, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import {
  maternalRegisterUrl,
  useMaternalRegister,
  type MaternalRegister,
  type RegisterA3Row,
  type RegisterA4Row,
  type RegisterA5Out,
} from '../../api/maternal';
import { useUnit } from '../../api/queries';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { DataTable, Th } from '../../components/tables';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatDate, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const REGISTERS: MaternalRegister[] = ['a3', 'a4', 'a5'];

/**
 * Registers A3 (sổ khám thai), A4 (sổ đẻ) and A5 (sổ KHHGĐ) of a unit for a month: the rows on the
 * page, and the Excel and PDF files to print.
 */
export default function MaternalRegistersPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [params, setParams] = useSearchParams();
  const asked = params.get('month') ?? '';
  const month = MONTH.test(asked) ? asked : todayIso().slice(0, 7);
  const register = (REGISTERS as string[]).includes(params.get('register') ?? '')
    ? (params.get('register') as MaternalRegister)
    : 'a3';
  const title = t('maternal.registers.title');
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          description={t('maternal.registers.description')}
          actions={
            <Group gap="sm">
              <Button
                component="a"
                href={maternalRegisterUrl(register, 'xlsx', code, month)}
                variant="default"
                download
              >
                {t('maternal.registers.excel')}
              </Button>
              <Button
                component="a"
                href={maternalRegisterUrl(register, 'pdf', code, month)}
                variant="default"
                download
              >
                {t('maternal.registers.pdf')}
              </Button>
            </Group>
          }
        />
      </div>
      <Paper withBorder p="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <SegmentedControl
            value={register}
            onChange={(v) => setParam('register', v)}
            data={REGISTERS.map((r) => ({ value: r, label: t(`maternal.registers.${r}`) }))}
          />
          <TextInput
            type="month"
            label={t('maternal.registers.month')}
            value={month}
            onChange={(e) => MONTH.test(e.currentTarget.value) && setParam('month', e.currentTarget.value)}
          />
        </Group>
      </Paper>
      {register === 'a3' && <A3Table unit={code} month={month} />}
      {register === 'a4' && <A4Table unit={code} month={month} />}
      {register === 'a5' && <A5Table unit={code} month={month} />}
    </Stack>
  );
}

/** Loading, error and empty states around a register's rows. */
function RegisterState({
  query,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  empty: boolean;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (empty)
    return (
      <Paper withBorder p="lg">
        <EmptyNote>{t('maternal.registers.none')}</EmptyNote>
      </Paper>
    );
  return <Box>{children}</Box>;
}

function A3Table({ unit, month }: { unit: string; month: string }) {
  const { t } = useTranslation();
  const q = useMaternalRegister<RegisterA3Row[]>('a3', unit, month);
  const rows = q.data ?? [];
  return (
    <RegisterState query={q} empty={rows.length === 0}>
      <DataTable caption={t('maternal.registers.a3')} minWidth={900}>
        <Table.Thead>
          <Table.Tr>
            <Th numeric>{t('maternal.registers.cols.no')}</Th>
            <Th>{t('maternal.registers.cols.date')}</Th>
            <Th>{t('maternal.registers.cols.fullName')}</Th>
            <Th numeric>{t('maternal.registers.cols.birthYear')}</Th>
            <Th>{t('maternal.registers.cols.address')}</Th>
            <Th numeric>{t('maternal.registers.cols.gestation')}</Th>
            <Th numeric>{t('maternal.registers.cols.contact')}</Th>
            <Th>{t('maternal.registers.cols.bp')}</Th>
            <Th>{t('maternal.registers.cols.risk')}</Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={r.visitId}>
              <Table.Td ta="right">{i + 1}</Table.Td>
              <Table.Td>{formatDate(r.contactOn)}</Table.Td>
              <Table.Td>{r.fullName}</Table.Td>
              <Table.Td ta="right">{r.birthYear}</Table.Td>
              <Table.Td>{r.address}</Table.Td>
              <Table.Td ta="right">{r.gestationWeeks}</Table.Td>
              <Table.Td ta="right">{r.contactNumber}</Table.Td>
              <Table.Td>{r.bloodPressure ?? '—'}</Table.Td>
              <Table.Td>{t(`maternal.risk.${r.riskLevel}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    </RegisterState>
  );
}

function A4Table({ unit, month }: { unit: string; month: string }) {
  const { t } = useTranslation();
  const q = useMaternalRegister<RegisterA4Row[]>('a4', unit, month);
  const rows = q.data ?? [];
  return (
    <RegisterState query={q} empty={rows.length === 0}>
      <DataTable caption={t('maternal.registers.a4')} minWidth={900}>
        <Table.Thead>
          <Table.Tr>
            <Th numeric>{t('maternal.registers.cols.no')}</Th>
            <Th>{t('maternal.registers.cols.date')}</Th>
            <Th>{t('maternal.registers.cols.fullName')}</Th>
            <Th numeric>{t('maternal.registers.cols.birthYear')}</Th>
            <Th numeric>{t('maternal.registers.cols.gestation')}</Th>
            <Th numeric>{t('maternal.registers.cols.contacts')}</Th>
            <Th>{t('maternal.registers.cols.outcome')}</Th>
            <Th>{t('maternal.registers.cols.place')}</Th>
            <Th numeric>{t('maternal.registers.cols.weight')}</Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={r.pregnancyId}>
              <Table.Td ta="right">{i + 1}</Table.Td>
              <Table.Td>{formatDate(r.deliveredOn)}</Table.Td>
              <Table.Td>{r.fullName}</Table.Td>
              <Table.Td ta="right">{r.birthYear}</Table.Td>
              <Table.Td ta="right">{r.gestationWeeks}</Table.Td>
              <Table.Td ta="right">{r.antenatalContacts}</Table.Td>
              <Table.Td>{t(`maternal.outcome.outcomes.${r.outcome}`)}</Table.Td>
              <Table.Td>{r.deliveryPlace ? t(`maternal.outcome.places.${r.deliveryPlace}`) : '—'}</Table.Td>
              <Table.Td ta="right">{r.birthWeightG ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    </RegisterState>
  );
}

function A5Table({ unit, month }: { unit: string; month: string }) {
  const { t, i18n } = useTranslation();
  const q = useMaternalRegister<RegisterA5Out>('a5', unit, month);
  const events = [
    ...(q.data?.started ?? []).map((e) => ({ e, day: e.startedOn, started: true })),
    ...(q.data?.stopped ?? []).map((e) => ({ e, day: e.stoppedOn ?? '', started: false })),
  ].sort((a, b) => a.day.localeCompare(b.day) || Number(b.started) - Number(a.started));
  const users = q.data?.usersByMethod ?? [];
  return (
    <RegisterState query={q} empty={events.length === 0 && users.length === 0}>
      <Stack gap="sm">
        <Text size="sm" role="status">
          {t('maternal.registers.users', {
            list: users.map((u) => `${u.methodVi} ${u.users}`).join('; ') || t('maternal.registers.noUsers'),
          })}
        </Text>
        {events.length > 0 && (
          <DataTable caption={t('maternal.registers.a5')} minWidth={760}>
            <Table.Thead>
              <Table.Tr>
                <Th numeric>{t('maternal.registers.cols.no')}</Th>
                <Th>{t('maternal.registers.cols.date')}</Th>
                <Th>{t('maternal.registers.cols.fullName')}</Th>
                <Th numeric>{t('maternal.registers.cols.birthYear')}</Th>
                <Th>{t('maternal.registers.cols.method')}</Th>
                <Th>{t('maternal.registers.cols.event')}</Th>
                <Th>{t('maternal.registers.cols.reason')}</Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map(({ e, day, started }, i) => (
                <Table.Tr key={`${e.id}-${started}`}>
                  <Table.Td ta="right">{i + 1}</Table.Td>
                  <Table.Td>{formatDate(day)}</Table.Td>
                  <Table.Td>{e.fullName}</Table.Td>
                  <Table.Td ta="right">{e.birthYear}</Table.Td>
                  <Table.Td>{i18n.language === 'en' ? e.methodEn : e.methodVi}</Table.Td>
                  <Table.Td>
                    {started ? t('maternal.registers.started') : t('maternal.registers.stopped')}
                  </Table.Td>
                  <Table.Td>
                    {!started && e.stopReason ? t(`maternal.fp.reasons.${e.stopReason}`) : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
      </Stack>
    </RegisterState>
  );
}
