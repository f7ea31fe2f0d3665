import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { householdInput } from '../../../../src/modules/people/contracts';
import { ApiError } from '../../api/client';
import { useCreateHousehold, type HouseholdInput } from '../../api/people';
import { useCodes, useHamlets, useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import { ErrorState, PageHeader, useErrorMessage } from '../../components/common';
import { DateField } from '../../components/DateField';
import { IconAlert, IconPlus, IconX } from '../../components/Icons';
import { warningNotes } from '../../components/people/editing';
import { isSavedOnDevice } from '../../offline/device-state';
import { issuesUnder, serverIssues, zodIssues, type Issue } from '../../components/people/fields';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { parseDate, todayIso } from '../../lib/format';
import { useAnnounceUnit } from '../../lib/units';

interface Member {
  fullName: string;
  sex: string;
  birthDate: string;
  birthYear: string;
  personalId: string;
  relationToHead: string;
  phone: string;
  withCard: boolean;
  cardCode: string;
  cardValidFrom: string;
  cardValidTo: string;
  cardFacility: string;
}

const emptyMember = (relation: string): Member => ({
  fullName: '',
  sex: '',
  birthDate: '',
  birthYear: '',
  personalId: '',
  relationToHead: relation,
  phone: '',
  withCard: false,
  cardCode: '',
  cardValidFrom: '',
  cardValidTo: '',
  cardFacility: '',
});

/** The ids of the inputs, so that the first error can take the focus: `members.1.fullName` → `hh-members-1-fullName`. */
const inputId = (path: string) => `hh-${path.replace(/\./g, '-')}`;

function cardOf(m: Member) {
  return {
    code: m.cardCode.trim(),
    validFrom: parseDate(m.cardValidFrom) ?? m.cardValidFrom.trim(),
    validTo: parseDate(m.cardValidTo) ?? (m.cardValidTo.trim() || null),
    registeredFacilityCode: m.cardFacility.trim() || null,
  };
}

/** Registers a household with its head, further members and their cards in one request. */
export default function HouseholdFormPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const errorMessage = useErrorMessage();
  const [params] = useSearchParams();
  const unitParam = params.get('unit') ?? user.unitCode;
  const commune = /^\d{5}/.test(unitParam) ? unitParam.slice(0, 5) : undefined;
  useAnnounceUnit(commune);
  const unit = useUnit(commune);
  const hamlets = useHamlets(commune);
  const relations = useCodes('relation-to-head');
  const create = useCreateHousehold();
  const [place, setPlace] = useState(/^\d{5}-\d{3}$/.test(unitParam) ? unitParam : '');
  const [addressLine, setAddressLine] = useState('');
  const [code, setCode] = useState('');
  const [members, setMembers] = useState<Member[]>([emptyMember('head')]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const title = t('people.household.new');
  const english = i18n.language === 'en';

  const today = todayIso();
  const hamletOptions = [
    { value: '', label: t('people.household.chooseHamlet') },
    ...(hamlets.data?.items ?? [])
      .filter((h) => !h.validTo || h.validTo >= today)
      .map((h) => ({ value: h.code, label: h.fullName })),
  ];
  const relationOptions = (relations.data ?? []).map((c) => ({
    value: c.code,
    label: english ? c.displayEn : c.displayVi,
  }));

  const clear = (path: string) => {
    if (errors[path]) setErrors((e) => ({ ...e, [path]: '' }));
  };
  const setMember = <K extends keyof Member>(index: number, field: K, value: Member[K]) => {
    setMembers((ms) => ms.map((m, i) => (i === index ? { ...m, [field]: value } : m)));
    clear(`members.${index}.${field}`);
  };

  const show = (found: Record<string, string>, message: string) => {
    setErrors(found);
    setGeneral(message);
    const first = Object.keys(found).find((k) => found[k]);
    if (first) document.getElementById(inputId(first))?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    const found: Record<string, string> = {};
    const payloadMembers = members.map((m, i) => {
      const birth = parseDate(m.birthDate);
      if (birth === undefined) found[`members.${i}.birthDate`] = t('errors.invalidDate');
      const year = m.birthYear.trim() ? Number(m.birthYear.trim()) : null;
      return {
        fullName: m.fullName,
        sex: m.sex || undefined,
        birthDate: birth ?? null,
        birthYear: birth ? null : year,
        personalId: m.personalId.trim() || null,
        relationToHead: m.relationToHead,
        phones: m.phone.trim() ? [m.phone.trim()] : [],
        ...(m.withCard ? { card: cardOf(m) } : {}),
      };
    });
    const payload = {
      unitCode: place || commune || '',
      addressLine: addressLine.trim() || null,
      code: code.trim() || null,
      members: payloadMembers,
    };
    const checked = householdInput.safeParse(payload);
    const issues: Issue[] = checked.success ? [] : zodIssues(checked.error.issues);
    const placed = issuesUnder(t, issues, '');
    for (const [path, message] of Object.entries(placed.errors)) found[path] ??= message;
    if (found.members) found['members.0.relationToHead'] ??= found.members;
    if (Object.values(found).some(Boolean) || !checked.success) {
      show(found, t('form.fixErrors'));
      return;
    }

    setSaving(true);
    try {
      // The members' cards travel with the household: stored together, or nothing is.
      const saved = await create.mutateAsync(checked.data as HouseholdInput);
      // No network: the household and its members went to this device's outbox (web/src/offline/writes.ts).
      if (isSavedOnDevice(saved)) {
        notifications.show({ color: 'ytcs', message: t('offline.device.savedHousehold') });
        navigate('/offline');
        return;
      }
      // Likely duplicates and values the plausibility rules find unusual (an age over 100).
      const notes: string[] = warningNotes(t, i18n.language, saved.warnings);
      notifications.show({ color: 'ytcs', message: t('people.household.created') });
      navigate(`/households/${saved.id}`, { state: { notes } });
    } catch (err) {
      const fromServer = issuesUnder(t, serverIssues(err), '');
      if (Object.keys(fromServer.errors).length) show(fromServer.errors, t('form.fixErrors'));
      else setGeneral(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  if (!can(user, 'person.write'))
    return <ErrorState error={new ApiError({ type: 'forbidden', title: '', status: 403 })} />;

  const field = (path: string) => ({ id: inputId(path), error: errors[path] || undefined });

  return (
    <Stack gap="lg" maw={980}>
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader title={title} description={t('people.household.formHint')} />
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
        <Stack gap="lg">
          {general && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {general}
            </Alert>
          )}
          <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
            <Text fw={650} mb="md" component="h2" fz="lg">
              {t('people.household.addressTitle')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
              <NativeSelect
                {...field('unitCode')}
                label={t('people.fields.hamlet')}
                data={hamletOptions}
                value={place}
                onChange={(e) => {
                  setPlace(e.currentTarget.value);
                  clear('unitCode');
                }}
              />
              <TextInput
                {...field('addressLine')}
                label={t('people.fields.addressLine')}
                value={addressLine}
                onChange={(e) => {
                  setAddressLine(e.currentTarget.value);
                  clear('addressLine');
                }}
                autoComplete="off"
              />
              <TextInput
                {...field('code')}
                label={t('people.household.code')}
                description={t('people.household.codeHint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                value={code}
                onChange={(e) => {
                  setCode(e.currentTarget.value);
                  clear('code');
                }}
                autoComplete="off"
              />
            </SimpleGrid>
          </Paper>

          {members.map((m, i) => {
            const p = `members.${i}`;
            const legend = t('people.household.memberN', { n: i + 1 });
            return (
              <Paper
                key={i}
                withBorder
                p={{ base: 'md', sm: 'xl' }}
                role="group"
                aria-labelledby={inputId(`${p}.legend`)}
              >
                <Group justify="space-between" mb="md">
                  <Text component="h2" fw={650} fz="lg" id={inputId(`${p}.legend`)}>
                    {legend}
                  </Text>
                  {i > 0 && (
                    <Button
                      variant="subtle"
                      color="red"
                      size="xs"
                      leftSection={<IconX size={14} />}
                      onClick={() => {
                        setMembers((ms) => ms.filter((_, j) => j !== i));
                        setErrors({});
                      }}
                      aria-label={t('people.household.removeMember', { n: i + 1 })}
                    >
                      {t('people.record.remove')}
                    </Button>
                  )}
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
                  <TextInput
                    {...field(`${p}.fullName`)}
                    label={t('people.fields.fullName')}
                    value={m.fullName}
                    onChange={(e) => setMember(i, 'fullName', e.currentTarget.value)}
                    withAsterisk
                    autoComplete="off"
                  />
                  <NativeSelect
                    {...field(`${p}.relationToHead`)}
                    label={t('people.fields.relationToHead')}
                    data={relationOptions.length ? relationOptions : [{ value: 'head', label: '…' }]}
                    value={m.relationToHead}
                    onChange={(e) => setMember(i, 'relationToHead', e.currentTarget.value)}
                    withAsterisk
                  />
                  <Radio.Group
                    error={errors[`${p}.sex`] || undefined}
                    label={t('people.fields.sex')}
                    value={m.sex}
                    onChange={(v) => setMember(i, 'sex', v)}
                    withAsterisk
                  >
                    <Group gap="xl" mt={8}>
                      <Radio id={inputId(`${p}.sex`)} value="male" label={t('people.sex.male')} />
                      <Radio value="female" label={t('people.sex.female')} />
                    </Group>
                  </Radio.Group>
                  <SimpleGrid cols={2} spacing="sm">
                    <DateField
                      {...field(`${p}.birthDate`)}
                      label={t('people.fields.birthDate')}
                      value={m.birthDate}
                      onChange={(v) => setMember(i, 'birthDate', v)}
                    />
                    <TextInput
                      {...field(`${p}.birthYear`)}
                      label={t('people.fields.birthYear')}
                      description={t('people.fields.birthYearHint')}
                      inputWrapperOrder={['label', 'input', 'description', 'error']}
                      inputMode="numeric"
                      maxLength={4}
                      value={m.birthYear}
                      onChange={(e) => setMember(i, 'birthYear', e.currentTarget.value)}
                      autoComplete="off"
                    />
                  </SimpleGrid>
                  <TextInput
                    {...field(`${p}.personalId`)}
                    label={t('people.fields.personalId')}
                    inputMode="numeric"
                    maxLength={12}
                    value={m.personalId}
                    onChange={(e) => setMember(i, 'personalId', e.currentTarget.value)}
                    autoComplete="off"
                  />
                  <TextInput
                    {...field(`${p}.phones`)}
                    label={t('people.fields.phone')}
                    type="tel"
                    inputMode="tel"
                    value={m.phone}
                    onChange={(e) => {
                      setMember(i, 'phone', e.currentTarget.value);
                      clear(`${p}.phones.0`);
                    }}
                    error={errors[`${p}.phones`] || errors[`${p}.phones.0`] || undefined}
                    autoComplete="off"
                  />
                </SimpleGrid>
                <Button
                  variant="subtle"
                  size="sm"
                  mt="md"
                  px={0}
                  onClick={() => setMember(i, 'withCard', !m.withCard)}
                  aria-expanded={m.withCard}
                  leftSection={m.withCard ? <IconX size={14} /> : <IconPlus size={14} />}
                >
                  {m.withCard ? t('people.household.withoutCard') : t('people.household.addCard')}
                </Button>
                {m.withCard && (
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md" mt="sm">
                    <TextInput
                      {...field(`${p}.card.code`)}
                      label={t('people.card.code')}
                      description={t('people.card.codeHint')}
                      inputWrapperOrder={['label', 'input', 'description', 'error']}
                      value={m.cardCode}
                      onChange={(e) => setMember(i, 'cardCode', e.currentTarget.value)}
                      autoComplete="off"
                      withAsterisk
                    />
                    <TextInput
                      {...field(`${p}.card.registeredFacilityCode`)}
                      label={t('people.card.facility')}
                      value={m.cardFacility}
                      onChange={(e) => setMember(i, 'cardFacility', e.currentTarget.value)}
                      autoComplete="off"
                    />
                    <DateField
                      {...field(`${p}.card.validFrom`)}
                      label={t('people.card.validFrom')}
                      value={m.cardValidFrom}
                      onChange={(v) => setMember(i, 'cardValidFrom', v)}
                      withAsterisk
                    />
                    <DateField
                      {...field(`${p}.card.validTo`)}
                      label={t('people.card.validTo')}
                      value={m.cardValidTo}
                      onChange={(v) => setMember(i, 'cardValidTo', v)}
                    />
                  </SimpleGrid>
                )}
              </Paper>
            );
          })}

          <Group justify="space-between" gap="sm">
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => setMembers((ms) => [...ms, emptyMember(ms.length ? 'spouse' : 'head')])}
              disabled={members.length >= 40}
            >
              {t('people.household.addMember')}
            </Button>
            <Group gap="sm">
              <Button component={Link} to={commune ? `/units/${commune}/households` : '/'} variant="default">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={saving} miw={120}>
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
