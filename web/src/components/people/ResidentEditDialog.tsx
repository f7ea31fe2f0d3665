/**
 * The administrative data of a resident (phần hành chính): name, sex, birth, personal ID, ethnicity,
 * nationality, religion, occupation, blood group, phones, where they live now (a hamlet of the same
 * commune: moving to another commune is a transfer) and their permanent address (nơi thường trú, any
 * commune). Checked in the browser with the server's own schema; only the fields changed are sent.
 */
import { Checkbox, Group, NativeSelect, Radio, SimpleGrid, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BLOOD_GROUPS, residentPatch } from '../../../../src/modules/people/contracts';
import { useUpdateResident, type ResidentOut, type ResidentPatchInput } from '../../api/people';
import { formatDate, parseDate } from '../../lib/format';
import { DateField } from '../DateField';
import {
  clientErrors,
  errorOf,
  FormDialog,
  notifyWarnings,
  PlaceSearch,
  useCodeOptions,
  useFormErrors,
  useHamletOptions,
  type Picked,
} from './editing';

interface Values {
  fullName: string;
  sex: string;
  birthDate: string;
  birthYear: string;
  personalId: string;
  ethnicity: string;
  nationality: string;
  religion: string;
  occupation: string;
  bloodGroup: string;
  phones: string;
  currentUnit: string;
  currentLine: string;
  samePermanent: boolean;
  permanentPlace: Picked;
  permanentLine: string;
}

function valuesOf(r: ResidentOut): Values {
  return {
    fullName: r.fullName,
    sex: r.sex,
    birthDate: formatDate(r.birthDate),
    birthYear: r.birthDate ? '' : String(r.birthYear),
    personalId: r.personalId ?? '',
    ethnicity: r.ethnicity ?? '',
    nationality: r.nationality,
    religion: r.religion ?? '',
    occupation: r.occupation ?? '',
    bloodGroup: r.bloodGroup ?? '',
    phones: r.phones.join(', '),
    currentUnit: r.currentAddress.unitCode,
    currentLine: r.currentAddress.line ?? '',
    samePermanent: !r.permanentAddress,
    permanentPlace: r.permanentAddress
      ? { value: r.permanentAddress.unitCode, text: r.permanentAddress.unitName }
      : { value: '', text: '' },
    permanentLine: r.permanentAddress?.line ?? '',
  };
}

/** The form's values as the API's fields (a bad date stays text: the schema reports it). */
function patchOf(v: Values): Record<string, unknown> {
  const birth = parseDate(v.birthDate);
  const year = v.birthYear.trim();
  return {
    fullName: v.fullName,
    sex: v.sex,
    birthDate: birth === undefined ? v.birthDate : birth,
    birthYear: birth ? null : year ? Number(year) : null,
    personalId: v.personalId.trim() || null,
    ethnicity: v.ethnicity || null,
    nationality: v.nationality,
    religion: v.religion || null,
    occupation: v.occupation.trim() || null,
    bloodGroup: v.bloodGroup || null,
    phones: v.phones
      .split(/[,;]/)
      .map((p) => p.trim())
      .filter(Boolean),
    currentAddress: { unitCode: v.currentUnit, line: v.currentLine.trim() || null },
    permanentAddress: v.samePermanent
      ? null
      : { unitCode: v.permanentPlace.value, line: v.permanentLine.trim() || null },
  };
}

const FIELDS = [
  'fullName',
  'sex',
  'birthDate',
  'birthYear',
  'personalId',
  'ethnicity',
  'nationality',
  'religion',
  'occupation',
  'bloodGroup',
  'phones',
  'currentAddress',
  'permanentAddress',
] as const;

const inputId = (path: string) => `resident-edit-${path.replace(/\./g, '-')}`;

