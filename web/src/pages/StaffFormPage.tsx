import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { staffInput, staffPatch } from '../../../src/modules/network/contracts';
import { ApiError } from '../api/client';
import {
  useCreateStaff,
  useFacilities,
  useHamlets,
  useStaffMember,
  useUnit,
  useUpdateStaff,
} from '../api/queries';
import type { StaffInput, StaffOut, StaffPatch } from '../api/types';
import { can, useUser } from '../auth/session';
import { ErrorState, PageHeader, PageLoader, useErrorMessage } from '../components/common';
import { DateField } from '../components/DateField';
import { IconAlert } from '../components/Icons';
import { UnitBreadcrumbs } from '../components/UnitBreadcrumbs';
import { formatDate, parseDate, todayIso } from '../lib/format';
import { useTitles } from '../lib/titles';
import { CertificatesSection, TrainingsSection } from '../components/workforce/WorkforceSections';
import { useAnnounceUnit, useCurrentUnitCode } from '../lib/units';
import { serverFieldErrors, validate } from '../lib/validation';

const FIELDS = [
  'fullName',
  'sex',
  'birthDate',
  'phone',
  'title',
  'facilityId',
  'hamletId',
  'fullTime',
  'trained',
  'activeFrom',
  'activeTo',
  'postChangedOn',
] as const;
type Field = (typeof FIELDS)[number];

interface Values {
  fullName: string;
  sex: string;
  birthDate: string;
  phone: string;
  title: string;
  facilityId: string;
  hamletId: string;
  fullTime: boolean;
  trained: boolean;
  activeFrom: string;
  activeTo: string;
  /** When editing: the day a change of post took effect (empty: today). */
  postChangedOn: string;
}

/** The fields that make a staff member's post (T1, T2, T12 read the post of each day). */
const POST_FIELDS = ['title', 'facilityId', 'hamletId', 'fullTime', 'trained'] as const;

function valuesOf(staff: StaffOut | undefined, facility: string | null): Values {
  return {
    fullName: staff?.fullName ?? '',
    sex: staff?.sex ?? '',
    birthDate: formatDate(staff?.birthDate),
    phone: staff?.phone ?? '',
    title: staff?.title ?? '',
    facilityId: staff ? (staff.facilityId ?? '') : (facility ?? ''),
    hamletId: staff?.hamletId ?? '',
    fullTime: staff?.fullTime ?? true,
    trained: staff?.trained ?? true,
    activeFrom: formatDate(staff?.activeFrom ?? todayIso()),
    activeTo: formatDate(staff?.activeTo),
    postChangedOn: '',
  };
}

/** Form values → the API's body (dates as ISO, empty as null); unreadable dates are reported apart. */
function payloadOf(values: Values) {
  const dateErrors: Partial<Record<Field, true>> = {};
  const date = (field: 'birthDate' | 'activeFrom' | 'activeTo' | 'postChangedOn') => {
    const parsed = parseDate(values[field]);
    if (parsed === undefined) dateErrors[field] = true;
    return parsed ?? null;
  };
  const payload = {
    fullName: values.fullName,
    sex: values.sex || undefined,
    birthDate: date('birthDate'),
    phone: values.phone.trim() || null,
    title: values.title,
    facilityId: values.facilityId || null,
    hamletId: values.hamletId || null,
    fullTime: values.fullTime,
    trained: values.trained,
    activeFrom: date('activeFrom') ?? '',
    activeTo: date('activeTo'),
  };
  const postChangedOn = values.postChangedOn.trim() ? date('postChangedOn') : null;
  return { payload, dateErrors, postChangedOn };
}

/** The unit a record lives in, from its ltree path: post2025.p22.c06709.h001 → 06709. */
function unitCodeOfPath(path: string): string | undefined {
  const labels = path.split('.').filter((l) => /^[pdc]\d+$/.test(l));
  return labels[labels.length - 1]?.slice(1);
}

export default function StaffFormPage() {
  const { id } = useParams();
  return <StaffFormLoader key={id ?? 'new'} id={id} />;
}

function StaffFormLoader({ id }: { id: string | undefined }) {
  const existing = useStaffMember(id);
  const [params] = useSearchParams();
  const current = useCurrentUnitCode();
  const user = useUser();
  if (id && existing.isPending) return <PageLoader />;
  if (id && existing.isError)
    return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  const unitCode = existing.data
    ? (unitCodeOfPath(existing.data.unitPath) ?? user.unitCode)
    : (params.get('unit') ?? (current || user.unitCode));
  return <StaffForm initial={existing.data} unitCode={unitCode} facilityParam={params.get('facility')} />;
}

