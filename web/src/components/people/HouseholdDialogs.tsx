/**
 * Everyday changes of a household (hộ gia đình): its address, code and head (chủ hộ), a member added
 * (thêm thành viên: a resident already on record, or a new person), a member's relation to the head
 * changed, a member moved to another household or taken out of this one, and the whole household
 * transferred to another commune.
 */
import {
  Group,
  NativeSelect,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { residentInput, transferInput } from '../../../../src/modules/people/contracts';
import {
  useCreateResident,
  usePatchResident,
  useTransferHousehold,
  useUpdateHousehold,
  type HouseholdDetail,
  type ResidentCreateInput,
} from '../../api/people';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { isSavedOnDevice } from '../../offline/device-state';
import { DateField } from '../DateField';
import {
  clientErrors,
  errorOf,
  FormDialog,
  Hint,
  HouseholdPick,
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

type Member = HouseholdDetail['members'][number];
const idOf = (prefix: string) => (path: string) => `${prefix}-${path.replace(/\./g, '-')}`;
const headName = (h: HouseholdDetail, t: (k: string, o?: Record<string, unknown>) => string) =>
  t('people.household.titleOf', { name: h.headName ?? t('people.household.noHead') });

/** Relations a member may take: every code but `head` (the head changes on the household). */
function useMemberRelations(): { value: string; label: string }[] {
  const { t } = useTranslation();
  return useCodeOptions('relation-to-head', t('peopleEdit.household.chooseRelation')).filter(
    (o) => o.value !== 'head',
  );
}

// ---------------------------------------------------------------- sửa thông tin hộ

export function EditHouseholdDialog({ h, onClose }: { h: HouseholdDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateHousehold(h.id);
  const form = useFormErrors(['unitCode', 'addressLine', 'code']);
  const hamlets = useHamletOptions(h.address.communeCode, t('peopleEdit.household.wholeCommune'));
  const [unitCode, setUnitCode] = useState(h.address.unitCode);
  const [addressLine, setAddressLine] = useState(h.address.line ?? '');
  const [code, setCode] = useState(h.code ?? '');
  const ids = idOf('household-edit');
  const bind = fieldBinder(form, ids);
  const submit = () => {
    form.reset();
    const patch: Record<string, string | null> = {};
    if (unitCode !== h.address.unitCode) patch.unitCode = unitCode;
    if ((addressLine.trim() || null) !== h.address.line) patch.addressLine = addressLine.trim() || null;
    if ((code.trim() || null) !== h.code) patch.code = code.trim() || null;
    if (!Object.keys(patch).length) return onClose();
    update.mutate(patch, {
      onSuccess: () => {
        notifications.show({ color: 'ytcs', message: t('peopleEdit.household.saved') });
        onClose();
      },
      onError: (err) => form.fail(err, ids),
    });
  };
  return (
    <FormDialog
      title={t('peopleEdit.household.editTitle')}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={update.isPending}
    >
      <Hint>{t('peopleEdit.household.editHint')}</Hint>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        <NativeSelect
          id={ids('unitCode')}
          error={form.errors.unitCode}
          label={t('people.fields.hamlet')}
          data={hamlets}
          value={unitCode}
          onChange={(e) => {
            setUnitCode(e.currentTarget.value);
            form.clear('unitCode');
          }}
        />
        <TextInput
          {...bind.text('addressLine', addressLine, setAddressLine)}
          label={t('people.fields.addressLine')}
          maxLength={200}
        />
        <TextInput
          {...bind.text('code', code, setCode)}
          label={t('people.household.code')}
          description={t('people.household.codeHint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          maxLength={30}
        />
      </SimpleGrid>
    </FormDialog>
  );
}

// ---------------------------------------------------------------- đổi chủ hộ

export function ChangeHeadDialog({ h, onClose }: { h: HouseholdDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateHousehold(h.id);
  const form = useFormErrors(['headId', 'formerHeadRelation']);
  const relations = useMemberRelations();
  const candidates = h.members.filter((m) => m.id !== h.headId);
  const [headId, setHeadId] = useState('');
  const [former, setFormer] = useState('');
  const ids = idOf('household-head');
  const submit = () => {
    form.reset();
    const found: FieldErrors = {};
    if (!headId) found.headId = t('peopleEdit.errors.headId.any');
    if (h.headId && !former) found.formerHeadRelation = t('peopleEdit.errors.formerHeadRelation.any');
    if (Object.keys(found).length) return form.show(found, ids);
    update.mutate(
      { headId, ...(h.headId ? { formerHeadRelation: former } : {}) },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'ytcs',
            message: t('peopleEdit.household.headChanged', { name: saved.headName ?? '' }),
          });
          onClose();
        },
        onError: (err) => form.fail(err, ids),
      },
    );
  };
  return (
    <FormDialog
      title={t('peopleEdit.household.changeHead')}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={update.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        <NativeSelect
          id={ids('headId')}
          error={form.errors.headId}
          label={t('peopleEdit.household.newHead')}
          data={[
            { value: '', label: t('peopleEdit.household.chooseMember') },
            ...candidates.map((m) => ({ value: m.id, label: m.fullName })),
          ]}
          value={headId}
          onChange={(e) => {
            setHeadId(e.currentTarget.value);
            form.clear('headId');
          }}
          withAsterisk
        />
        {h.headId && (
          <NativeSelect
            id={ids('formerHeadRelation')}
            error={form.errors.formerHeadRelation}
            label={t('peopleEdit.household.formerHeadRelation', { name: h.headName ?? '' })}
            data={relations}
            value={former}
            onChange={(e) => {
              setFormer(e.currentTarget.value);
              form.clear('formerHeadRelation');
            }}
            withAsterisk
          />
        )}
      </SimpleGrid>
    </FormDialog>
  );
}

// ---------------------------------------------------------------- thêm thành viên

const NEW_FIELDS = ['fullName', 'sex', 'birthDate', 'birthYear', 'personalId', 'phones', 'relationToHead'];

export function AddMemberDialog({ h, onClose }: { h: HouseholdDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const patch = usePatchResident();
  const create = useCreateResident();
  const form = useFormErrors([...NEW_FIELDS, 'resident', 'householdId']);
  const relations = useMemberRelations();
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [person, setPerson] = useState<Picked>(NOTHING);
  const [relation, setRelation] = useState('');
  const [v, setV] = useState({
    fullName: '',
    sex: '',
    birthDate: '',
    birthYear: '',
    personalId: '',
    phone: '',
  });
  const ids = idOf('add-member');
  const commune = h.address.communeCode;
  const title = t('peopleEdit.household.addMemberTo', { name: headName(h, t) });
  const set = (k: keyof typeof v, value: string, ...also: string[]) => {
    setV((s) => ({ ...s, [k]: value }));
    form.clear(k === 'phone' ? 'phones' : k, ...also);
  };
  const added = (name: string) => {
    notifications.show({ color: 'ytcs', message: t('peopleEdit.household.memberAdded', { name }) });
    onClose();
  };

  const submit = () => {
    form.reset();
    const fail = (err: unknown) => form.fail(err, ids);
    if (mode === 'existing') {
      const found: FieldErrors = {};
      if (!person.value) found.resident = t('peopleEdit.errors.pick.any');
      if (!relation) found.relationToHead = t('people.errors.field.relationToHead.any');
      if (Object.keys(found).length) return form.show(found, ids);
      patch.mutate(
        { id: person.value, patch: { householdId: h.id, relationToHead: relation } },
        {
          onSuccess: (r) => {
            notifyWarnings(t, i18n.language, r.warnings);
            added(r.fullName);
          },
          onError: fail,
        },
      );
      return;
    }
    const birth = parseDate(v.birthDate);
    const payload = {
      fullName: v.fullName,
      sex: v.sex || undefined,
      birthDate: birth === undefined ? v.birthDate : birth,
      birthYear: birth ? null : v.birthYear.trim() ? Number(v.birthYear.trim()) : null,
      personalId: v.personalId.trim() || null,
      phones: v.phone.trim() ? [v.phone.trim()] : [],
      householdId: h.id,
      relationToHead: relation || null,
    };
    const checked = residentInput.safeParse(payload);
    if (!checked.success) return form.show(clientErrors(t, checked.error.issues), ids);
    create.mutate(checked.data as ResidentCreateInput, {
      onSuccess: (r) => {
        // No network: the new member went to this device's outbox (web/src/offline/writes.ts).
        if (isSavedOnDevice(r)) {
          notifications.show({ color: 'ytcs', message: t('offline.device.savedRecord') });
          onClose();
          return;
        }
        notifyWarnings(t, i18n.language, r.warnings);
        added(r.fullName);
      },
      onError: fail,
    });
  };

  const relationSelect = (
    <NativeSelect
      id={ids('relationToHead')}
      error={form.errors.relationToHead}
      label={t('people.fields.relationToHead')}
      data={relations}
      value={relation}
      onChange={(e) => {
        setRelation(e.currentTarget.value);
        form.clear('relationToHead');
      }}
      withAsterisk
    />
  );

  return (
    <FormDialog
      title={title}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={patch.isPending || create.isPending}
      submitLabel={t('people.household.addMember')}
    >
      <SegmentedControl
        fullWidth
        value={mode}
        onChange={(m) => {
          setMode(m as 'existing' | 'new');
          form.reset();
        }}
        data={[
          { value: 'existing', label: t('peopleEdit.household.existingPerson') },
          { value: 'new', label: t('peopleEdit.household.newPerson') },
        ]}
        aria-label={t('peopleEdit.household.who')}
      />
      {mode === 'existing' ? (
        <Stack gap="md">
          <Hint>{t('peopleEdit.household.existingHint')}</Hint>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
            <ResidentPick
              id={ids('resident')}
              error={errorOf(form.errors, 'resident', 'householdId')}
              unit={commune}
              filter={(r) => r.householdId !== h.id}
              label={t('peopleEdit.household.findPerson')}
              placeholder={t('peopleEdit.household.findPlaceholder')}
              value={person}
              onChange={(p) => {
                setPerson(p);
                form.clear('resident', 'householdId');
              }}
              withAsterisk
            />
            {relationSelect}
          </SimpleGrid>
        </Stack>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
          <TextInput
            id={ids('fullName')}
            error={form.errors.fullName}
            label={t('people.fields.fullName')}
            value={v.fullName}
            onChange={(e) => set('fullName', e.currentTarget.value)}
            withAsterisk
            autoComplete="off"
          />
          {relationSelect}
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
          <SimpleGrid cols={2} spacing="sm">
            <DateField
              id={ids('birthDate')}
              error={form.errors.birthDate}
              label={t('people.fields.birthDate')}
              value={v.birthDate}
              onChange={(s) => set('birthDate', s, 'birthYear')}
            />
            <TextInput
              id={ids('birthYear')}
              error={form.errors.birthYear}
              label={t('people.fields.birthYear')}
              description={t('people.fields.birthYearHint')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              inputMode="numeric"
              maxLength={4}
              value={v.birthYear}
              onChange={(e) => set('birthYear', e.currentTarget.value, 'birthDate')}
              autoComplete="off"
            />
          </SimpleGrid>
          <TextInput
            id={ids('personalId')}
            error={form.errors.personalId}
            label={t('people.fields.personalId')}
            inputMode="numeric"
            maxLength={12}
            value={v.personalId}
            onChange={(e) => set('personalId', e.currentTarget.value)}
            autoComplete="off"
          />
          <TextInput
            id={ids('phones')}
            error={errorOf(form.errors, 'phones', 'phones.0')}
            label={t('people.fields.phone')}
            type="tel"
            inputMode="tel"
            value={v.phone}
            onChange={(e) => set('phone', e.currentTarget.value, 'phones.0')}
            autoComplete="off"
          />
        </SimpleGrid>
      )}
    </FormDialog>
  );
}

// ---------------------------------------------------------------- một thành viên: quan hệ, chuyển hộ, tách hộ

export type MemberAction = 'relation' | 'move' | 'leave';

export function MemberDialog({
  h,
  member,
  initial = 'relation',
  onClose,
}: {
  h: HouseholdDetail;
  member: Member;
  initial?: MemberAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const patch = usePatchResident();
  const form = useFormErrors(['relationToHead', 'householdId']);
  const relations = useMemberRelations();
  const isHead = member.id === h.headId;
  const [action, setAction] = useState<MemberAction>(isHead && initial === 'relation' ? 'move' : initial);
  const [relation, setRelation] = useState(isHead ? '' : (member.relationToHead ?? ''));
  const [target, setTarget] = useState<Picked>(NOTHING);
  const ids = idOf('member');
  const title = t('peopleEdit.member.title', { name: member.fullName });

  const submit = () => {
    form.reset();
    const found: FieldErrors = {};
    if (action !== 'leave' && !relation) found.relationToHead = t('people.errors.field.relationToHead.any');
    if (action === 'move' && !target.value) found.householdId = t('peopleEdit.errors.pick.any');
    if (Object.keys(found).length) return form.show(found, ids);
    const body =
      action === 'relation'
        ? { relationToHead: relation }
        : action === 'move'
          ? { householdId: target.value, relationToHead: relation }
          : { householdId: null };
    patch.mutate(
      { id: member.id, patch: body },
      savedThen(form, ids, t(`peopleEdit.member.done.${action}`, { name: member.fullName }), onClose),
    );
  };

  return (
    <FormDialog
      title={title}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={patch.isPending}
      danger={action === 'leave'}
      submitLabel={t(`peopleEdit.member.submit.${action}`)}
    >
      <Radio.Group
        label={t('peopleEdit.member.what')}
        value={action}
        onChange={(a) => {
          setAction(a as MemberAction);
          form.reset();
        }}
      >
        <Stack gap={8} mt={6}>
          <Radio value="relation" label={t('peopleEdit.member.actions.relation')} disabled={isHead} />
          <Radio value="move" label={t('peopleEdit.member.actions.move')} />
          <Radio value="leave" label={t('peopleEdit.member.actions.leave')} />
        </Stack>
      </Radio.Group>
      {isHead && (
        <Text size="sm" c="amber.8">
          {t('peopleEdit.member.headNote')}
        </Text>
      )}
      <Hint>{t(`peopleEdit.member.hints.${action}`)}</Hint>
      {action !== 'leave' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
          {action === 'move' && (
            <HouseholdPick
              id={ids('householdId')}
              error={form.errors.householdId}
              unit={h.address.communeCode}
              exclude={h.id}
              label={t('peopleEdit.member.toHousehold')}
              placeholder={t('peopleEdit.member.toHouseholdPlaceholder')}
              value={target}
              onChange={(p) => {
                setTarget(p);
                form.clear('householdId');
              }}
              withAsterisk
            />
          )}
          <NativeSelect
            id={ids('relationToHead')}
            error={form.errors.relationToHead}
            label={
              action === 'move' ? t('peopleEdit.member.relationInNew') : t('people.fields.relationToHead')
            }
            data={relations}
            value={relation}
            onChange={(e) => {
              setRelation(e.currentTarget.value);
              form.clear('relationToHead');
            }}
            withAsterisk
          />
        </SimpleGrid>
      )}
    </FormDialog>
  );
}

// ---------------------------------------------------------------- chuyển cả hộ sang xã khác

export function TransferHouseholdDialog({ h, onClose }: { h: HouseholdDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const transfer = useTransferHousehold(h.id);
  const form = useFormErrors(['toUnitCode', 'addressLine', 'on', 'reason']);
  const [place, setPlace] = useState<Picked>(NOTHING);
  const [line, setLine] = useState('');
  const [on, setOn] = useState(formatDate(todayIso()));
  const [reason, setReason] = useState('');
  const ids = idOf('household-transfer');
  const bind = fieldBinder(form, ids);
  const submit = () => {
    form.reset();
    const date = parseDate(on);
    const checked = transferInput.safeParse({
      toUnitCode: place.value,
      addressLine: line.trim() || null,
      on: date === undefined ? on : (date ?? ''),
      reason: reason.trim() || null,
    });
    const found: FieldErrors = checked.success ? {} : clientErrors(t, checked.error.issues);
    if (!place.value) found.toUnitCode = t('peopleEdit.errors.place.any');
    if (!checked.success || Object.keys(found).length) return form.show(found, ids);
    transfer.mutate(checked.data, {
      onSuccess: (done) => {
        notifications.show({
          color: 'ytcs',
          message: t('peopleEdit.household.transferred', { count: done.residentIds.length }),
        });
        onClose();
      },
      onError: (err) => form.fail(err, ids),
    });
  };
  return (
    <FormDialog
      title={t('peopleEdit.household.transferTitle')}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={transfer.isPending}
      submitLabel={t('peopleEdit.move.submit')}
    >
      <Hint>{t('peopleEdit.household.transferHint', { count: h.memberCount })}</Hint>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        <PlaceSearch
          id={ids('toUnitCode')}
          error={form.errors.toUnitCode}
          exclude={h.address.communeCode}
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
        <DateField {...bind.date('on', on, setOn)} label={t('peopleEdit.move.on')} withAsterisk />
        <TextInput
          {...bind.text('reason', reason, setReason)}
          label={t('peopleEdit.move.reason')}
          maxLength={300}
        />
      </SimpleGrid>
    </FormDialog>
  );
}
