/**
 * The visit form, built for speed: Enter moves to the next field, Ctrl+Enter saves, a chosen code
 * moves on by itself. Values are kept as the inputs hold them and turned into the server's shape on
 * save; the shared zod schema checks them first, and the server's field errors land on the same paths.
 */
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import {
  ADHERENCE_LEVELS,
  COMPLICATION_CHECKS,
  COMPLICATION_RESULTS,
  visitInput,
  visitUpdate,
  type PaymentOut,
} from '../../../../src/modules/visits/contracts';
import type { StaffOut } from '../../api/types';
import { useStationServices, useVisitPreview, type VisitDetail } from '../../api/visits';
import { PaymentSummary } from './common';
import { formatDate, formatValue, parseDate, todayIso } from '../../lib/format';
import { DateField } from '../DateField';
import { IconPlus, IconX } from '../Icons';
import { serverIssues, zodIssues, type Issue } from '../people/fields';
import { DrugSearch, drugLabel, Icd10Search, NO_CODE, type PickedCode } from './CodeSearch';
import { cardOnVisitDay, paymentToggle } from './payment-choice';
import { PlausibilityAlert, plausibilityErrors } from './plausibility';

interface DxRow extends PickedCode {
  note: string;
}
interface RxRow {
  drug: PickedCode;
  dose: string;
  days: string;
  quantity: string;
}

interface VisitForm {
  visitDate: string;
  clinicianId: string;
  reason: string;
  systolic: string;
  diastolic: string;
  pulse: string;
  temperatureC: string;
  respiration: string;
  spo2: string;
  weightKg: string;
  heightCm: string;
  waistCm: string;
  fastingGlucose: string;
  randomGlucose: string;
  hba1c: string;
  /** Theo dõi bệnh mạn tính: adherence and complications screening ('' = not asked / not done). */
  adherence: '' | Adherence;
  complications: Partial<Record<ComplicationCheck, ComplicationResult>>;
  main: DxRow;
  others: DxRow[];
  services: string[];
  prescriptions: RxRow[];
  advice: string;
  reExaminationDate: string;
  paymentMethod: '' | 'insurance' | 'self_pay';
  correctionReason: string;
}

/** The fields the plausibility rules of a visit read (the vitals and the date). */
const RULE_FIELDS: ReadonlySet<keyof VisitForm> = new Set<keyof VisitForm>([
  'visitDate',
  'systolic',
  'diastolic',
  'pulse',
  'temperatureC',
  'respiration',
  'spo2',
  'weightKg',
  'heightCm',
  'waistCm',
  'fastingGlucose',
  'randomGlucose',
  'hba1c',
]);

type Adherence = (typeof ADHERENCE_LEVELS)[number];
type ComplicationCheck = (typeof COMPLICATION_CHECKS)[number];
type ComplicationResult = (typeof COMPLICATION_RESULTS)[number];

const EMPTY_RX: RxRow = { drug: NO_CODE, dose: '', days: '', quantity: '' };

const str = (n: number | null | undefined) => (n == null ? '' : String(n));

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A form from a visit: the same visit (a correction), or the person's last visit for a follow-up
 * (same diagnoses, services, prescription and advice, the re-examination after the same interval;
 * vitals and reason are new).
 */
