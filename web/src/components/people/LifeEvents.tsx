/**
 * Life events (sự kiện hộ tịch) recorded from a profile or a household: a birth (khai sinh: a new
 * resident in the mother's household, linked to her), a death (khai tử: date, cause, place), a move
 * (chuyển đi: to another hamlet of the commune, to another commune of the system with the whole
 * record, or out of the system) and a return (chuyển đến); and a resident's event history.
 */
import {
  Box,
  Button,
  Group,
  Menu,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { birthInput, lifeEventInput, transferInput } from '../../../../src/modules/people/contracts';
import {
  useLifeEvents,
  usePatchResident,
  useRecordEvent,
  useRegisterBirth,
  useTransferResident,
  type LifeEventOut,
  type ResidentSummary,
} from '../../api/people';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { EmptyNote, ErrorState, PageLoader } from '../common';
import { DateField } from '../DateField';
import { IconPlus } from '../Icons';
import { CardFacts, CardItem, CardList, DataTable, Th } from '../tables';
import { Icd10Search, NO_CODE, type PickedCode } from '../visits/CodeSearch';
import {
  clientErrors,
  errorOf,
  FormDialog,
  Hint,
  NOTHING,
  notifyWarnings,
  PlaceSearch,
  ResidentPick,
  useCodeOptions,
  useFormErrors,
  useHamletOptions,
  type FieldErrors,
  type Picked,
  fieldBinder,
  savedThen,
} from './editing';
import { formatDateTime } from './format';

/** Who an event is recorded for: what the dialogs need of a resident (a profile or a household member). */
export type EventSubject = Pick<
  ResidentSummary,
  'id' | 'fullName' | 'sex' | 'status' | 'householdId' | 'unitCode' | 'birthDate' | 'birthYear'
> & { communeCode: string; line?: string | null };

export type EventKind = 'birth' | 'death' | 'move' | 'moveIn';

const idOf = (prefix: string) => (path: string) => `${prefix}-${path.replace(/\./g, '-')}`;

/** A date typed dd/mm/yyyy → ISO, or the text itself (the schema reports it), or '' when empty. */
function isoOrText(text: string): string {
  const d = parseDate(text);
  return d === undefined ? text : (d ?? '');
}

// ---------------------------------------------------------------- khai sinh

export function BirthDialog({
  mother,
  onClose,
  onDone,
}: {
  mother: EventSubject;
  onClose: () => void;
  onDone?: (childId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const birth = useRegisterBirth();
  const fields = ['fullName', 'sex', 'birthDate', 'personalId', 'relationToHead', 'fatherId'];
  const form = useFormErrors([...fields, 'birthWeightGrams', 'deliveryType', 'premature', 'place']);
  const relations = useCodeOptions('relation-to-head', t('peopleEdit.birth.relationAuto'));
  const [v, setV] = useState({
    fullName: '',
    sex: '',
    birthDate: formatDate(todayIso()),
    personalId: '',
    relationToHead: '',
    father: NOTHING as Picked,
    weight: '',
    deliveryType: '',
    premature: '' as '' | 'yes' | 'no',
    place: 'health_facility',
  });
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K], path: string = k) => {
    setV((s) => ({ ...s, [k]: value }));
    form.clear(path);
  };
  const ids = idOf('birth');
  const title = t('peopleEdit.birth.title', { name: mother.fullName });

  const submit = () => {
    form.reset();
    const payload = {
      fullName: v.fullName,
      sex: v.sex || undefined,
      birthDate: isoOrText(v.birthDate),
      personalId: v.personalId.trim() || null,
      fatherId: v.father.value || null,
      ...(v.relationToHead ? { relationToHead: v.relationToHead } : {}),
      birthWeightGrams: v.weight.trim() ? Number(v.weight.trim().replace(/[.\s]/g, '')) : null,
      deliveryType: (v.deliveryType || null) as 'normal' | null,
      // Not known unless asked: an unanswered question is not a "no".
      premature: v.premature ? v.premature === 'yes' : null,
      place: (v.place || null) as 'home' | null,
    };
    const checked = birthInput.safeParse(payload);
    const found: FieldErrors = checked.success ? {} : clientErrors(t, checked.error.issues);
    if (v.father.text.trim() && !v.father.value) found.fatherId = t('peopleEdit.errors.pick.any');
    if (!checked.success || Object.keys(found).length) {
      form.show(found, ids);
      return;
    }
    birth.mutate(
      { motherId: mother.id, birth: checked.data },
      {
        onSuccess: (child) => {
          notifications.show({
            color: 'ytcs',
            message: t('peopleEdit.birth.done', { name: child.fullName }),
          });
          notifyWarnings(t, i18n.language, child.warnings);
          onClose();
          onDone?.(child.id);
        },
        onError: (err) => form.fail(err, ids),
      },
    );
  };

  const field = (path: string) => ({ id: ids(path), error: form.errors[path] });
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={birth.isPending}
      submitLabel={t('peopleEdit.birth.submit')}
    >
      <Hint>{mother.householdId ? t('peopleEdit.birth.hint') : t('peopleEdit.birth.hintNoHousehold')}</Hint>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        <TextInput
          {...field('fullName')}
          label={t('peopleEdit.birth.childName')}
          value={v.fullName}
          onChange={(e) => set('fullName', e.currentTarget.value)}
          withAsterisk
          autoComplete="off"
        />
        <Radio.Group
          error={form.errors.sex}
          label={t('people.fields.sex')}
          value={v.sex}
          onChange={(s) => set('sex', s)}
          withAsterisk
        >
          <Group gap="xl" mt={8}>
            <Radio id={ids('sex')} value="male" label={t('people.sex.male')} />
            <Radio value="female" label={t('people.sex.female')} />
          </Group>
        </Radio.Group>
        <DateField
          {...field('birthDate')}
          label={t('people.fields.birthDate')}
          value={v.birthDate}
          onChange={(s) => set('birthDate', s)}
          withAsterisk
        />
        <TextInput
          {...field('personalId')}
          label={t('people.fields.personalId')}
          description={t('peopleEdit.birth.personalIdHint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          inputMode="numeric"
          maxLength={12}
          value={v.personalId}
          onChange={(e) => set('personalId', e.currentTarget.value)}
          autoComplete="off"
        />
        {mother.householdId && (
          <NativeSelect
            {...field('relationToHead')}
            label={t('people.fields.relationToHead')}
            data={relations}
            value={v.relationToHead}
            onChange={(e) => set('relationToHead', e.currentTarget.value)}
          />
        )}
        <ResidentPick
          {...field('fatherId')}
          unit={mother.communeCode}
          filter={(r) => r.id !== mother.id}
          label={t('peopleEdit.birth.father')}
          description={t('peopleEdit.birth.fatherHint')}
          value={v.father}
          onChange={(p) => set('father', p, 'fatherId')}
        />
        <TextInput
          {...field('birthWeightGrams')}
          label={t('peopleEdit.birth.weight')}
          inputMode="numeric"
          maxLength={5}
          value={v.weight}
          onChange={(e) => set('weight', e.currentTarget.value, 'birthWeightGrams')}
          autoComplete="off"
        />
        <NativeSelect
          {...field('deliveryType')}
          label={t('peopleEdit.birth.deliveryType')}
          data={[
            { value: '', label: t('peopleEdit.resident.unknown') },
            ...(['normal', 'caesarean', 'assisted'] as const).map((k) => ({
              value: k,
              label: t(`peopleEdit.birth.delivery.${k}`),
            })),
          ]}
          value={v.deliveryType}
          onChange={(e) => set('deliveryType', e.currentTarget.value)}
        />
        <NativeSelect
          {...field('place')}
          label={t('peopleEdit.birth.place')}
          data={(['health_facility', 'home', 'other'] as const).map((k) => ({
            value: k,
            label: t(`peopleEdit.places.${k}`),
          }))}
          value={v.place}
          onChange={(e) => set('place', e.currentTarget.value)}
        />
        <NativeSelect
          {...field('premature')}
          label={t('peopleEdit.birth.premature')}
          data={[
            { value: '', label: t('peopleEdit.resident.unknown') },
            { value: 'yes', label: t('peopleEdit.birth.prematureYes') },
            { value: 'no', label: t('peopleEdit.birth.prematureNo') },
          ]}
          value={v.premature}
          onChange={(e) => set('premature', e.currentTarget.value as '' | 'yes' | 'no')}
        />
      </SimpleGrid>
    </FormDialog>
  );
}

// ---------------------------------------------------------------- khai tử

export function DeathDialog({ person, onClose }: { person: EventSubject; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordEvent();
  const form = useFormErrors(['on', 'causeIcd10', 'cause', 'place', 'note']);
  const [on, setOn] = useState(formatDate(todayIso()));
  const [icd, setIcd] = useState<PickedCode>(NO_CODE);
  const [cause, setCause] = useState('');
  const [place, setPlace] = useState('');
  const [note, setNote] = useState('');
  const ids = idOf('death');
  const bind = fieldBinder(form, ids);
  const title = t('peopleEdit.death.title', { name: person.fullName });

  const submit = () => {
    form.reset();
    const payload = {
      kind: 'death' as const,
      on: isoOrText(on),
      causeIcd10: icd.code || null,
      cause: cause.trim() || null,
      place: (place || null) as 'home' | null,
      note: note.trim() || null,
    };
    const checked = lifeEventInput.safeParse(payload);
    const found: FieldErrors = checked.success ? {} : clientErrors(t, checked.error.issues);
    if (icd.text.trim() && !icd.code) found.causeIcd10 = t('peopleEdit.errors.pick.any');
    if (!checked.success || Object.keys(found).length) {
      form.show(found, ids);
      return;
    }
    record.mutate(
      { id: person.id, event: checked.data },
      savedThen(form, ids, t('peopleEdit.death.done', { name: person.fullName }), onClose),
    );
  };

  return (
    <FormDialog
      title={title}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={record.isPending}
      submitLabel={t('peopleEdit.death.submit')}
      danger
    >
      <Hint>{t('peopleEdit.death.hint')}</Hint>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        <DateField {...bind.date('on', on, setOn)} label={t('peopleEdit.death.on')} withAsterisk />
        <NativeSelect
          id={ids('place')}
          error={form.errors.place}
          label={t('peopleEdit.death.place')}
          data={[
            { value: '', label: t('peopleEdit.resident.unknown') },
            ...(['home', 'health_facility', 'other'] as const).map((k) => ({
              value: k,
              label: t(`peopleEdit.places.${k}`),
            })),
          ]}
          value={place}
          onChange={(e) => setPlace(e.currentTarget.value)}
        />
        <Icd10Search
          id={ids('causeIcd10')}
          error={form.errors.causeIcd10}
          label={t('peopleEdit.death.icd10')}
          description={t('peopleEdit.death.icd10Hint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          on={parseDate(on) || todayIso()}
          value={icd}
          onChange={(p) => {
            setIcd(p);
            form.clear('causeIcd10');
          }}
        />
        <TextInput
          {...bind.text('cause', cause, setCause)}
          label={t('peopleEdit.death.cause')}
          maxLength={300}
        />
      </SimpleGrid>
      <TextInput {...bind.text('note', note, setNote)} label={t('peopleEdit.note')} maxLength={500} />
    </FormDialog>
  );
}

// ---------------------------------------------------------------- chuyển đi

type MoveKind = 'hamlet' | 'commune' | 'out';

export function MoveDialog({ person, onClose }: { person: EventSubject; onClose: () => void }) {
  const { t } = useTranslation();
  const patch = usePatchResident();
  const transfer = useTransferResident();
  const record = useRecordEvent();
  const form = useFormErrors([
    'on',
    'toUnitCode',
    'addressLine',
    'reason',
    'destination',
    'note',
    'currentAddress',
  ]);
  const [kind, setKind] = useState<MoveKind>('hamlet');
  const [on, setOn] = useState(formatDate(todayIso()));
  const [hamlet, setHamlet] = useState(person.unitCode);
  const [place, setPlace] = useState<Picked>(NOTHING);
  const [line, setLine] = useState('');
  const [reason, setReason] = useState('');
  const [destination, setDestination] = useState('');
  const hamlets = useHamletOptions(person.communeCode, t('peopleEdit.household.wholeCommune'));
  const ids = idOf('move');
  const bind = fieldBinder(form, ids);
  const title = t('peopleEdit.move.title', { name: person.fullName });
  const saving = patch.isPending || transfer.isPending || record.isPending;

  const done = (message: string) => {
    notifications.show({ color: 'ytcs', message });
    onClose();
  };

  const submit = () => {
    form.reset();
    const fail = (err: unknown) => form.fail(err, ids);
    if (kind === 'hamlet') {
      patch.mutate(
        { id: person.id, patch: { currentAddress: { unitCode: hamlet, line: line.trim() || null } } },
        { onSuccess: () => done(t('peopleEdit.move.doneHamlet', { name: person.fullName })), onError: fail },
      );
      return;
    }
    if (kind === 'commune') {
      const checked = transferInput.safeParse({
        toUnitCode: place.value,
        addressLine: line.trim() || null,
        on: isoOrText(on),
        reason: reason.trim() || null,
      });
      const found: FieldErrors = checked.success ? {} : clientErrors(t, checked.error.issues);
      if (!place.value) found.toUnitCode = t('peopleEdit.errors.place.any');
      if (!checked.success || Object.keys(found).length) return form.show(found, ids);
      transfer.mutate(
        { id: person.id, input: checked.data },
        { onSuccess: () => done(t('peopleEdit.move.doneCommune', { name: person.fullName })), onError: fail },
      );
      return;
    }
    const checked = lifeEventInput.safeParse({
      kind: 'move_out',
      on: isoOrText(on),
      destination: destination.trim(),
      note: reason.trim() || null,
    });
    if (!checked.success) return form.show(clientErrors(t, checked.error.issues), ids);
    record.mutate(
      { id: person.id, event: checked.data },
      { onSuccess: () => done(t('peopleEdit.move.doneOut', { name: person.fullName })), onError: fail },
    );
  };

  const dateField = (
    <DateField {...bind.date('on', on, setOn)} label={t('peopleEdit.move.on')} withAsterisk />
  );

  return (
    <FormDialog
      title={title}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={saving}
      submitLabel={t('peopleEdit.move.submit')}
    >
      <Radio.Group
        label={t('peopleEdit.move.where')}
        value={kind}
        onChange={(k) => {
          setKind(k as MoveKind);
          form.reset();
        }}
      >
        <Stack gap={8} mt={6}>
          {(['hamlet', 'commune', 'out'] as const).map((k) => (
            <Radio key={k} value={k} label={t(`peopleEdit.move.kinds.${k}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Hint>{t(`peopleEdit.move.hints.${kind}`)}</Hint>
      {kind === 'hamlet' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
          <NativeSelect
            id={ids('currentAddress-unitCode')}
            error={errorOf(form.errors, 'currentAddress.unitCode', 'currentAddress')}
            label={t('people.fields.hamlet')}
            data={hamlets}
            value={hamlet}
            onChange={(e) => setHamlet(e.currentTarget.value)}
          />
          <TextInput
            id={ids('currentAddress-line')}
            error={form.errors['currentAddress.line']}
            label={t('people.fields.addressLine')}
            value={line}
            onChange={(e) => setLine(e.currentTarget.value)}
            autoComplete="off"
          />
        </SimpleGrid>
      )}
      {kind === 'commune' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
          <PlaceSearch
            id={ids('toUnitCode')}
            error={form.errors.toUnitCode}
            exclude={person.communeCode}
            label={t('peopleEdit.move.toPlace')}
            description={t('peopleEdit.resident.placeHint')}
            value={place}
            onChange={(p) => {
              setPlace(p);
              form.clear('toUnitCode');
            }}
            withAsterisk
          />
          <TextInput {...bind.text('addressLine', line, setLine)} label={t('people.fields.addressLine')} />
          {dateField}
          <TextInput
            {...bind.text('reason', reason, setReason)}
            label={t('peopleEdit.move.reason')}
            maxLength={300}
          />
        </SimpleGrid>
      )}
      {kind === 'out' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
          <TextInput
            {...bind.text('destination', destination, setDestination)}
            label={t('peopleEdit.move.destination')}
            description={t('peopleEdit.move.destinationHint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            maxLength={300}
            withAsterisk
          />
          {dateField}
          <TextInput {...bind.text('note', reason, setReason)} label={t('peopleEdit.note')} maxLength={500} />
        </SimpleGrid>
      )}
    </FormDialog>
  );
}

// ---------------------------------------------------------------- chuyển đến (quay về)

export function MoveInDialog({ person, onClose }: { person: EventSubject; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordEvent();
  const form = useFormErrors(['on', 'origin', 'currentAddress', 'note']);
  const [on, setOn] = useState(formatDate(todayIso()));
  const [origin, setOrigin] = useState('');
  const [hamlet, setHamlet] = useState(person.unitCode);
  const [line, setLine] = useState(person.line ?? '');
  const hamlets = useHamletOptions(person.communeCode, t('peopleEdit.household.wholeCommune'));
  const ids = idOf('move-in');
  const bind = fieldBinder(form, ids);
  const title = t('peopleEdit.moveIn.title', { name: person.fullName });
  const submit = () => {
    form.reset();
    const checked = lifeEventInput.safeParse({
      kind: 'move_in',
      on: isoOrText(on),
      origin: origin.trim() || null,
      currentAddress: { unitCode: hamlet, line: line.trim() || null },
    });
    if (!checked.success) return form.show(clientErrors(t, checked.error.issues), ids);
    record.mutate(
      { id: person.id, event: checked.data },
      savedThen(form, ids, t('peopleEdit.moveIn.done', { name: person.fullName }), onClose),
    );
  };
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={record.isPending}
      submitLabel={t('peopleEdit.moveIn.submit')}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        <DateField {...bind.date('on', on, setOn)} label={t('peopleEdit.moveIn.on')} withAsterisk />
        <TextInput
          {...bind.text('origin', origin, setOrigin)}
          label={t('peopleEdit.moveIn.origin')}
          maxLength={300}
        />
        <NativeSelect
          id={ids('currentAddress-unitCode')}
          error={errorOf(form.errors, 'currentAddress.unitCode', 'currentAddress')}
          label={t('people.fields.hamlet')}
          data={hamlets}
          value={hamlet}
          onChange={(e) => setHamlet(e.currentTarget.value)}
        />
        <TextInput
          id={ids('currentAddress-line')}
          label={t('people.fields.addressLine')}
          value={line}
          onChange={(e) => setLine(e.currentTarget.value)}
          autoComplete="off"
        />
      </SimpleGrid>
    </FormDialog>
  );
}

// ---------------------------------------------------------------- the menu and the history

/** The events that can be recorded for a person in their state. */
export function eventKindsFor(p: Pick<EventSubject, 'status' | 'sex'>): EventKind[] {
  const out: EventKind[] = [];
  if (p.status === 'active' && p.sex === 'female') out.push('birth');
  if (p.status === 'active' || p.status === 'moved_out') out.push('death');
  if (p.status === 'active') out.push('move');
  if (p.status === 'moved_out') out.push('moveIn');
  return out;
}

/** The dialog of an event kind for a person. */
export function EventDialog({
  kind,
  person,
  onClose,
  onBorn,
}: {
  kind: EventKind;
  person: EventSubject;
  onClose: () => void;
  onBorn?: (childId: string) => void;
}) {
  if (kind === 'birth') return <BirthDialog mother={person} onClose={onClose} onDone={onBorn} />;
  if (kind === 'death') return <DeathDialog person={person} onClose={onClose} />;
  if (kind === 'move') return <MoveDialog person={person} onClose={onClose} />;
  return <MoveInDialog person={person} onClose={onClose} />;
}

/** "Ghi sự kiện" with the events the person's state allows. */
export function EventMenu({
  person,
  onPick,
  target,
}: {
  person: EventSubject;
  onPick: (kind: EventKind) => void;
  target?: ReactNode;
}) {
  const { t } = useTranslation();
  const kinds = eventKindsFor(person);
  if (!kinds.length) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        {target ?? (
          <Button variant="light" leftSection={<IconPlus size={16} />}>
            {t('peopleEdit.events.record')}
          </Button>
        )}
      </Menu.Target>
      <Menu.Dropdown>
        {kinds.map((k) => (
          <Menu.Item key={k} onClick={() => onPick(k)}>
            {t(`peopleEdit.events.kinds.${k}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

const DETAIL_KEYS = [
  'causeIcd10',
  'cause',
  'place',
  'birthWeightGrams',
  'deliveryType',
  'premature',
  'destination',
  'origin',
  'toUnitCode',
  'direction',
  'reason',
  'note',
] as const;

/** What an event's details say, in words: "Nguyên nhân: … · Nơi mất: tại nhà". */
export function eventDetails(t: (k: string, o?: Record<string, unknown>) => string, e: LifeEventOut): string {
  const d = e.details as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of DETAIL_KEYS) {
    const value = d[key];
    if (value == null || value === '') continue;
    // A move between hamlets names the hamlet left as its place; its direction says nothing more.
    if (key === 'direction' && e.kind === 'hamlet_move') continue;
    let text: string;
    if (key === 'place') text = t(`peopleEdit.places.${String(value)}`);
    else if (key === 'deliveryType') text = t(`peopleEdit.birth.delivery.${String(value)}`);
    else if (key === 'premature') {
      if (value !== true) continue;
      parts.push(t('peopleEdit.birth.premature'));
      continue;
    } else if (key === 'direction') text = t(`peopleEdit.events.direction.${String(value)}`);
    else if (key === 'birthWeightGrams') text = `${Number(value).toLocaleString('vi-VN')} g`;
    else text = String(value);
    parts.push(`${t(`peopleEdit.events.details.${key}`)}: ${text}`);
  }
  return parts.join(' · ');
}

/** A resident's life events, newest first: a table on a wide screen, cards on a phone. */
export function EventHistory({ id }: { id: string }) {
  const { t } = useTranslation();
  const events = useLifeEvents(id);
  if (events.isPending) return <PageLoader />;
  if (events.isError) return <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  const caption = t('peopleEdit.events.history');
  if (!events.data.length)
    return (
      <Paper withBorder p="lg">
        <EmptyNote>{t('people.events.none')}</EmptyNote>
      </Paper>
    );
  return (
    <>
      <Box visibleFrom="sm">
        <DataTable caption={caption} minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('people.events.on')}</Th>
              <Th>{t('people.events.kind')}</Th>
              <Th>{t('people.events.detailsTitle')}</Th>
              <Th>{t('people.events.recorded')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.on)}</Table.Td>
                <Table.Td>{t(`people.events.kinds.${e.kind}`)}</Table.Td>
                <Table.Td>{eventDetails(t, e)}</Table.Td>
                <Table.Td>
                  {formatDateTime(e.recordedAt)}
                  {e.recordedBy && (
                    <Text size="xs" c="dimmed">
                      {e.recordedBy}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      </Box>
      <CardList label={caption}>
        {events.data.map((e) => (
          <CardItem key={e.id}>
            <Group justify="space-between" gap={6}>
              <Text fw={650}>{t(`people.events.kinds.${e.kind}`)}</Text>
              <Text size="sm">{formatDate(e.on)}</Text>
            </Group>
            {eventDetails(t, e) && (
              <Text size="sm" mt={4}>
                {eventDetails(t, e)}
              </Text>
            )}
            <CardFacts
              facts={[[t('people.events.recorded'), `${formatDateTime(e.recordedAt)} ${e.recordedBy ?? ''}`]]}
            />
          </CardItem>
        ))}
      </CardList>
    </>
  );
}
