/**
 * Registers A6 (sổ tử vong: the deaths recorded on residents, with cause and place) and A11 (sổ truyền
 * thông giáo dục sức khỏe: the sessions held, with a form to add one) of a unit for a month, each with
 * its Excel and PDF downloads.
 */
import {
  Alert,
  Anchor,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useUnit } from '../../api/queries';
import {
  registerFileUrl,
  useCampaigns,
  useCreateCampaign,
  useCreateSession,
  useFormats,
  useRegisterA11,
  useRegisterA6,
} from '../../api/surveillance';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, useErrorMessage } from '../../components/common';
import { DateField } from '../../components/DateField';
import { DataTable, Th } from '../../components/tables';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function Downloads({ register, unit, month }: { register: 'a6' | 'a11'; unit: string; month: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm">
      <Anchor href={registerFileUrl(register, 'xlsx', unit, month)} download>
        {t('surveillance.registers.excel')}
      </Anchor>
      <Anchor href={registerFileUrl(register, 'pdf', unit, month)} download>
        {t('surveillance.registers.pdf')}
      </Anchor>
    </Group>
  );
}

function A6({ unit, month }: { unit: string; month: string }) {
  const { t } = useTranslation();
  const reg = useRegisterA6(unit, month);
  if (reg.isError) return <ErrorState error={reg.error} onRetry={() => void reg.refetch()} />;
  if (!reg.data) return <PageLoader />;
  return (
    <Stack gap="sm">
      <Downloads register="a6" unit={unit} month={month} />
      {reg.data.rows.length === 0 ? (
        <EmptyNote>{t('surveillance.registers.noDeaths')}</EmptyNote>
      ) : (
        <DataTable minWidth={640} caption={t('surveillance.registers.a6')}>
          <Table.Thead>
            <Table.Tr>
              <Th numeric>#</Th>
              <Th>{t('surveillance.person')}</Th>
              <Th numeric>{t('surveillance.registers.age')}</Th>
              <Th>{t('surveillance.registers.diedOn')}</Th>
              <Th>{t('surveillance.registers.cause')}</Th>
              <Th>{t('surveillance.registers.icd')}</Th>
              <Th>{t('surveillance.place')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reg.data.rows.map((r) => (
              <Table.Tr key={`${r.residentId}-${r.no}`}>
                <Table.Td ta="right">{r.no}</Table.Td>
                <Table.Td>
                  <Link to={`/residents/${r.residentId}`}>{r.fullName}</Link>
                </Table.Td>
                <Table.Td ta="right">{r.ageYears ?? ''}</Table.Td>
                <Table.Td>{formatDate(r.diedOn)}</Table.Td>
                <Table.Td>{r.cause}</Table.Td>
                <Table.Td>{r.causeIcd10}</Table.Td>
                <Table.Td>{r.place ? t(`surveillance.registers.deathPlace.${r.place}`) : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      <Text size="sm">{t('surveillance.registers.totalsA6', reg.data.totals)}</Text>
    </Stack>
  );
}

function SessionForm({ unit }: { unit: string }) {
  const { t, i18n } = useTranslation();
  const formats = useFormats();
  const campaigns = useCampaigns();
  const create = useCreateSession();
  const errorMessage = useErrorMessage();
  const [heldOn, setHeldOn] = useState(formatDate(todayIso()));
  const [topic, setTopic] = useState('');
  const [format, setFormat] = useState<string | null>('talk');
  const [audience, setAudience] = useState('');
  const [place, setPlace] = useState('');
  const [men, setMen] = useState<number | string>(0);
  const [women, setWomen] = useState<number | string>(0);
  const [staffName, setStaffName] = useState('');
  const [campaign, setCampaign] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const day = parseDate(heldOn);
    setDateError(day ? null : t('surveillance.form.invalidDate'));
    if (!day || !format) return;
    create.mutate(
      {
        unitCode: unit,
        heldOn: day,
        topic,
        format,
        audience: audience || null,
        place: place || null,
        men: Number(men) || 0,
        women: Number(women) || 0,
        staffName: staffName || null,
        campaignId: campaign,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'ytcs', message: t('surveillance.registers.session.saved') });
          setTopic('');
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <Stack gap="sm">
        <Text fw={600}>{t('surveillance.registers.session.add')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField
            label={t('surveillance.registers.session.heldOn')}
            required
            value={heldOn}
            error={dateError}
            onChange={setHeldOn}
          />
          <Select
            label={t('surveillance.registers.session.format')}
            required
            value={format}
            onChange={setFormat}
            data={(formats.data ?? []).map((f) => ({
              value: f.code,
              label: i18n.language === 'en' ? f.en : f.vi,
            }))}
          />
        </SimpleGrid>
        <TextInput
          label={t('surveillance.registers.session.topic')}
          required
          value={topic}
          onChange={(e) => setTopic(e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('surveillance.registers.session.audience')}
            value={audience}
            onChange={(e) => setAudience(e.currentTarget.value)}
          />
          <TextInput
            label={t('surveillance.registers.session.place')}
            value={place}
            onChange={(e) => setPlace(e.currentTarget.value)}
          />
          <NumberInput
            label={t('surveillance.registers.session.men')}
            min={0}
            value={men}
            onChange={setMen}
          />
          <NumberInput
            label={t('surveillance.registers.session.women')}
            min={0}
            value={women}
            onChange={setWomen}
          />
          <TextInput
            label={t('surveillance.registers.session.staffName')}
            value={staffName}
            onChange={(e) => setStaffName(e.currentTarget.value)}
          />
          <Select
            label={t('surveillance.registers.session.campaign')}
            clearable
            value={campaign}
            onChange={setCampaign}
            data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </SimpleGrid>
        {create.isError && <Alert color="red">{errorMessage(create.error)}</Alert>}
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('surveillance.registers.session.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A campaign (chiến dịch truyền thông) for sessions to belong to: a name and its dates. */
function CampaignForm({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const create = useCreateCampaign();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('');
  const [from, setFrom] = useState(formatDate(todayIso()));
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const startsOn = parseDate(from);
    const endsOn = parseDate(to);
    setError(startsOn && endsOn ? null : t('surveillance.form.invalidDate'));
    if (!startsOn || !endsOn || !name.trim()) return;
    create.mutate(
      { unitCode: unit, name: name.trim(), startsOn, endsOn },
      {
        onSuccess: () => {
          notifications.show({ color: 'ytcs', message: t('surveillance.registers.session.saved') });
          setName('');
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <Stack gap="sm">
        <Text fw={600}>{t('surveillance.registers.campaign.add')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('surveillance.registers.campaign.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <DateField
            label={t('surveillance.registers.campaign.from')}
            required
            value={from}
            error={error}
            onChange={setFrom}
          />
          <DateField label={t('surveillance.registers.campaign.to')} required value={to} onChange={setTo} />
        </SimpleGrid>
        {create.isError && <Alert color="red">{errorMessage(create.error)}</Alert>}
        <Group>
          <Button type="submit" variant="light" loading={create.isPending}>
            {t('surveillance.registers.campaign.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function A11({ unit, month, canWrite }: { unit: string; month: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const reg = useRegisterA11(unit, month);
  if (reg.isError) return <ErrorState error={reg.error} onRetry={() => void reg.refetch()} />;
  if (!reg.data) return <PageLoader />;
  const { totals } = reg.data;
  return (
    <Stack gap="sm">
      <Downloads register="a11" unit={unit} month={month} />
      {reg.data.rows.length === 0 ? (
        <EmptyNote>{t('surveillance.registers.noSessions')}</EmptyNote>
      ) : (
        <DataTable minWidth={640} caption={t('surveillance.registers.a11')}>
          <Table.Thead>
            <Table.Tr>
              <Th numeric>#</Th>
              <Th>{t('surveillance.registers.session.heldOn')}</Th>
              <Th>{t('surveillance.registers.session.topic')}</Th>
              <Th>{t('surveillance.registers.session.format')}</Th>
              <Th numeric>{t('surveillance.registers.session.men')}</Th>
              <Th numeric>{t('surveillance.registers.session.women')}</Th>
              <Th>{t('surveillance.registers.session.staffName')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reg.data.rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td ta="right">{r.no}</Table.Td>
                <Table.Td>{formatDate(r.heldOn)}</Table.Td>
                <Table.Td>{r.topic}</Table.Td>
                <Table.Td>{r.formatName}</Table.Td>
                <Table.Td ta="right">{r.men}</Table.Td>
                <Table.Td ta="right">{r.women}</Table.Td>
                <Table.Td>{r.staffName}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      <Text size="sm">
        {t('surveillance.registers.totalsA11', { ...totals, people: totals.men + totals.women })}
      </Text>
      {canWrite && <SessionForm unit={unit} />}
      {canWrite && <CampaignForm unit={unit} />}
    </Stack>
  );
}

export default function RegistersPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [month, setMonth] = useState(todayIso().slice(0, 7));
  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data || !code) return <PageLoader />;
  const local = unit.data.level === 'commune' || unit.data.level === 'hamlet';
  return (
    <Stack gap="md">
      <PageHeader eyebrow={unitName(unit.data)} title={t('surveillance.registers.title')} />
      <TextInput
        label={t('surveillance.registers.month')}
        type="month"
        maw={220}
        value={month}
        onChange={(e) => MONTH.test(e.currentTarget.value) && setMonth(e.currentTarget.value)}
      />
      <Tabs defaultValue="a11" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="a11">{t('surveillance.registers.a11')}</Tabs.Tab>
          <Tabs.Tab value="a6">{t('surveillance.registers.a6')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="a11" pt="md">
          <A11 unit={code} month={month} canWrite={local && can(user, 'person.write')} />
        </Tabs.Panel>
        <Tabs.Panel value="a6" pt="md">
          <A6 unit={code} month={month} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