export function ResidentEditDialog({ r, onClose }: { r: ResidentOut; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateResident(r.id);
  const form = useFormErrors(FIELDS);
  const [initial] = useState(() => valuesOf(r));
  const [v, setV] = useState<Values>(initial);
  const ethnicities = useCodeOptions('ethnicity', t('peopleEdit.resident.notGiven'));
  const religions = useCodeOptions('religion', t('peopleEdit.resident.noReligion'));
  const hamlets = useHamletOptions(r.currentAddress.communeCode, t('peopleEdit.household.wholeCommune'));
  const title = t('peopleEdit.resident.title', { name: r.fullName });

  const set = <K extends keyof Values>(key: K, value: Values[K], ...paths: string[]) => {
    setV((s) => ({ ...s, [key]: value }));
    form.clear(key, ...paths);
  };

  const submit = () => {
    form.reset();
    const full = patchOf(v);
    const before = patchOf(initial);
    const checked = residentPatch.safeParse(full);
    const found = checked.success ? {} : clientErrors(t, checked.error.issues);
    // A permanent address anywhere in the country: picked from the list, or the field says so.
    if (!v.samePermanent && !v.permanentPlace.value)
      found['permanentAddress.unitCode'] = t('peopleEdit.errors.place.any');
    if (!checked.success || Object.keys(found).length) {
      form.show(found, inputId);
      return;
    }
    // Only what changed: the audit log names the fields changed, and nothing is rewritten by accident.
    const patch: Record<string, unknown> = {};
    for (const key of Object.keys(full))
      if (JSON.stringify(full[key]) !== JSON.stringify(before[key])) patch[key] = full[key];
    // A birth year alone replaces a date: say so explicitly.
    if ('birthYear' in patch && full.birthDate === null) patch.birthDate = null;
    if (!Object.keys(patch).length) {
      onClose();
      return;
    }
    update.mutate(patch as ResidentPatchInput, {
      onSuccess: (saved) => {
        notifications.show({
          color: 'ytcs',
          message: t('peopleEdit.resident.saved', { name: saved.fullName }),
        });
        notifyWarnings(t, i18n.language, saved.warnings);
        onClose();
      },
      onError: (err) => form.fail(err, inputId),
    });
  };

  const field = (path: string, ...more: string[]) => ({
    id: inputId(path),
    error: errorOf(form.errors, path, ...more),
  });

  return (
    <FormDialog
      title={title}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={update.isPending}
      size="xl"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        <TextInput
          {...field('fullName')}
          label={t('people.fields.fullName')}
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
            <Radio id={inputId('sex')} value="male" label={t('people.sex.male')} />
            <Radio value="female" label={t('people.sex.female')} />
          </Group>
        </Radio.Group>
        <SimpleGrid cols={2} spacing="sm">
          <DateField
            {...field('birthDate')}
            label={t('people.fields.birthDate')}
            value={v.birthDate}
            onChange={(s) => set('birthDate', s, 'birthYear')}
          />
          <TextInput
            {...field('birthYear')}
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
          {...field('personalId')}
          label={t('people.fields.personalId')}
          inputMode="numeric"
          maxLength={12}
          value={v.personalId}
          onChange={(e) => set('personalId', e.currentTarget.value)}
          autoComplete="off"
        />
        <NativeSelect
          {...field('ethnicity')}
          label={t('people.fields.ethnicity')}
          data={ethnicities}
          value={v.ethnicity}
          onChange={(e) => set('ethnicity', e.currentTarget.value)}
        />
        <TextInput
          {...field('nationality')}
          label={t('people.fields.nationality')}
          description={t('peopleEdit.resident.nationalityHint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          maxLength={2}
          value={v.nationality}
          onChange={(e) => set('nationality', e.currentTarget.value.toUpperCase())}
          autoComplete="off"
        />
        <NativeSelect
          {...field('religion')}
          label={t('people.fields.religion')}
          data={religions}
          value={v.religion}
          onChange={(e) => set('religion', e.currentTarget.value)}
        />
        <TextInput
          {...field('occupation')}
          label={t('people.fields.occupation')}
          value={v.occupation}
          onChange={(e) => set('occupation', e.currentTarget.value)}
          autoComplete="off"
        />
        <NativeSelect
          {...field('bloodGroup')}
          label={t('people.fields.bloodGroup')}
          data={[{ value: '', label: t('peopleEdit.resident.unknown') }, ...BLOOD_GROUPS.map((b) => b)]}
          value={v.bloodGroup}
          onChange={(e) => set('bloodGroup', e.currentTarget.value)}
        />
        <TextInput
          {...field('phones', 'phones.0', 'phones.1', 'phones.2', 'phones.3', 'phones.4')}
          label={t('people.fields.phone')}
          description={t('peopleEdit.resident.phonesHint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          type="tel"
          inputMode="tel"
          value={v.phones}
          onChange={(e) =>
            set('phones', e.currentTarget.value, 'phones.0', 'phones.1', 'phones.2', 'phones.3', 'phones.4')
          }
          autoComplete="off"
        />
      </SimpleGrid>

      <Text component="h3" fw={650} fz="md" mt="sm">
        {t('people.fields.currentAddress')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        <NativeSelect
          {...field('currentAddress.unitCode', 'currentAddress')}
          label={t('people.fields.hamlet')}
          description={t('peopleEdit.resident.sameCommuneHint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          data={hamlets}
          value={v.currentUnit}
          onChange={(e) => set('currentUnit', e.currentTarget.value, 'currentAddress.unitCode')}
        />
        <TextInput
          {...field('currentAddress.line')}
          label={t('people.fields.addressLine')}
          value={v.currentLine}
          onChange={(e) => set('currentLine', e.currentTarget.value, 'currentAddress.line')}
          autoComplete="off"
        />
      </SimpleGrid>

      <Text component="h3" fw={650} fz="md" mt="sm">
        {t('people.fields.permanentAddress')}
      </Text>
      <Checkbox
        label={t('people.fields.sameAddress')}
        checked={v.samePermanent}
        onChange={(e) => set('samePermanent', e.currentTarget.checked, 'permanentAddress.unitCode')}
      />
      {!v.samePermanent && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
          <PlaceSearch
            {...field('permanentAddress.unitCode', 'permanentAddress')}
            label={t('peopleEdit.resident.permanentPlace')}
            description={t('peopleEdit.resident.placeHint')}
            value={v.permanentPlace}
            onChange={(p) => set('permanentPlace', p, 'permanentAddress.unitCode')}
            withAsterisk
          />
          <TextInput
            {...field('permanentAddress.line')}
            label={t('people.fields.addressLine')}
            value={v.permanentLine}
            onChange={(e) => set('permanentLine', e.currentTarget.value, 'permanentAddress.line')}
            autoComplete="off"
          />
        </SimpleGrid>
      )}
    </FormDialog>
  );
}
