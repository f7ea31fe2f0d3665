/**
 * A province's list of vaccine lots (danh sách lô vắc xin, docs/adr/0035): every lot with its vaccine,
 * expiry and manufacturer; the province (or an administrator) adds one lot, or loads a CSV/XLSX file
 * after a dry run with its errors by row. Opened from a unit's session day (the unit's province) or
 * with the province's own code.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useAddLot, useImportLots, useLots, useSchedule } from '../../api/immunization';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { FileLoadForm, fileBase64 } from '../../components/FileLoadForm';
import { problemLines } from '../../components/immunization/station';
import { formatDate, todayIso } from '../../lib/format';

export default function LotsPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const user = useUser();
  const lots = useLots({ unit: code });
  const schedule = useSchedule();
  const add = useAddLot();
  const load = useImportLots();
  const manages = can(user, 'vaccine_lots.manage');
  // The province: the page's own code when it is one, else the list's (its unit's province).
  const province = /^\d{2}$/.test(code) ? code : lots.data?.[0]?.province;
  const [form, setForm] = useState({ vaccine: '', lotNumber: '', expiresOn: '', manufacturer: '' });
  const [quantity, setQuantity] = useState<number | string>('');
  const en = i18n.language === 'en';
  const today = todayIso();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      {
        ...(province ? { province } : {}),
        ...form,
        ...(quantity !== '' ? { receivedQuantity: Number(quantity) } : {}),
      },
      {
        onSuccess: (l) => {
          notifications.show({ color: 'teal', message: t('immunization.lots.added', { lot: l.lotNumber }) });
          setForm({ vaccine: form.vaccine, lotNumber: '', expiresOn: '', manufacturer: form.manufacturer });
          setQuantity('');
        },
      },
    );
  };

  return (
    <Stack gap="md">
      <PageHeader title={t('immunization.lots.title')} description={t('immunization.lots.subtitle')} />
      {lots.isPending ? (
        <PageLoader />
      ) : lots.isError ? (
        <ErrorState error={lots.error} onRetry={() => void lots.refetch()} />
      ) : lots.data.length === 0 ? (
        <EmptyNote>{t('immunization.lots.none')}</EmptyNote>
      ) : (
        <Paper withBorder style={{ overflowX: 'auto' }}>
          <Table striped fz="sm" aria-label={t('immunization.lots.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('immunization.lots.vaccine')}</Table.Th>
                <Table.Th>{t('immunization.lots.lotNumber')}</Table.Th>
                <Table.Th>{t('immunization.lots.expiresOn')}</Table.Th>
                <Table.Th>{t('immunization.lots.manufacturer')}</Table.Th>
                <Table.Th ta="right">{t('immunization.lots.quantity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lots.data.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{l.vaccine}</Table.Td>
                  <Table.Td>{l.lotNumber}</Table.Td>
                  <Table.Td>
                    {formatDate(l.expiresOn)}{' '}
                    {l.expiresOn < today && (
                      <Badge color="red" variant="light">
                        {t('immunization.lots.expired')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{l.manufacturer}</Table.Td>
                  <Table.Td ta="right">{l.receivedQuantity ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {manages && (
        <Paper withBorder p="md">
          <form onSubmit={submit} aria-label={t('immunization.lots.add')}>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('immunization.lots.add')}
              </Title>
              <Group align="flex-end" wrap="wrap">
                <NativeSelect
                  label={t('immunization.lots.vaccine')}
                  required
                  value={form.vaccine}
                  onChange={(e) => setForm({ ...form, vaccine: e.currentTarget.value })}
                  data={[
                    { value: '', label: '—' },
                    ...(schedule.data?.vaccines ?? []).map((v) => ({
                      value: v.code,
                      label: `${v.code} · ${en ? v.nameEn : v.nameVi}`,
                    })),
                  ]}
                />
                <TextInput
                  label={t('immunization.lots.lotNumber')}
                  required
                  value={form.lotNumber}
                  onChange={(e) => setForm({ ...form, lotNumber: e.currentTarget.value })}
                />
                <TextInput
                  type="date"
                  label={t('immunization.lots.expiresOn')}
                  required
                  value={form.expiresOn}
                  onChange={(e) => setForm({ ...form, expiresOn: e.currentTarget.value })}
                />
                <TextInput
                  label={t('immunization.lots.manufacturer')}
                  required
                  value={form.manufacturer}
                  onChange={(e) => setForm({ ...form, manufacturer: e.currentTarget.value })}
                />
                <NumberInput
                  label={t('immunization.lots.quantity')}
                  allowDecimal={false}
                  min={0}
                  value={quantity}
                  onChange={setQuantity}
                />
                <Button type="submit" loading={add.isPending}>
                  {t('immunization.save')}
                </Button>
              </Group>
              {add.isError && <Alert color="red">{problemLines(add.error).join(' · ')}</Alert>}
            </Stack>
          </form>
        </Paper>
      )}
      {manages && (
        <FileLoadForm
          label={t('immunization.lots.load')}
          hint={t('immunization.lots.loadHint')}
          onLoad={async (file, dryRun) => {
            const r = await load.mutateAsync({
              fileName: file.name,
              contentBase64: await fileBase64(file),
              dryRun,
              ...(province ? { province } : {}),
            });
            return { dryRun: r.dryRun, rows: r.rows, stored: r.dryRun ? 0 : r.added, errors: r.errors };
          }}
          summary={(r) => t('immunization.lots.loadSummary', { rows: r.rows })}
        />
      )}
    </Stack>
  );
}
