/**
 * The resources parts of a station's page (issue 17): the building as last surveyed (with the
 * earlier surveys), the beds, and the equipment against the list required of its station model, each
 * with a small dialog whose errors come from the server, field by field, in the user's language.
 */
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useBeds,
  useBuilding,
  useEquipment,
  useRecordBeds,
  useRecordBuilding,
  useRecordInventory,
  type BuildingOut,
  type InventoryItemOut,
} from '../../api/resources';
import { formatDate, formatNumber, parseDate, todayIso } from '../../lib/format';
import { EmptyNote, ErrorState, PageLoader, SectionTitle, YesNo } from '../common';
import { DateField } from '../DateField';
import { fieldBinder, FormDialog, savedThen, useCodeOptions, useFormErrors } from '../people/editing';
import { DataTable, Th } from '../tables';

const idOf = (prefix: string) => (path: string) => `${prefix}-${path.replace(/\./g, '-')}`;
const iso = (text: string) => parseDate(text) ?? (text.trim() || null);
const numberOrNull = (v: string | number) => (v === '' || v == null ? null : Number(v));

const STATUS_COLOR: Record<InventoryItemOut['status'], string> = {
  complete: 'ytcs',
  broken: 'orange',
  short: 'yellow',
  missing: 'red',
  not_required: 'gray',
};

const TEXT_COLOR: Record<InventoryItemOut['status'], string> = {
  complete: 'ytcs.8',
  broken: 'orange.9',
  short: 'yellow.9',
  missing: 'red.8',
  not_required: 'dimmed',
};

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{children}</Text>
    </div>
  );
}

/** The station's building as last surveyed, and the surveys before. */
export function BuildingSection({ facilityId, editable }: { facilityId: string; editable: boolean }) {
  const { t } = useTranslation();
  const building = useBuilding(facilityId);
  const [editing, setEditing] = useState(false);
  const latest = building.data?.items[0];
  return (
    <section aria-labelledby="building-title">
      <SectionTitle
        right={
          editable && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('resources.building.record')}
            </Button>
          )
        }
      >
        <span id="building-title">{t('resources.building.title')}</span>
      </SectionTitle>
      {building.isPending ? (
        <PageLoader />
      ) : building.isError ? (
        <ErrorState error={building.error} onRetry={() => void building.refetch()} />
      ) : !latest ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('resources.building.none')}</EmptyNote>
        </Paper>
      ) : (
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed" mb="xs">
            {t('resources.building.surveyedOn', { on: formatDate(latest.recordedOn) })}
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Fact label={t('resources.building.condition')}>{latest.conditionVi ?? latest.condition}</Fact>
            <Fact label={t('resources.building.yearBuilt')}>{latest.yearBuilt ?? '—'}</Fact>
            <Fact label={t('resources.building.yearRenovated')}>{latest.yearRenovated ?? '—'}</Fact>
            <Fact label={t('resources.building.area')}>
              {latest.floorAreaM2 != null ? `${formatNumber(latest.floorAreaM2)} m²` : '—'}
            </Fact>
            <Fact label={t('resources.building.rooms')}>{latest.rooms ?? '—'}</Fact>
            <Fact label={t('resources.building.cleanWater')}>
              <YesNo value={latest.cleanWater} />
            </Fact>
            <Fact label={t('resources.building.latrine')}>{latest.latrineVi ?? latest.latrine}</Fact>
            <Fact label={t('resources.building.power')}>
              <YesNo value={latest.power} />
            </Fact>
            <Fact label={t('resources.building.internet')}>
              <YesNo value={latest.internet} />
            </Fact>
          </SimpleGrid>
          {building.data.items.length > 1 && (
            <Text size="sm" c="dimmed" mt="sm">
              {t('resources.building.earlier')}:{' '}
              {building.data.items
                .slice(1)
                .map((b) => `${formatDate(b.recordedOn)} (${b.conditionVi ?? b.condition})`)
                .join(' · ')}
            </Text>
          )}
        </Paper>
      )}
      {editing && (
        <BuildingDialog facilityId={facilityId} onClose={() => setEditing(false)} last={latest ?? null} />
      )}
    </section>
  );
}