function StaffForm({
  initial,
  unitCode,
  facilityParam,
}: {
  initial: StaffOut | undefined;
  unitCode: string;
  facilityParam: string | null;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const errorMessage = useErrorMessage();
  const titles = useTitles();
  const editing = !!initial;
  useAnnounceUnit(unitCode);
  const unit = useUnit(unitCode);
  const facilities = useFacilities(unitCode);
  const start = useMemo(() => valuesOf(initial, facilityParam), [initial, facilityParam]);
  const [values, setValues] = useState<Values>(start);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const create = useCreateStaff();
  const update = useUpdateStaff(initial?.id ?? '');
  const saving = create.isPending || update.isPending;

  const facility = facilities.data?.items.find((f) => f.id === values.facilityId);
  const hamletCommune =
    unit.data?.level === 'commune' ? unitCode : facility ? unitCodeOfPath(facility.unitPath) : undefined;
  const hamletsQuery = useHamlets(hamletCommune && /^\d{5}$/.test(hamletCommune) ? hamletCommune : undefined);
  const today = todayIso();
  const hamletOptions = (hamletsQuery.data?.items ?? [])
    .filter((h) => !h.validTo || h.validTo >= today || h.id === values.hamletId)
    .map((h) => ({ value: h.id, label: h.fullName }));

  const facilityOptions = useMemo(() => {
    const items = facilities.data?.items ?? [];
    const kinds = [...new Set(items.map((f) => f.kind))];
    return kinds.map((kind) => ({
      group: t(`station.kinds.${kind}`),
      items: items.filter((f) => f.kind === kind).map((f) => ({ value: f.id, label: f.name })),
    }));
  }, [facilities.data, t]);

  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field as Field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const back = values.facilityId ? `/stations/${values.facilityId}` : `/units/${unitCode}/staff`;

  const showErrors = (found: Partial<Record<Field, string>>) => {
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) document.getElementById(`staff-${first}`)?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    const { payload, dateErrors, postChangedOn } = payloadOf(values);
    const checked = validate<unknown>(editing ? staffPatch : staffInput, payload, t);
    const found: Partial<Record<Field, string>> = { ...checked.errors };
    for (const field of Object.keys(dateErrors) as Field[]) found[field] = t('errors.invalidDate');
    if (Object.values(found).some(Boolean)) {
      setGeneral(t('form.fixErrors'));
      showErrors(found);
      return;
    }
    const onError = (err: unknown) => {
      const placed = serverFieldErrors(err, FIELDS, t);
      if (Object.keys(placed.errors).length) {
        setGeneral(t('form.fixErrors'));
        showErrors(placed.errors);
      }
      if (placed.unplaced.length || !Object.keys(placed.errors).length)
        setGeneral([errorMessage(err), ...placed.unplaced].join(' '));
    };
    if (editing) {
      const before = payloadOf(start).payload;
      const patch: Record<string, unknown> = Object.fromEntries(
        Object.entries(payload).filter(
          ([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before]),
        ),
      );
      if (postChangedOn && POST_FIELDS.some((f) => f in patch)) patch.postChangedOn = postChangedOn;
      if (!Object.keys(patch).length) {
        navigate(back);
        return;
      }
      update.mutate(patch as StaffPatch, {
        onSuccess: (saved) => {
          notifications.show({ color: 'ytcs', message: t('form.saved', { name: saved.fullName }) });
          navigate(saved.facilityId ? `/stations/${saved.facilityId}` : `/units/${unitCode}/staff`);
        },
        onError,
      });
    } else {
      create.mutate(checked.data as StaffInput, {
        onSuccess: (saved) => {
          notifications.show({ color: 'ytcs', message: t('form.created', { name: saved.fullName }) });
          navigate(saved.facilityId ? `/stations/${saved.facilityId}` : `/units/${unitCode}/staff`);
        },
        onError,
      });
    }
  };

  if (!can(user, 'staff.write'))
    return <ErrorState error={new ApiError({ type: 'forbidden', title: '', status: 403 })} />;

  const input = (field: Field) => ({ id: `staff-${field}`, error: errors[field] });
  const title = editing ? t('form.editTitle') : t('form.newTitle');

  return (
    <Stack gap="lg" maw={920}>
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader title={title} eyebrow={editing ? initial.fullName : undefined} />
      </div>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="lg">
          {general && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {general}
            </Alert>
          )}
          <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
            <Text fw={650} mb="md" component="h2" fz="lg">
              {t('form.person')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
              <TextInput
                {...input('fullName')}
                label={t('form.fullName')}
                value={values.fullName}
                onChange={(e) => set('fullName', e.currentTarget.value)}
                withAsterisk
                autoComplete="off"
                style={{ gridColumn: '1 / -1' }}
              />
              <Radio.Group
                {...input('sex')}
                id={undefined}
                label={t('form.sex')}
                value={values.sex}
                onChange={(v) => set('sex', v)}
                withAsterisk
              >
                <Group gap="xl" mt={8}>
                  <Radio id="staff-sex" value="male" label={t('form.male')} />
                  <Radio value="female" label={t('form.female')} />
                </Group>
              </Radio.Group>
              <DateField
                {...input('birthDate')}
                label={t('form.birthDate')}
                value={values.birthDate}
                onChange={(v) => set('birthDate', v)}
              />
              <TextInput
                {...input('phone')}
                label={t('form.phone')}
                type="tel"
                inputMode="tel"
                autoComplete="off"
                value={values.phone}
                onChange={(e) => set('phone', e.currentTarget.value)}
              />
            </SimpleGrid>
          </Paper>

          <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
            <Text fw={650} mb="md" component="h2" fz="lg">
              {t('form.work')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
              <Select
                {...input('title')}
                label={t('form.title')}
                placeholder={t('form.chooseTitle')}
                data={titles.list.map((c) => ({ value: c.code, label: titles.display(c) }))}
                value={values.title || null}
                onChange={(v) => set('title', v ?? '')}
                searchable
                nothingFoundMessage={t('form.nothingFound')}
                withAsterisk
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                {...input('facilityId')}
                label={t('form.facilityId')}
                placeholder={t('form.chooseFacility')}
                data={facilityOptions}
                value={values.facilityId || null}
                onChange={(v) => {
                  set('facilityId', v ?? '');
                  if (errors.hamletId) setErrors((e) => ({ ...e, hamletId: undefined }));
                }}
                searchable
                clearable
                nothingFoundMessage={t('form.nothingFound')}
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                {...input('hamletId')}
                label={t('form.hamletId')}
                description={t('form.hamletHint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                placeholder={t('form.chooseHamlet')}
                data={hamletOptions}
                value={values.hamletId || null}
                onChange={(v) => set('hamletId', v ?? '')}
                searchable
                clearable
                disabled={!hamletCommune}
                nothingFoundMessage={t('form.nothingFound')}
                comboboxProps={{ withinPortal: true }}
              />
              <Stack gap="sm" justify="center" pt={{ base: 0, sm: 'lg' }}>
                <Checkbox
                  id="staff-fullTime"
                  label={t('form.fullTime')}
                  checked={values.fullTime}
                  onChange={(e) => set('fullTime', e.currentTarget.checked)}
                />
                <Checkbox
                  id="staff-trained"
                  label={t('form.trained')}
                  checked={values.trained}
                  onChange={(e) => set('trained', e.currentTarget.checked)}
                />
              </Stack>
              <DateField
                {...input('activeFrom')}
                label={t('form.activeFrom')}
                value={values.activeFrom}
                onChange={(v) => set('activeFrom', v)}
                withAsterisk
              />
              <DateField
                {...input('activeTo')}
                label={t('form.activeTo')}
                description={t('form.activeToHint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                value={values.activeTo}
                onChange={(v) => set('activeTo', v)}
              />
              {editing && POST_FIELDS.some((f) => values[f] !== start[f]) && (
                <DateField
                  {...input('postChangedOn')}
                  label={t('form.postChangedOn')}
                  description={t('form.postChangedOnHint')}
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                  value={values.postChangedOn}
                  onChange={(v) => set('postChangedOn', v)}
                />
              )}
            </SimpleGrid>
          </Paper>

          <Group justify="flex-end" gap="sm">
            <Button component={Link} to={back} variant="default">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} miw={120}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      {initial && (
        <>
          <CertificatesSection staffId={initial.id} editable={can(user, 'staff.write')} />
          <TrainingsSection staffId={initial.id} editable={can(user, 'staff.write')} />
        </>
      )}
    </Stack>
  );
}
