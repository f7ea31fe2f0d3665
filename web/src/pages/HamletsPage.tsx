import {
  Alert,
  Box,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { HAMLET_TYPES, hamletInput, hamletPatch } from '../../../src/modules/network/contracts';
import { useCreateHamlet, useOverview, useUpdateHamlet } from '../api/queries';
import type { OverviewHamlet } from '../api/types';
import { can, useUser } from '../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, useErrorMessage, YesNo } from '../components/common';
import { DateField } from '../components/DateField';
import { IconAlert, IconCalendarOff, IconInfo, IconPencil, IconPlus } from '../components/Icons';
import { DataTable, Th } from '../components/tables';
import { UnitBreadcrumbs } from '../components/UnitBreadcrumbs';
import { formatDate, formatNumber, parseDate, todayIso } from '../lib/format';
import { useAnnounceUnit, useUnitName } from '../lib/units';
import { serverFieldErrors, validate } from '../lib/validation';

type Dialog =
  { kind: 'add' } | { kind: 'rename'; hamlet: OverviewHamlet } | { kind: 'end'; hamlet: OverviewHamlet };
const FIELDS = ['name', 'unitType', 'population', 'validTo'] as const;

/** One dialog for the three changes a station makes to its hamlets: add, rename, end (never delete). */
function HamletDialog({
  commune,
  dialog,
  onClose,
}: {
  commune: string;
  dialog: Dialog;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const create = useCreateHamlet(commune);
  const update = useUpdateHamlet();
  const hamlet = dialog.kind === 'add' ? null : dialog.hamlet;
  const [name, setName] = useState(hamlet?.name ?? '');
  const [unitType, setUnitType] = useState<string>(hamlet?.unitType ?? 'Thôn');
  const [population, setPopulation] = useState<number | string>('');
  const [validTo, setValidTo] = useState(formatDate(todayIso()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);

  const title =
    dialog.kind === 'add'
      ? t('hamlets.addTitle')
      : dialog.kind === 'rename'
        ? t('hamlets.renameTitle', { name: dialog.hamlet.fullName })
        : t('hamlets.endTitle', { name: dialog.hamlet.fullName });

  const onError = (err: unknown) => {
    const placed = serverFieldErrors(err, FIELDS, t);
    setErrors(placed.errors);
    if (!Object.keys(placed.errors).length || placed.unplaced.length)
      setGeneral([errorMessage(err), ...placed.unplaced].join(' '));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    if (dialog.kind === 'end') {
      const date = parseDate(validTo);
      if (!date) return setErrors({ validTo: t('errors.invalidDate') });
      const checked = validate<unknown>(hamletPatch, { validTo: date }, t);
      if (!checked.data) return setErrors(checked.errors);
      update.mutate(
        { code: dialog.hamlet.code, body: { validTo: date } },
        {
          onSuccess: () => {
            notifications.show({
              color: 'ytcs',
              message: t('hamlets.ended', { name: dialog.hamlet.fullName }),
            });
            onClose();
          },
          onError,
        },
      );
      return;
    }
    const done = (message: string) => () => {
      notifications.show({ color: 'ytcs', message });
      onClose();
    };
    if (dialog.kind === 'add') {
      const body = { name, unitType, ...(population !== '' ? { population: Number(population) } : {}) };
      const checked = validate(hamletInput, body, t);
      if (!checked.data) return setErrors(checked.errors);
      create.mutate(checked.data, {
        onSuccess: (u) => done(t('hamlets.created', { name: u.fullName }))(),
        onError,
      });
    } else {
      const checked = validate(hamletPatch, { name, unitType }, t);
      if (!checked.data) return setErrors(checked.errors);
      update.mutate(
        { code: dialog.hamlet.code, body: checked.data },
        { onSuccess: (u) => done(t('hamlets.renamed', { name: u.fullName }))(), onError },
      );
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      centered
      size="md"
      radius="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {general}
            </Alert>
          )}
          {dialog.kind === 'end' ? (
            <>
              <Text size="sm" c="dimmed">
                {t('hamlets.endExplain')}
              </Text>
              <DateField
                label={t('hamlets.endDate')}
                value={validTo}
                onChange={setValidTo}
                error={errors.validTo}
                withAsterisk
                data-autofocus
              />
            </>
          ) : (
            <>
              <Select
                label={t('hamlets.type')}
                data={HAMLET_TYPES.map((v) => ({ value: v, label: t(`hamletTypes.${v}`) }))}
                value={unitType}
                onChange={(v) => setUnitType(v ?? 'Thôn')}
                allowDeselect={false}
                error={errors.unitType}
                comboboxProps={{ withinPortal: true }}
              />
              <TextInput
                label={t('hamlets.name')}
                placeholder={t('hamlets.namePlaceholder')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.name}
                withAsterisk
                data-autofocus
              />
              {dialog.kind === 'add' && (
                <NumberInput
                  label={t('hamlets.population')}
                  value={population}
                  onChange={setPopulation}
                  min={0}
                  allowDecimal={false}
                  allowNegative={false}
                  thousandSeparator="."
                  decimalSeparator=","
                  error={errors.population}
                />
              )}
            </>
          )}
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={create.isPending || update.isPending}
              color={dialog.kind === 'end' ? 'amber.8' : undefined}
            >
              {dialog.kind === 'end' ? t('hamlets.end') : t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function HamletName({ hamlet }: { hamlet: OverviewHamlet }) {
  return (
    <div>
      <Text fw={600} size="sm">
        {hamlet.fullName}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {hamlet.code}
      </Text>
    </div>
  );
}

function HamletStatus({ hamlet }: { hamlet: OverviewHamlet }) {
  const { t } = useTranslation();
  const today = todayIso();
  return (
    <Text size="sm" c={hamlet.validTo ? 'dimmed' : undefined}>
      {!hamlet.validTo
        ? t('hamlets.active')
        : hamlet.validTo < today
          ? t('hamlets.endedOn', { date: formatDate(hamlet.validTo) })
          : t('hamlets.until', { date: formatDate(hamlet.validTo) })}
    </Text>
  );
}

function HamletWorkers({ hamlet }: { hamlet: OverviewHamlet }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} align="flex-start">
      <YesNo
        value={hamlet.hasVillageHealthWorker}
        yes={t('overview.hamlets.withVhw')}
        no={t('overview.hamlets.withoutVhw')}
      />
      {hamlet.villageHealthWorkers.length > 0 && (
        <Text size="xs" c="dimmed">
          {hamlet.villageHealthWorkers.join(', ')}
        </Text>
      )}
    </Stack>
  );
}

/** Rename and end, for hamlets not yet ended; the buttons name the hamlet for screen readers. */
function HamletActions({ hamlet, onOpen }: { hamlet: OverviewHamlet; onOpen: (d: Dialog) => void }) {
  const { t } = useTranslation();
  if (hamlet.validTo) return null;
  return (
    <Group gap="xs" wrap="nowrap">
      <Button
        size="xs"
        variant="light"
        leftSection={<IconPencil size={14} />}
        onClick={() => onOpen({ kind: 'rename', hamlet })}
        aria-label={`${t('hamlets.rename')}: ${hamlet.fullName}`}
      >
        {t('hamlets.rename')}
      </Button>
      <Button
        size="xs"
        variant="subtle"
        color="amber"
        leftSection={<IconCalendarOff size={14} />}
        onClick={() => onOpen({ kind: 'end', hamlet })}
        aria-label={`${t('hamlets.end')}: ${hamlet.fullName}`}
      >
        {t('hamlets.end')}
      </Button>
    </Group>
  );
}

export default function HamletsPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const overview = useOverview(code);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  if (overview.isPending) return <PageLoader />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  const { unit, hamlets } = overview.data;
  const writable = can(user, 'hamlets.write');
  const today = todayIso();
  const isEnded = (h: OverviewHamlet) => !!h.validTo && h.validTo < today;
  const active = hamlets.filter((h) => !isEnded(h));

  return (
    <Stack gap="lg">
      <div>
        <UnitBreadcrumbs unit={unit} extra={{ label: t('hamlets.title') }} />
        <PageHeader
          eyebrow={unitName(unit)}
          title={t('hamlets.title')}
          description={
            unit.level === 'commune'
              ? `${t('hamlets.subtitle', { unit: unitName(unit) })} · ${formatNumber(active.length)}`
              : undefined
          }
          actions={
            writable && unit.level === 'commune' ? (
              <Button leftSection={<IconPlus size={18} />} onClick={() => setDialog({ kind: 'add' })}>
                {t('hamlets.add')}
              </Button>
            ) : undefined
          }
        />
      </div>
      {unit.level !== 'commune' ? (
        <Alert color="gray" variant="light" icon={<IconInfo />}>
          {t('hamlets.onlyCommune')}
        </Alert>
      ) : (
        <>
          {!writable && (
            <Alert color="gray" variant="light" icon={<IconInfo />}>
              {t('hamlets.readOnly')}
            </Alert>
          )}
          {hamlets.length === 0 ? (
            <Paper withBorder p="lg">
              <EmptyNote>{t('hamlets.none')}</EmptyNote>
            </Paper>
          ) : (
            <>
              <Box visibleFrom="sm">
                <DataTable minWidth={640} caption={t('hamlets.title')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Th>{t('hamlets.name')}</Th>
                      <Th>{t('hamlets.status')}</Th>
                      <Th>{t('hamlets.vhw')}</Th>
                      {writable && <Th>{t('hamlets.actions')}</Th>}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {hamlets.map((h) => (
                      <Table.Tr key={h.id} className="hamlet-row" data-ended={isEnded(h) || undefined}>
                        <Table.Td>
                          <HamletName hamlet={h} />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <HamletStatus hamlet={h} />
                        </Table.Td>
                        <Table.Td>{!isEnded(h) && <HamletWorkers hamlet={h} />}</Table.Td>
                        {writable && (
                          <Table.Td>
                            <HamletActions hamlet={h} onOpen={setDialog} />
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </DataTable>
              </Box>
              <Stack
                hiddenFrom="sm"
                gap="xs"
                component="ul"
                aria-label={t('hamlets.title')}
                p={0}
                m={0}
                style={{ listStyle: 'none' }}
              >
                {hamlets.map((h) => (
                  <Paper key={h.id} withBorder p="sm" radius="md" component="li">
                    <Group justify="space-between" align="flex-start" wrap="nowrap">
                      <HamletName hamlet={h} />
                      <HamletStatus hamlet={h} />
                    </Group>
                    {!isEnded(h) && (
                      <Box mt="xs">
                        <HamletWorkers hamlet={h} />
                      </Box>
                    )}
                    {writable && (
                      <Box mt="sm">
                        <HamletActions hamlet={h} onOpen={setDialog} />
                      </Box>
                    )}
                  </Paper>
                ))}
              </Stack>
            </>
          )}
        </>
      )}
      {dialog && code && <HamletDialog commune={code} dialog={dialog} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