function BuildingDialog({
  facilityId,
  last,
  onClose,
}: {
  facilityId: string;
  last: BuildingOut | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useRecordBuilding(facilityId);
  const fields = ['recordedOn', 'yearBuilt', 'yearRenovated', 'condition', 'floorAreaM2', 'rooms', 'latrine'];
  const form = useFormErrors(fields);
  const ids = idOf('building');
  const bind = fieldBinder(form, ids);
  const conditions = useCodeOptions('building-condition', '');
  const latrines = useCodeOptions('latrine-type', '');
  const [recordedOn, setRecordedOn] = useState(formatDate(todayIso()));
  const [yearBuilt, setYearBuilt] = useState<string | number>(last?.yearBuilt ?? '');
  const [yearRenovated, setYearRenovated] = useState<string | number>(last?.yearRenovated ?? '');
  const [condition, setCondition] = useState(last?.condition ?? '');
  const [area, setArea] = useState<string | number>(last?.floorAreaM2 ?? '');
  const [rooms, setRooms] = useState<string | number>(last?.rooms ?? '');
  const [latrine, setLatrine] = useState(last?.latrine ?? '');
  const [cleanWater, setCleanWater] = useState(last?.cleanWater ?? false);
  const [power, setPower] = useState(last?.power ?? true);
  const [internet, setInternet] = useState(last?.internet ?? false);
  const submit = () => {
    form.reset();
    save.mutate(
      {
        recordedOn: iso(recordedOn) ?? '',
        yearBuilt: numberOrNull(yearBuilt),
        yearRenovated: numberOrNull(yearRenovated),
        condition,
        floorAreaM2: numberOrNull(area),
        rooms: numberOrNull(rooms),
        cleanWater,
        latrine,
        power,
        internet,
      },
      savedThen(form, ids, t('resources.building.saved'), onClose),
    );
  };
  const num = (name: string, label: string, value: string | number, set: (v: string | number) => void) => (
    <NumberInput
      id={ids(name)}
      label={label}
      value={value}
      onChange={(v) => {
        set(v);
        form.clear(name);
      }}
      error={form.errors[name]}
      allowNegative={false}
      hideControls
    />
  );
  return (
    <FormDialog
      title={t('resources.building.record')}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={save.isPending}
    >
      <DateField
        {...bind.date('recordedOn', recordedOn, setRecordedOn)}
        label={t('resources.building.recordedOn')}
        withAsterisk
      />
      <NativeSelect
        id={ids('condition')}
        label={t('resources.building.condition')}
        data={conditions}
        value={condition}
        onChange={(e) => {
          setCondition(e.currentTarget.value);
          form.clear('condition');
        }}
        error={form.errors.condition}
        withAsterisk
      />
      <Group grow align="flex-start">
        {num('yearBuilt', t('resources.building.yearBuilt'), yearBuilt, setYearBuilt)}
        {num('yearRenovated', t('resources.building.yearRenovated'), yearRenovated, setYearRenovated)}
      </Group>
      <Group grow align="flex-start">
        {num('floorAreaM2', t('resources.building.areaM2'), area, setArea)}
        {num('rooms', t('resources.building.rooms'), rooms, setRooms)}
      </Group>
      <NativeSelect
        id={ids('latrine')}
        label={t('resources.building.latrine')}
        data={latrines}
        value={latrine}
        onChange={(e) => {
          setLatrine(e.currentTarget.value);
          form.clear('latrine');
        }}
        error={form.errors.latrine}
        withAsterisk
      />
      <Group>
        <Checkbox
          label={t('resources.building.cleanWater')}
          checked={cleanWater}
          onChange={(e) => setCleanWater(e.currentTarget.checked)}
        />
        <Checkbox
          label={t('resources.building.power')}
          checked={power}
          onChange={(e) => setPower(e.currentTarget.checked)}
        />
        <Checkbox
          label={t('resources.building.internet')}
          checked={internet}
          onChange={(e) => setInternet(e.currentTarget.checked)}
        />
      </Group>
    </FormDialog>
  );
}

/** The facility's beds today, and from which day each count holds. */
export function BedsSection({ facilityId, editable }: { facilityId: string; editable: boolean }) {
  const { t } = useTranslation();
  const beds = useBeds(facilityId);
  const save = useRecordBeds(facilityId);
  const [editing, setEditing] = useState(false);
  const form = useFormErrors(['fromDay', 'beds']);
  const ids = idOf('beds');
  const bind = fieldBinder(form, ids);
  const [fromDay, setFromDay] = useState(formatDate(todayIso()));
  const [count, setCount] = useState<string | number>('');
  const submit = () => {
    form.reset();
    save.mutate(
      { fromDay: iso(fromDay) ?? '', beds: count === '' ? -1 : Number(count) },
      savedThen(form, ids, t('resources.beds.saved'), () => setEditing(false)),
    );
  };
  return (
    <section aria-labelledby="beds-title">
      <SectionTitle
        right={
          editable && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('resources.beds.record')}
            </Button>
          )
        }
      >
        <span id="beds-title">{t('resources.beds.title')}</span>
      </SectionTitle>
      {beds.isPending ? (
        <PageLoader />
      ) : beds.isError ? (
        <ErrorState error={beds.error} onRetry={() => void beds.refetch()} />
      ) : !beds.data.items.length ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('resources.beds.none')}</EmptyNote>
        </Paper>
      ) : (
        <Paper withBorder p="md">
          <Text fz={22} fw={700}>
            {t('resources.beds.current', { count: beds.data.current ?? 0 })}
          </Text>
          <Text size="sm" c="dimmed">
            {beds.data.items
              .map((b) => t('resources.beds.from', { beds: b.beds, on: formatDate(b.fromDay) }))
              .join(' · ')}
          </Text>
        </Paper>
      )}
      {editing && (
        <FormDialog
          title={t('resources.beds.record')}
          onClose={() => setEditing(false)}
          onSubmit={submit}
          general={form.general}
          saving={save.isPending}
        >
          <DateField
            {...bind.date('fromDay', fromDay, setFromDay)}
            label={t('resources.beds.fromDay')}
            withAsterisk
          />
          <NumberInput
            id={ids('beds')}
            label={t('resources.beds.count')}
            value={count}
            onChange={(v) => {
              setCount(v);
              form.clear('beds');
            }}
            error={form.errors.beds}
            hideControls
            withAsterisk
          />
        </FormDialog>
      )}
    </section>
  );
}

