/**
 * The session day's vial use (sử dụng vắc xin trong buổi tiêm): per vaccine and lot, the doses given
 * (counted from the doses saved), the doses in a vial (the schedule's data), the vials opened (typed
 * by the staff) and the wastage 1 − given / (opened × doses per vial). Saving answers 422 by field on
 * bad input (fewer vials than the doses need, below zero), shown under the table.
 */
import { Alert, Box, Button, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecordVialUse, useVialUse } from '../../api/immunization';
import type { useOwnStation } from './station';
import { problemLines } from './station';

const lineKey = (vaccine: string, lot: string | null) => `${vaccine}|${lot ?? ''}`;
const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

export function VialUseSection({
  unit,
  on,
  station,
  writable,
}: {
  unit: string;
  on: string;
  station: ReturnType<typeof useOwnStation>;
  writable: boolean;
}) {
  const { t } = useTranslation();
  const month = useVialUse(unit, on.slice(0, 7));
  const save = useRecordVialUse();
  const [typed, setTyped] = useState<Record<string, number | string>>({});
  const lines = (month.data?.days ?? []).filter(
    (d) => d.sessionOn === on && (!station || d.facilityId === station.id),
  );
  if (!month.data || lines.length === 0) return null;

  const submit = () => {
    if (!station) return;
    const entries = lines
      .filter(
        (l) => typed[lineKey(l.vaccine, l.lot)] !== undefined && typed[lineKey(l.vaccine, l.lot)] !== '',
      )
      .map((l) => ({
        vaccine: l.vaccine,
        ...(l.lot ? { lot: l.lot } : {}),
        vialsOpened: Number(typed[lineKey(l.vaccine, l.lot)]),
      }));
    if (!entries.length) return;
    save.mutate(
      { facilityId: station.id, sessionOn: on, entries },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('immunization.vials.saved') });
          setTyped({});
        },
      },
    );
  };

  return (
    <Paper component="section" withBorder p="sm" aria-label={t('immunization.vials.title')}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('immunization.vials.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('immunization.vials.help')}
        </Text>
        <Box style={{ overflowX: 'auto' }}>
          <Table striped withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('immunization.vials.vaccine')}</Table.Th>
                <Table.Th>{t('immunization.vials.lot')}</Table.Th>
                <Table.Th ta="right">{t('immunization.vials.given')}</Table.Th>
                <Table.Th ta="right">{t('immunization.vials.perVial')}</Table.Th>
                <Table.Th>{t('immunization.vials.opened')}</Table.Th>
                <Table.Th ta="right">{t('immunization.vials.wastage')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((l) => {
                const k = lineKey(l.vaccine, l.lot);
                return (
                  <Table.Tr key={k}>
                    <Table.Td>{l.vaccine}</Table.Td>
                    <Table.Td>{l.lot ?? '—'}</Table.Td>
                    <Table.Td ta="right">{l.dosesGiven}</Table.Td>
                    <Table.Td ta="right">{l.dosesPerVial ?? '—'}</Table.Td>
                    <Table.Td miw={90}>
                      {writable ? (
                        <NumberInput
                          size="xs"
                          allowDecimal={false}
                          aria-label={t('immunization.vials.openedOf', {
                            vaccine: l.vaccine,
                            lot: l.lot ?? '—',
                          })}
                          value={typed[k] ?? l.vialsOpened ?? ''}
                          onChange={(v) => setTyped({ ...typed, [k]: v })}
                        />
                      ) : (
                        (l.vialsOpened ?? '—')
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{percent(l.wastage)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Box>
        {save.isError && <Alert color="red">{problemLines(save.error).join(' · ')}</Alert>}
        {writable && (
          <Button
            variant="light"
            onClick={submit}
            loading={save.isPending}
            disabled={!station || Object.keys(typed).length === 0}
          >
            {t('immunization.vials.save')}
          </Button>
        )}
        {month.data.byVaccine.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('immunization.vials.month', { month: month.data.month })}{' '}
            {month.data.byVaccine
              .map(
                (v) =>
                  `${v.vaccine} ${v.dosesGiven}/${v.vialsOpened}×${v.dosesPerVial ?? '?'} (${percent(v.wastage)})`,
              )
              .join(' · ')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