export function formFrom(visit: VisitDetail | null, mode: 'edit' | 'followUp'): VisitForm {
  const today = todayIso();
  const base: VisitForm = {
    visitDate: formatDate(today),
    clinicianId: '',
    reason: '',
    systolic: '',
    diastolic: '',
    pulse: '',
    temperatureC: '',
    respiration: '',
    spo2: '',
    weightKg: '',
    heightCm: '',
    waistCm: '',
    fastingGlucose: '',
    randomGlucose: '',
    hba1c: '',
    adherence: '',
    complications: {},
    main: { ...NO_CODE, note: '' },
    others: [],
    services: [],
    prescriptions: [],
    advice: '',
    reExaminationDate: '',
    paymentMethod: '',
    correctionReason: '',
  };
  if (!visit) return base;
  const dx = (d: { code: string; title: string; note: string | null }): DxRow => ({
    code: d.code,
    text: `${d.code} — ${d.title}`,
    note: d.note ?? '',
  });
  const common = {
    main: visit.diagnoses.main ? dx(visit.diagnoses.main) : base.main,
    others: visit.diagnoses.others.map(dx),
    services: visit.services.map((s) => s.code),
    prescriptions: visit.prescriptions.map((p) => ({
      drug: {
        code: p.code,
        text: drugLabel({ code: p.code, name: p.name, strength: p.strength, unit: p.unit }),
      },
      dose: p.dose,
      days: String(p.days),
      quantity: String(p.quantity),
    })),
    advice: visit.advice ?? '',
    clinicianId: visit.clinician.id,
  };
  if (mode === 'followUp') {
    const interval =
      visit.reExaminationDate && visit.reExaminationDate > visit.visitDate
        ? Math.round((Date.parse(visit.reExaminationDate) - Date.parse(visit.visitDate)) / 86_400_000)
        : null;
    return {
      ...base,
      ...common,
      heightCm: str(visit.vitals.heightCm),
      reExaminationDate: interval ? formatDate(addDays(today, interval)) : '',
    };
  }
  return {
    ...base,
    ...common,
    visitDate: formatDate(visit.visitDate),
    reason: visit.reason ?? '',
    systolic: str(visit.vitals.systolic),
    diastolic: str(visit.vitals.diastolic),
    pulse: str(visit.vitals.pulse),
    temperatureC: str(visit.vitals.temperatureC),
    respiration: str(visit.vitals.respiration),
    spo2: str(visit.vitals.spo2),
    weightKg: str(visit.vitals.weightKg),
    heightCm: str(visit.vitals.heightCm),
    waistCm: str(visit.vitals.waistCm),
    fastingGlucose: str(visit.vitals.fastingGlucose),
    randomGlucose: str(visit.vitals.randomGlucose),
    hba1c: str(visit.vitals.hba1c),
    adherence: visit.chronicCare?.adherence ?? '',
    complications: { ...(visit.chronicCare?.complications ?? {}) },
    reExaminationDate: formatDate(visit.reExaminationDate),
    paymentMethod: visit.payment.reason === 'chosen' ? 'self_pay' : '',
  };
}

const num = (text: string): number | null => {
  const v = text.trim().replace(',', '.');
  return v === '' ? null : Number(v);
};
const textOrNull = (text: string) => (text.trim() === '' ? null : text.trim());
const dateOf = (text: string) => {
  const iso = parseDate(text);
  return iso === undefined ? text : iso;
};

/** The form → the server's input (without resident and facility, which the page adds). */
function bodyOf(form: VisitForm) {
  const dx = (d: DxRow) => ({ code: d.code || d.text.trim(), note: textOrNull(d.note) });
  return {
    visitDate: dateOf(form.visitDate) ?? '',
    clinicianId: form.clinicianId,
    reason: textOrNull(form.reason),
    vitals: {
      systolic: num(form.systolic),
      diastolic: num(form.diastolic),
      pulse: num(form.pulse),
      temperatureC: num(form.temperatureC),
      respiration: num(form.respiration),
      spo2: num(form.spo2),
      weightKg: num(form.weightKg),
      heightCm: num(form.heightCm),
      waistCm: num(form.waistCm),
      fastingGlucose: num(form.fastingGlucose),
      randomGlucose: num(form.randomGlucose),
      hba1c: num(form.hba1c),
    },
    diagnoses: {
      main: form.main.code || form.main.text.trim() ? dx(form.main) : null,
      others: form.others.filter((d) => d.code || d.text.trim()).map(dx),
    },
    services: form.services.map((code) => ({ code, quantity: 1 })),
    prescriptions: form.prescriptions
      .filter((p) => p.drug.code || p.drug.text.trim() || p.dose.trim())
      .map((p) => ({
        code: p.drug.code || p.drug.text.trim(),
        dose: p.dose.trim(),
        days: num(p.days) ?? 0,
        quantity: num(p.quantity) ?? 0,
      })),
    advice: textOrNull(form.advice),
    reExaminationDate: form.reExaminationDate.trim() ? dateOf(form.reExaminationDate) : null,
    chronicCare:
      form.adherence || Object.keys(form.complications).length
        ? { adherence: form.adherence || null, complications: form.complications }
        : null,
    ...(form.paymentMethod ? { paymentMethod: form.paymentMethod } : {}),
  };
}