/** The equipment against the list required of the station's model, with a count to record. */
export function EquipmentSection({ facilityId, editable }: { facilityId: string; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const equipment = useEquipment(facilityId);
  const [counting, setCounting] = useState(false);
  const english = i18n.language === 'en';
  return (
    <section aria-labelledby="equipment-title">
      <SectionTitle
        right={
          editable && (
            <Button variant="default" onClick={() => setCounting(true)} disabled={!equipment.data?.list}>
              {t('resources.equipment.count')}
            </Button>
          )
        }
      >
        <span id="equipment-title">{t('resources.equipment.title')}</span>
      </SectionTitle>
      {equipment.isPending ? (
        <PageLoader />
      ) : equipment.isError ? (
        <ErrorState error={equipment.error} onRetry={() => void equipment.refetch()} />
      ) : !equipment.data.list ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('resources.equipment.noList')}</EmptyNote>
        </Paper>
      ) : (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t('resources.equipment.listOf', {
              source: equipment.data.list.source,
              model: equipment.data.stationModel ?? '—',
            })}
          </Text>
          <Group gap="xs" aria-label={t('resources.equipment.summary')}>
            {(['complete', 'broken', 'short', 'missing'] as const).map((s) => (
              <Badge key={s} color={STATUS_COLOR[s]} variant="light" size="lg">
                {t(`resources.equipment.status.${s}`)}: {formatNumber(equipment.data.totals[s])}
              </Badge>
            ))}
          </Group>
          <DataTable caption={t('resources.equipment.title')}>
            <Table.Thead>
              <Table.Tr>
                <Th>{t('resources.equipment.item')}</Th>
                <Th numeric>{t('resources.equipment.required')}</Th>
                <Th numeric>{t('resources.equipment.working')}</Th>
                <Th numeric>{t('resources.equipment.broken')}</Th>
                <Th numeric>{t('resources.equipment.missing')}</Th>
                <Th>{t('resources.equipment.state')}</Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {equipment.data.items
                .filter((i) => i.required > 0 || i.present > 0)
                .map((i) => (
                  <Table.Tr key={i.code}>
                    <Table.Td>
                      {english ? i.nameEn : i.nameVi}
                      <Text size="xs" c="dimmed">
                        {i.group}
                        {i.countedOn
                          ? ` · ${t('resources.equipment.countedOn', { on: formatDate(i.countedOn) })}`
                          : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(i.required)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(i.working)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(i.broken)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(i.missing)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={700} c={TEXT_COLOR[i.status]} style={{ whiteSpace: 'nowrap' }}>
                        {t(`resources.equipment.status.${i.status}`)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </DataTable>
        </Stack>
      )}
      {counting && equipment.data?.list && (
        <CountDialog
          facilityId={facilityId}
          items={equipment.data.items.filter((i) => i.required > 0 || i.present > 0)}
          onClose={() => setCounting(false)}
        />
      )}
    </section>
  );
}

function CountDialog({
  facilityId,
  items,
  onClose,
}: {
  facilityId: string;
  items: InventoryItemOut[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const save = useRecordInventory(facilityId);
  const form = useFormErrors(['countedOn', 'items']);
  const ids = idOf('count');
  const bind = fieldBinder(form, ids);
  const [countedOn, setCountedOn] = useState(formatDate(todayIso()));
  const [counts, setCounts] = useState(() =>
    Object.fromEntries(items.map((i) => [i.code, { working: i.working, broken: i.broken }])),
  );
  const english = i18n.language === 'en';
  const set = (code: string, key: 'working' | 'broken', v: string | number) =>
    setCounts((c) => ({ ...c, [code]: { ...c[code]!, [key]: v === '' ? 0 : Number(v) } }));
  const submit = () => {
    form.reset();
    save.mutate(
      {
        countedOn: iso(countedOn) ?? '',
        items: items.map((i) => ({ code: i.code, ...counts[i.code]! })),
      },
      savedThen(form, ids, t('resources.equipment.saved'), onClose),
    );
  };
  return (
    <FormDialog
      title={t('resources.equipment.count')}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={save.isPending}
      size="xl"
    >
      <DateField
        {...bind.date('countedOn', countedOn, setCountedOn)}
        label={t('resources.equipment.countedOnLabel')}
        withAsterisk
      />
      <Stack gap={6}>
        {items.map((i, n) => {
          const name = english ? i.nameEn : i.nameVi;
          return (
            <Group key={i.code} gap="sm" wrap="nowrap" align="flex-start">
              <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
                {name}
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({t('resources.equipment.requiredN', { n: i.required })})
                </Text>
              </Text>
              {(['working', 'broken'] as const).map((key) => (
                <NumberInput
                  key={key}
                  w={90}
                  size="xs"
                  clampBehavior="none"
                  hideControls
                  aria-label={t(`resources.equipment.${key}Of`, { name })}
                  value={counts[i.code]![key]}
                  onChange={(v) => set(i.code, key, v)}
                  error={form.errors[`items.${n}.${key}`]}
                />
              ))}
            </Group>
          );
        })}
      </Stack>
    </FormDialog>
  );
}