/** BMI from the inputs, one decimal (the server derives its own on save). */
export function bmiOf(weight: string, height: string): string {
  const w = num(weight);
  const h = num(height);
  if (!w || !h || Number.isNaN(w) || Number.isNaN(h)) return '';
  return formatValue(w / (h / 100) ** 2, 1);
}

function focusables(form: HTMLFormElement): HTMLElement[] {
  return [
    ...form.querySelectorAll<HTMLElement>(
      'input:not([type=hidden]):not([disabled]):not([tabindex="-1"]), textarea:not([disabled]), button[data-next]',
    ),
  ].filter((el) => el.offsetParent !== null && !el.hasAttribute('readonly'));
}

export function VisitEditor({
  initial,
  facilityId,
  clinicians,
  mode,
  saving,
  error,
  onSave,
  onCancel,
  autoFocusFirst,
  header,
  residentId,
  insuredToday,
  savedPayment,
}: {
  initial: VisitForm;
  facilityId: string;
  clinicians: StaffOut[];
  /** `new`: a visit to record; `draft`: a saved draft; `correct`: a finished visit (reason required). */
  mode: 'new' | 'draft' | 'correct';
  saving: boolean;
  /** The last save's error (its field errors are shown next to the fields). */
  error: unknown;
  onSave: (body: ReturnType<typeof bodyOf> & { correctionReason?: string | null }, finish: boolean) => void;
  onCancel?: () => void;
  autoFocusFirst?: boolean;
  header?: ReactNode;
  /** The patient of a new visit: the form then shows the payment estimate as it is typed. */
  residentId?: string;
  /** Whether the patient has a card valid today (the payment toggle's guess before the estimate). */
  insuredToday?: boolean;
  /** The saved visit's payment, when correcting one (whether its date had a valid card). */
  savedPayment?: Pick<PaymentOut, 'reason' | 'card'>;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<VisitForm>(initial);
  const [clientIssues, setClientIssues] = useState<Issue[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const visitDay = parseDate(form.visitDate) ?? todayIso();
  const stationServices = useStationServices(facilityId, visitDay);
  // The payment estimate follows the form, half a second after the last keystroke.
  const [typed] = useDebouncedValue(form, 500);
  const previewBody = useMemo(() => {
    if (!residentId) return null;
    const parsed = visitInput.safeParse({ ...bodyOf(typed), residentId, facilityId, finish: true });
    return parsed.success ? parsed.data : null;
  }, [typed, residentId, facilityId]);
  const preview = useVisitPreview(previewBody);
  // The toggle follows the person's card on the visit date: never "BHYT" without a valid card.
  const card = cardOnVisitDay(preview.data?.payment ?? savedPayment, insuredToday, visitDay === todayIso());
  const toggle = paymentToggle(form.paymentMethod, card);

  useEffect(() => {
    if (autoFocusFirst) firstRef.current?.focus();
  }, [autoFocusFirst]);
  useEffect(() => {
    if (!form.clinicianId && clinicians[0]) setForm((f) => ({ ...f, clinicianId: clinicians[0]!.id }));
  }, [clinicians, form.clinicianId]);

  const issues = useMemo(
    () => (clientIssues.length ? clientIssues : serverIssues(error)),
    [clientIssues, error],
  );
  // An impossible value (plausibility rules): the server's message names the rule and its limit.
  const ruleErrors = useMemo(
    () => (clientIssues.length ? new Map() : plausibilityErrors(error)),
    [clientIssues, error],
  );
  // A rule's message quotes the values typed: once a vital or the date changes, the next save judges.
  const [ruleErrorsStale, setRuleErrorsStale] = useState(false);
  useEffect(() => setRuleErrorsStale(false), [error]);
  const err = (path: string): string | undefined => {
    const own = ruleErrors.get(path);
    if (own) return ruleErrorsStale ? undefined : own;
    const issue = issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
    return issue
      ? t([`visits.errors.${issue.code}`, `people.errors.code.${issue.code}`, 'errors.invalid'])
      : undefined;
  };
  const set = <K extends keyof VisitForm>(key: K, value: VisitForm[K]) => {
    if (RULE_FIELDS.has(key)) setRuleErrorsStale(true);
    setForm((f) => ({ ...f, [key]: value }));
  };

  const serviceOptions = useMemo(() => {
    const all = stationServices.data?.services ?? [];
    const able = all.filter((s) => s.able);
    const list = able.length ? able : all;
    const options = list.map((s) => ({ value: s.code, label: `${s.name} · ${s.code}` }));
    for (const code of form.services)
      if (!options.some((o) => o.value === code)) options.push({ value: code, label: code });
    return options;
  }, [stationServices.data, form.services]);

  const focusNext = (from: HTMLElement | null) => {
    const el = formRef.current;
    if (!el || !from) return;
    const list = focusables(el);
    const index = list.indexOf(from);
    list[index + 1]?.focus();
  };

  const submit = (finish: boolean) => {
    const body = bodyOf(form);
    const correctionReason = mode === 'correct' ? textOrNull(form.correctionReason) : undefined;
    const schema =
      mode === 'new'
        ? visitInput.omit({ residentId: true, facilityId: true })
        : visitUpdate.omit({ baseVersion: true });
    const checked = schema.safeParse({
      ...body,
      ...(mode === 'correct' ? { correctionReason } : {}),
      finish,
    });
    const local = checked.success ? [] : zodIssues(checked.error.issues);
    if (mode === 'correct' && !correctionReason) local.push({ path: 'correctionReason', code: 'required' });
    setClientIssues(local);
    if (local.length) return;
    onSave({ ...body, ...(mode === 'correct' ? { correctionReason } : {}) }, finish);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter') return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      submit(true);
      return;
    }
    const target = event.target as HTMLElement;
    if (event.defaultPrevented || target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON') return;
    event.preventDefault();
    focusNext(target);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(true);
  };

  const bmi = bmiOf(form.weightKg, form.heightCm);
  const dxRow = (
    row: DxRow,
    onChange: (row: DxRow) => void,
    label: string,
    path: string,
    remove?: () => void,
  ) => (
    <Group align="flex-start" gap="sm" wrap="wrap">
      <Box style={{ flex: '2 1 260px' }}>
        <Icd10Search
          label={label}
          on={visitDay}
          value={row}
          onChange={(v) => onChange({ ...row, ...v })}
          onPicked={() => setTimeout(() => focusNext(document.activeElement as HTMLElement), 0)}
          error={
            err(`${path}.code`) ??
            (row.text.trim() && !row.code ? t('visits.form.chooseFromList') : undefined)
          }
          placeholder={t('visits.form.icdPlaceholder')}
        />
      </Box>
      <TextInput
        style={{ flex: '1 1 200px' }}
        label={t('visits.fields.diagnosisNote')}
        value={row.note}
        onChange={(e) => onChange({ ...row, note: e.currentTarget.value })}
        error={err(`${path}.note`)}
      />
      {remove && (
        <ActionIcon
          variant="subtle"
          color="gray"
          mt={28}
          onClick={remove}
          aria-label={t('visits.form.remove')}
        >
          <IconX size={16} />
        </ActionIcon>
      )}
    </Group>
  );

  const unknownError = issues.length === 0 && error ? error : null;

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
      noValidate
      aria-label={t('visits.form.title')}
    >
      <Stack gap="md">
        {header}
        <Text size="sm" c="dimmed">
          {t('visits.form.keyboardHint')}
        </Text>
        {issues.length > 0 && (
          <Alert color="red" variant="light" role="alert">
            {t('visits.form.fixErrors', { count: issues.length })}
          </Alert>
        )}
        {unknownError != null && (
          <Alert color="red" variant="light" role="alert">
            {unknownError instanceof Error ? unknownError.message : t('errors.generic')}
          </Alert>
        )}

        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <DateField
              label={t('visits.fields.visitDate')}
              value={form.visitDate}
              onChange={(v) => set('visitDate', v)}
              error={err('visitDate')}
            />
            <Select
              label={t('visits.fields.clinician')}
              data={clinicians.map((c) => ({ value: c.id, label: c.fullName }))}
              value={form.clinicianId || null}
              onChange={(v) => set('clinicianId', v ?? '')}
              error={err('clinicianId')}
              allowDeselect={false}
              searchable
            />
            <Box>
              <Text size="sm" fw={500} mb={4}>
                {t('visits.payment.method')}
              </Text>
              <SegmentedControl
                fullWidth
                value={toggle.value}
                onChange={(v) => set('paymentMethod', v === 'self_pay' ? 'self_pay' : '')}
                data={[
                  {
                    value: 'insurance',
                    label: t('visits.payment.methods.insurance'),
                    disabled: !toggle.insuranceAvailable,
                  },
                  { value: 'self_pay', label: t('visits.payment.methods.self_pay') },
                ]}
                aria-label={t('visits.payment.method')}
              />
              {!toggle.insuranceAvailable && (
                <Text size="xs" c="dimmed" mt={4}>
                  {t('indicatorsUi.payment.noCard')}
                </Text>
              )}
            </Box>
          </SimpleGrid>
          <TextInput
            mt="sm"
            label={t('visits.fields.reason')}
            value={form.reason}
            onChange={(e) => set('reason', e.currentTarget.value)}
            error={err('reason')}
          />
        </Paper>

        <Paper withBorder p="md">
          <Title order={2} fz="lg" mb="sm">
            {t('visits.form.vitals')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="sm">
            <TextInput
              ref={firstRef}
              label={t('visits.fields.systolic')}
              inputMode="numeric"
              value={form.systolic}
              onChange={(e) => set('systolic', e.currentTarget.value)}
              error={err('vitals.systolic')}
            />
            <TextInput
              label={t('visits.fields.diastolic')}
              inputMode="numeric"
              value={form.diastolic}
              onChange={(e) => set('diastolic', e.currentTarget.value)}
              error={err('vitals.diastolic')}
            />
            <TextInput
              label={t('visits.fields.pulse')}
              inputMode="numeric"
              value={form.pulse}
              onChange={(e) => set('pulse', e.currentTarget.value)}
              error={err('vitals.pulse')}
            />
            <TextInput
              label={t('visits.fields.temperatureC')}
              inputMode="decimal"
              value={form.temperatureC}
              onChange={(e) => set('temperatureC', e.currentTarget.value)}
              error={err('vitals.temperatureC')}
            />
            <TextInput
              label={t('plausibility.fields.respiration')}
              inputMode="numeric"
              value={form.respiration}
              onChange={(e) => set('respiration', e.currentTarget.value)}
              error={err('vitals.respiration')}
            />
            <TextInput
              label={t('plausibility.fields.spo2')}
              inputMode="numeric"
              value={form.spo2}
              onChange={(e) => set('spo2', e.currentTarget.value)}
              error={err('vitals.spo2')}
            />
            <TextInput
              label={t('visits.fields.weightKg')}
              inputMode="decimal"
              value={form.weightKg}
              onChange={(e) => set('weightKg', e.currentTarget.value)}
              error={err('vitals.weightKg')}
            />
            <TextInput
              label={t('visits.fields.heightCm')}
              inputMode="decimal"
              value={form.heightCm}
              onChange={(e) => set('heightCm', e.currentTarget.value)}
              error={err('vitals.heightCm')}
            />
            <TextInput label={t('visits.fields.bmi')} value={bmi} readOnly tabIndex={-1} variant="filled" />
            <TextInput
              label={t('visits.fields.waistCm')}
              inputMode="decimal"
              value={form.waistCm}
              onChange={(e) => set('waistCm', e.currentTarget.value)}
              error={err('vitals.waistCm')}
            />
            <TextInput
              label={t('visits.fields.fastingGlucose')}
              inputMode="decimal"
              value={form.fastingGlucose}
              onChange={(e) => set('fastingGlucose', e.currentTarget.value)}
              error={err('vitals.fastingGlucose')}
            />
            <TextInput
              label={t('visits.fields.randomGlucose')}
              inputMode="decimal"
              value={form.randomGlucose}
              onChange={(e) => set('randomGlucose', e.currentTarget.value)}
              error={err('vitals.randomGlucose')}
            />
            <TextInput
              label={t('visits.fields.hba1c')}
              inputMode="decimal"
              value={form.hba1c}
              onChange={(e) => set('hba1c', e.currentTarget.value)}
              error={err('vitals.hba1c')}
            />
          </SimpleGrid>
          <PlausibilityAlert warnings={preview.data?.warnings} />
        </Paper>

        <Paper withBorder p="md">
          <Title order={2} fz="lg" mb="sm">
            {t('visits.form.chronicCare')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            <Select
              label={t('visits.fields.adherence')}
              clearable
              data={ADHERENCE_LEVELS.map((a) => ({ value: a, label: t(`visits.adherence.${a}`) }))}
              value={form.adherence || null}
              onChange={(v) => set('adherence', (v ?? '') as VisitForm['adherence'])}
              error={err('chronicCare.adherence')}
            />
            {COMPLICATION_CHECKS.map((check) => (
              <Select
                key={check}
                label={t(`visits.complications.${check}`)}
                clearable
                placeholder={t('visits.complicationResults.notDone')}
                data={COMPLICATION_RESULTS.map((r) => ({
                  value: r,
                  label: t(`visits.complicationResults.${r}`),
                }))}
                value={form.complications[check] ?? null}
                onChange={(v) => {
                  const next = { ...form.complications };
                  if (v) next[check] = v as ComplicationResult;
                  else delete next[check];
                  set('complications', next);
                }}
                error={err(`chronicCare.complications.${check}`)}
              />
            ))}
          </SimpleGrid>
        </Paper>

        <Paper withBorder p="md">
          <Title order={2} fz="lg" mb="sm">
            {t('visits.form.diagnoses')}
          </Title>
          <Stack gap="sm">
            {dxRow(form.main, (row) => set('main', row), t('visits.fields.mainDiagnosis'), 'diagnoses.main')}
            {form.others.map((row, i) => (
              <Box key={i}>
                {dxRow(
                  row,
                  (next) =>
                    set(
                      'others',
                      form.others.map((r, j) => (j === i ? next : r)),
                    ),
                  t('visits.fields.otherDiagnosis', { n: i + 1 }),
                  `diagnoses.others.${i}`,
                  () =>
                    set(
                      'others',
                      form.others.filter((_, j) => j !== i),
                    ),
                )}
              </Box>
            ))}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => set('others', [...form.others, { ...NO_CODE, note: '' }])}
              >
                {t('visits.form.addOther')}
              </Button>
            </Group>
          </Stack>
        </Paper>

        <Paper withBorder p="md">
          <MultiSelect
            label={t('visits.form.services')}
            description={t('visits.form.servicesHint')}
            data={serviceOptions}
            value={form.services}
            onChange={(v) => set('services', v)}
            searchable
            error={err('services')}
            nothingFoundMessage={t('visits.form.nothingFound')}
          />
        </Paper>

        <Paper withBorder p="md">
          <Title order={2} fz="lg" mb="sm">
            {t('visits.form.prescription')}
          </Title>
          <Stack gap="sm">
            {form.prescriptions.map((row, i) => {
              const setRow = (next: RxRow) =>
                set(
                  'prescriptions',
                  form.prescriptions.map((r, j) => (j === i ? next : r)),
                );
              const path = `prescriptions.${i}`;
              return (
                <Group
                  key={i}
                  align="flex-start"
                  gap="sm"
                  wrap="wrap"
                  role="group"
                  aria-label={t('visits.form.rxLine', { n: i + 1 })}
                >
                  <Box style={{ flex: '3 1 260px' }}>
                    <DrugSearch
                      label={t('visits.fields.drug')}
                      on={visitDay}
                      value={row.drug}
                      onChange={(drug) => setRow({ ...row, drug })}
                      onPicked={() => setTimeout(() => focusNext(document.activeElement as HTMLElement), 0)}
                      error={
                        err(`${path}.code`) ??
                        (row.drug.text.trim() && !row.drug.code ? t('visits.form.chooseFromList') : undefined)
                      }
                    />
                  </Box>
                  <TextInput
                    style={{ flex: '3 1 200px' }}
                    label={t('visits.fields.dose')}
                    value={row.dose}
                    onChange={(e) => setRow({ ...row, dose: e.currentTarget.value })}
                    error={err(`${path}.dose`)}
                  />
                  <TextInput
                    style={{ flex: '1 1 70px' }}
                    label={t('visits.fields.days')}
                    inputMode="numeric"
                    value={row.days}
                    onChange={(e) => setRow({ ...row, days: e.currentTarget.value })}
                    error={err(`${path}.days`)}
                  />
                  <TextInput
                    style={{ flex: '1 1 80px' }}
                    label={t('visits.fields.quantity')}
                    inputMode="decimal"
                    value={row.quantity}
                    onChange={(e) => setRow({ ...row, quantity: e.currentTarget.value })}
                    error={err(`${path}.quantity`)}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    mt={28}
                    onClick={() =>
                      set(
                        'prescriptions',
                        form.prescriptions.filter((_, j) => j !== i),
                      )
                    }
                    aria-label={t('visits.form.remove')}
                  >
                    <IconX size={16} />
                  </ActionIcon>
                </Group>
              );
            })}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => set('prescriptions', [...form.prescriptions, { ...EMPTY_RX }])}
              >
                {t('visits.form.addDrug')}
              </Button>
            </Group>
          </Stack>
        </Paper>

        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Box style={{ gridColumn: 'span 2' }}>
              <Textarea
                label={t('visits.fields.advice')}
                autosize
                minRows={1}
                value={form.advice}
                onChange={(e) => set('advice', e.currentTarget.value)}
                error={err('advice')}
              />
            </Box>
            <DateField
              label={t('visits.fields.reExaminationDate')}
              value={form.reExaminationDate}
              onChange={(v) => set('reExaminationDate', v)}
              error={err('reExaminationDate')}
            />
          </SimpleGrid>
          {mode === 'correct' && (
            <TextInput
              mt="sm"
              label={t('visits.fields.correctionReason')}
              withAsterisk
              value={form.correctionReason}
              onChange={(e) => set('correctionReason', e.currentTarget.value)}
              error={err('correctionReason')}
            />
          )}
        </Paper>

        {preview.data && (
          <Paper withBorder p="md" aria-live="polite">
            <Title order={2} fz="lg" mb="sm">
              {t('visits.form.estimate')}
            </Title>
            <PaymentSummary payment={preview.data.payment} />
          </Paper>
        )}

        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          {mode !== 'correct' && (
            <Button variant="default" loading={saving} onClick={() => submit(false)}>
              {t('visits.form.saveDraft')}
            </Button>
          )}
          <Button type="submit" loading={saving}>
            {mode === 'correct' ? t('visits.form.saveCorrection') : t('visits.form.saveFinished')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
