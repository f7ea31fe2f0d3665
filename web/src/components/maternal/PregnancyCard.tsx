import {
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Timeline,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  OUTCOMES,
  DELIVERY_PLACES,
  URINE_PROTEIN,
  usePregnancies,
  useRecordAntenatal,
  useRecordOutcome,
  useRecordPostnatal,
  useRegisterPregnancy,
  type PregnancyOut,
} from '../../api/maternal';
import { useStaffList } from '../../api/queries';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { EmptyNote, ErrorState, PageLoader, SectionTitle } from '../common';
import { DateField } from '../DateField';
import { FormButtons, useFieldErrors } from './forms';
import { Fact } from '../people/common';
import { useStations } from '../visits/common';

const RISK_COLOR = { normal: 'ytcs', watch: 'amber', high: 'red' } as const;
/** The last day after a birth a postnatal contact is taken (the schedule's second window, day 42–49). */
const POSTNATAL_WINDOW_DAYS = 49;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const RISK_FACTORS_TICKED = [
  'previous_caesarean',
  'previous_stillbirth',
  'previous_haemorrhage',
  'hypertension',
  'diabetes',
  'heart_disease',
  'multiple_pregnancy',
  'bleeding',
] as const;

/**
 * The pregnancy card (phiếu quản lý thai) on a woman's profile: the pregnancy under way with its EDD,
 * gestation, risk and the timeline of antenatal contacts; registration, an antenatal contact and the
 * outcome from here; earlier pregnancies below.
 */
export function PregnancyCard({
  residentId,
  communeCode,
  writable,
}: {
  residentId: string;
  communeCode: string;
  writable: boolean;
}) {
  const { t } = useTranslation();
  const list = usePregnancies(residentId);
  const [form, setForm] = useState<'register' | 'antenatal' | 'outcome' | 'postnatal' | null>(null);
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const current = list.data.find((p) => !p.endedOn);
  const past = list.data.filter((p) => p.endedOn);
  // Postnatal care (chăm sóc sau sinh) follows a birth until the schedule's last window closes (day 49).
  const afterBirth = past.find(
    (p) =>
      (p.outcome === 'live_birth' || p.outcome === 'stillbirth') &&
      daysBetween(p.endedOn!, todayIso()) <= POSTNATAL_WINDOW_DAYS,
  );
  return (
    <Stack gap="lg">
      {current ? <PregnancyPanel p={current} /> : <EmptyNote>{t('maternal.pregnancy.none')}</EmptyNote>}
      {writable && (
        <Group gap="xs">
          {!current && (
            <Button onClick={() => setForm('register')}>{t('maternal.pregnancy.register')}</Button>
          )}
          {current && <Button onClick={() => setForm('antenatal')}>{t('maternal.antenatal.record')}</Button>}
          {current && (
            <Button variant="default" onClick={() => setForm('outcome')}>
              {t('maternal.outcome.record')}
            </Button>
          )}
          {!current && afterBirth && (
            <Button onClick={() => setForm('postnatal')}>{t('maternal.postnatal.record')}</Button>
          )}
        </Group>
      )}
      {form === 'register' && <RegisterForm residentId={residentId} onDone={() => setForm(null)} />}
      {form === 'antenatal' && current && (
        <AntenatalForm
          residentId={residentId}
          communeCode={communeCode}
          p={current}
          onDone={() => setForm(null)}
        />
      )}
      {form === 'outcome' && current && (
        <OutcomeForm residentId={residentId} p={current} onDone={() => setForm(null)} />
      )}
      {form === 'postnatal' && afterBirth && (
        <PostnatalForm
          residentId={residentId}
          communeCode={communeCode}
          p={afterBirth}
          onDone={() => setForm(null)}
        />
      )}
      {past.map((p) => (
        <PregnancyPanel key={p.id} p={p} />
      ))}
    </Stack>
  );
}

function PregnancyPanel({ p }: { p: PregnancyOut }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const weeks = Math.floor(p.gestationDays / 7);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Text fw={700}>
          {p.endedOn
            ? t('maternal.pregnancy.ended', {
                date: formatDate(p.endedOn),
                outcome: t(`maternal.outcome.outcomes.${p.outcome}`),
              })
            : t('maternal.pregnancy.current', { weeks, days: p.gestationDays % 7 })}
        </Text>
        <Badge color={RISK_COLOR[p.riskLevel]} variant="light" size="lg">
          {t(`maternal.risk.${p.riskLevel}`)}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Fact label={t('maternal.pregnancy.lmp')}>{p.lmp ? formatDate(p.lmp) : '—'}</Fact>
        <Fact label={t('maternal.pregnancy.edd')}>
          {formatDate(p.edd)} ({t(`maternal.pregnancy.eddSource.${p.eddSource}`)})
        </Fact>
        <Fact label={t('maternal.pregnancy.para')}>
          {t('maternal.pregnancy.paraValue', { g: p.gravidity, p: p.parity })}
        </Fact>
        <Fact label={t('maternal.pregnancy.registeredOn')}>{formatDate(p.registeredOn)}</Fact>
      </SimpleGrid>
      {p.riskFactors.length > 0 && (
        <Group gap={6} mt="sm">
          {p.riskFactors.map((f) => (
            <Badge key={f.code} color={f.level === 'high' ? 'red' : 'amber'} variant="outline">
              {f[lang]}
            </Badge>
          ))}
        </Group>
      )}
      <SectionTitle>{t('maternal.antenatal.timeline')}</SectionTitle>
      {p.antenatal.length === 0 && <EmptyNote>{t('maternal.antenatal.none')}</EmptyNote>}
      {(p.antenatal.length > 0 || p.endedOn) && (
        <Timeline
          active={p.antenatal.length + (p.endedOn ? 1 : 0) + p.postnatal.length - 1}
          bulletSize={18}
          lineWidth={2}
        >
          {p.antenatal.map((a, i) => (
            <Timeline.Item
              key={a.visitId}
              title={t('maternal.antenatal.item', {
                n: i + 1,
                date: formatDate(a.contactOn),
                weeks: Math.floor(a.gestationDays / 7),
                trimester: a.trimester,
              })}
            >
              <Text size="sm" c="dimmed">
                {[
                  a.weightKg !== null && `${t('maternal.antenatal.weight')} ${a.weightKg} kg`,
                  a.systolic !== null && `${t('maternal.antenatal.bp')} ${a.systolic}/${a.diastolic ?? '?'}`,
                  a.fundalHeightCm !== null &&
                    `${t('maternal.antenatal.fundalHeight')} ${a.fundalHeightCm} cm`,
                  a.foetalHeartRate !== null && `${t('maternal.antenatal.foetalHeart')} ${a.foetalHeartRate}`,
                  a.urineProtein !== null && `${t('maternal.antenatal.urineProtein')} ${a.urineProtein}`,
                  a.haemoglobin !== null && `Hb ${a.haemoglobin} g/dL`,
                ]
                  .filter(Boolean)
                  .join(' · ') || '—'}
              </Text>
            </Timeline.Item>
          ))}
          {p.endedOn && p.outcome && (
            <Timeline.Item
              title={t(`maternal.outcome.outcomes.${p.outcome}`) + ` — ${formatDate(p.endedOn)}`}
            >
              <Text size="sm" c="dimmed">
                {[
                  p.deliveryPlace && t(`maternal.outcome.places.${p.deliveryPlace}`),
                  p.birthWeightG !== null && `${p.birthWeightG} g`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </Timeline.Item>
          )}
          {p.postnatal.map((c) => (
            <Timeline.Item
              key={c.visitId}
              title={t('maternal.postnatal.item', { date: formatDate(c.contactOn), day: c.dayAfterBirth })}
            >
              <Text size="sm" c="dimmed">
                {[
                  c.systolic !== null && `${t('maternal.antenatal.bp')} ${c.systolic}/${c.diastolic ?? '?'}`,
                  c.abnormalBleeding === 'yes' && t('maternal.postnatal.bleedingYes'),
                  c.breastfeeding && t(`maternal.postnatal.feeding.${c.breastfeeding}`),
                  c.newbornWeightG !== null && t('maternal.postnatal.newbornWeighs', { g: c.newbornWeightG }),
                  c.newbornJaundice === 'yes' && t('maternal.postnatal.jaundiceYes'),
                ]
                  .filter(Boolean)
                  .join(' · ') || '—'}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <TetanusLine tetanus={p.tetanus} ongoing={!p.endedOn} />
    </Paper>
  );
}

/**
 * The mother's tetanus doses (VAT) for this pregnancy: how many count, until when they protect, whether
 * the newborn is protected at birth, and the next dose from when.
 */
function TetanusLine({ tetanus: v, ongoing }: { tetanus: PregnancyOut['tetanus']; ongoing: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" mt="sm" wrap="wrap">
      <Text size="sm" fw={600}>
        {t('maternal.tetanus.title')}:
      </Text>
      <Text size="sm">
        {[
          t('maternal.tetanus.counted', { count: v.counted }),
          v.doses.some((d) => d.counted === null) &&
            t('maternal.tetanus.notCounted', { count: v.doses.filter((d) => d.counted === null).length }),
          v.protectedFrom &&
            (v.protectedUntil
              ? t('maternal.tetanus.until', { date: formatDate(v.protectedUntil) })
              : t('maternal.tetanus.lifelong')),
          ongoing && v.nextDose && v.nextFrom
            ? t('maternal.tetanus.next', { dose: v.nextDose, date: formatDate(v.nextFrom) })
            : ongoing && v.nextDose === 1 && t('maternal.tetanus.first'),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      <Badge color={v.protectedAtBirth ? 'ytcs' : 'red'} variant="light">
        {v.protectedAtBirth ? t('maternal.tetanus.protected') : t('maternal.tetanus.notProtected')}
      </Badge>
    </Group>
  );
}

function RegisterForm({ residentId, onDone }: { residentId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const register = useRegisterPregnancy(residentId);
  const { errors, setErrors, handlers } = useFieldErrors();
  const [registeredOn, setRegisteredOn] = useState(formatDate(todayIso()));
  const [lmp, setLmp] = useState('');
  const [edd, setEdd] = useState('');
  const [gravidity, setGravidity] = useState<number | string>(1);
  const [parity, setParity] = useState<number | string>(0);
  const [factors, setFactors] = useState<string[]>([]);
  const [systolic, setSystolic] = useState<number | string>('');
  const [diastolic, setDiastolic] = useState<number | string>('');
  const [hb, setHb] = useState<number | string>('');
  const num = (v: number | string) => (typeof v === 'number' ? v : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const day = parseDate(registeredOn);
    // parseDate: '' → null (not given), an invalid date → undefined.
    const l = parseDate(lmp);
    const d = parseDate(edd);
    if (!day || l === undefined || d === undefined) {
      setErrors({
        ...(!day ? { registeredOn: t('errors.invalidDate') } : {}),
        ...(l === undefined ? { lmp: t('errors.invalidDate') } : {}),
        ...(d === undefined ? { edd: t('errors.invalidDate') } : {}),
      });
      return;
    }
    setErrors({});
    register.mutate(
      {
        registeredOn: day,
        lmp: l ?? undefined,
        edd: d ?? undefined,
        gravidity: num(gravidity) ?? 1,
        parity: num(parity) ?? 0,
        riskFactors: factors,
        systolic: num(systolic),
        diastolic: num(diastolic),
        haemoglobin: num(hb),
      },
      handlers(t('maternal.pregnancy.saved'), onDone),
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <SectionTitle>{t('maternal.pregnancy.register')}</SectionTitle>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
        <DateField
          label={t('maternal.pregnancy.registeredOn')}
          value={registeredOn}
          onChange={setRegisteredOn}
          error={errors.registeredOn}
          required
        />
        <DateField label={t('maternal.pregnancy.lmp')} value={lmp} onChange={setLmp} error={errors.lmp} />
        <DateField
          label={t('maternal.pregnancy.eddUltrasound')}
          value={edd}
          onChange={setEdd}
          error={errors.edd}
        />
        <NumberInput
          label={t('maternal.pregnancy.gravidity')}
          value={gravidity}
          onChange={setGravidity}
          min={1}
          error={errors.gravidity}
        />
        <NumberInput
          label={t('maternal.pregnancy.parity')}
          value={parity}
          onChange={setParity}
          min={0}
          error={errors.parity}
        />
        <NumberInput
          label={t('maternal.antenatal.haemoglobin')}
          value={hb}
          onChange={setHb}
          min={0}
          decimalScale={1}
          decimalSeparator=","
        />
        <NumberInput
          label={t('maternal.antenatal.systolic')}
          value={systolic}
          onChange={setSystolic}
          min={0}
        />
        <NumberInput
          label={t('maternal.antenatal.diastolic')}
          value={diastolic}
          onChange={setDiastolic}
          min={0}
        />
      </SimpleGrid>
      <Checkbox.Group
        label={t('maternal.pregnancy.riskFactors')}
        value={factors}
        onChange={setFactors}
        mt="sm"
        error={errors.riskFactors}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
          {RISK_FACTORS_TICKED.map((f) => (
            <Checkbox key={f} value={f} label={t(`maternal.riskFactors.${f}`)} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onDone}>
          {t('maternal.cancel')}
        </Button>
        <Button type="submit" loading={register.isPending}>
          {t('maternal.save')}
        </Button>
      </Group>
    </Paper>
  );
}

/** The measures typed into a contact form: numbers by key, each with its field error. */
function useMeasures(errors: Record<string, string>) {
  const [v, setV] = useState<Record<string, number | string>>({});
  const num = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : undefined);
  const field = (k: string, label: string, decimals = 0) => (
    <NumberInput
      label={label}
      value={v[k] ?? ''}
      onChange={(x) => setV((o) => ({ ...o, [k]: x }))}
      min={0}
      decimalScale={decimals}
      decimalSeparator=","
      error={errors[k]}
    />
  );
  return { num, field };
}

/**
 * Who and when of a contact (khám thai, khám sau sinh): the station (when the commune has more than
 * one), the clinician and the day; `checked()` gives them, or sets the field errors and gives null.
 */
function useContactBase(
  communeCode: string,
  dateLabel: string,
  { errors, setErrors }: ReturnType<typeof useFieldErrors>,
) {
  const { t } = useTranslation();
  const { stations } = useStations(communeCode);
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const facility = facilityId ?? stations[0]?.id ?? null;
  const staff = useStaffList({ facility: facility ?? undefined, limit: 100 }, !!facility);
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const [contactOn, setContactOn] = useState(formatDate(todayIso()));
  const fields = (
    <>
      {stations.length > 1 && (
        <Select
          label={t('maternal.antenatal.facility')}
          data={stations.map((s) => ({ value: s.id, label: s.name }))}
          value={facility}
          onChange={setFacilityId}
        />
      )}
      <Select
        label={t('maternal.antenatal.clinician')}
        data={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.fullName }))}
        value={clinicianId}
        onChange={setClinicianId}
        error={errors.clinicianId}
        required
      />
      <DateField
        label={dateLabel}
        value={contactOn}
        onChange={setContactOn}
        error={errors.contactOn}
        required
      />
    </>
  );
  const checked = (): { facilityId: string; clinicianId: string; contactOn: string } | null => {
    const day = parseDate(contactOn);
    if (!day) {
      setErrors({ contactOn: t('errors.invalidDate') });
      return null;
    }
    if (!facility || !clinicianId) {
      setErrors({ clinicianId: t('maternal.antenatal.pickClinician') });
      return null;
    }
    setErrors({});
    return { facilityId: facility, clinicianId, contactOn: day };
  };
  return { fields, checked };
}

function AntenatalForm({
  residentId,
  communeCode,
  p,
  onDone,
}: {
  residentId: string;
  communeCode: string;
  p: PregnancyOut;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const record = useRecordAntenatal(residentId);
  const errorState = useFieldErrors();
  const base = useContactBase(communeCode, t('maternal.antenatal.contactOn'), errorState);
  const { num, field } = useMeasures(errorState.errors);
  const [urine, setUrine] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const who = base.checked();
    if (!who) return;
    record.mutate(
      {
        pregnancyId: p.id,
        body: {
          ...who,
          weightKg: num('weightKg'),
          systolic: num('systolic'),
          diastolic: num('diastolic'),
          fundalHeightCm: num('fundalHeightCm'),
          foetalHeartRate: num('foetalHeartRate'),
          haemoglobin: num('haemoglobin'),
          urineProtein: (urine ?? undefined) as (typeof URINE_PROTEIN)[number] | undefined,
        },
      },
      errorState.handlers(t('maternal.antenatal.saved'), onDone),
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <SectionTitle>{t('maternal.antenatal.record')}</SectionTitle>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
        {base.fields}
        {field('weightKg', t('maternal.antenatal.weight'), 1)}
        {field('systolic', t('maternal.antenatal.systolic'))}
        {field('diastolic', t('maternal.antenatal.diastolic'))}
        {field('fundalHeightCm', t('maternal.antenatal.fundalHeight'), 1)}
        {field('foetalHeartRate', t('maternal.antenatal.foetalHeart'))}
        {field('haemoglobin', t('maternal.antenatal.haemoglobin'), 1)}
        <Select
          label={t('maternal.antenatal.urineProtein')}
          data={URINE_PROTEIN.map((u) => ({ value: u, label: t(`maternal.antenatal.urine.${u}`) }))}
          value={urine}
          onChange={setUrine}
          clearable
        />
      </SimpleGrid>
      <FormButtons onCancel={onDone} pending={record.isPending} />
    </Paper>
  );
}

function OutcomeForm({ residentId, p, onDone }: { residentId: string; p: PregnancyOut; onDone: () => void }) {
  const { t } = useTranslation();
  const record = useRecordOutcome(residentId);
  const { errors, setErrors, handlers } = useFieldErrors();
  const [endedOn, setEndedOn] = useState(formatDate(todayIso()));
  const [outcome, setOutcome] = useState<string>('live_birth');
  const [place, setPlace] = useState<string | null>(null);
  const [weight, setWeight] = useState<number | string>('');
  const [childName, setChildName] = useState('');
  const [childSex, setChildSex] = useState<string | null>(null);
  const birth = outcome === 'live_birth' || outcome === 'stillbirth';
  const live = outcome === 'live_birth';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const day = parseDate(endedOn);
    if (!day) {
      setErrors({ endedOn: t('errors.invalidDate') });
      return;
    }
    setErrors({});
    record.mutate(
      {
        pregnancyId: p.id,
        body: {
          endedOn: day,
          outcome: outcome as (typeof OUTCOMES)[number],
          deliveryPlace: birth && place ? (place as (typeof DELIVERY_PLACES)[number]) : undefined,
          birthWeightG: birth && typeof weight === 'number' ? weight : undefined,
          // A live birth with the child's name registers the child in the mother's household.
          child:
            live && childName.trim()
              ? { fullName: childName.trim(), sex: (childSex ?? '') as 'male' | 'female' }
              : undefined,
        },
      },
      handlers(t('maternal.outcome.saved'), onDone),
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <SectionTitle>{t('maternal.outcome.record')}</SectionTitle>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <DateField
          label={t('maternal.outcome.endedOn')}
          value={endedOn}
          onChange={setEndedOn}
          error={errors.endedOn}
          required
        />
        <Select
          label={t('maternal.outcome.outcome')}
          data={OUTCOMES.map((o) => ({ value: o, label: t(`maternal.outcome.outcomes.${o}`) }))}
          value={outcome}
          onChange={(o) => setOutcome(o ?? 'live_birth')}
          allowDeselect={false}
        />
        {birth && (
          <Select
            label={t('maternal.outcome.place')}
            data={DELIVERY_PLACES.map((o) => ({ value: o, label: t(`maternal.outcome.places.${o}`) }))}
            value={place}
            onChange={setPlace}
          />
        )}
        {birth && (
          <NumberInput
            label={t('maternal.outcome.birthWeight')}
            value={weight}
            onChange={setWeight}
            min={0}
            error={errors.birthWeightG}
          />
        )}
        {live && (
          <TextInput
            label={t('maternal.outcome.childName')}
            description={t('maternal.outcome.childNameHint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={childName}
            onChange={(e) => setChildName(e.currentTarget.value)}
            error={errors['child.fullName'] ?? errors.child ?? errors.fullName}
            maxLength={200}
            autoComplete="off"
          />
        )}
        {live && childName.trim() && (
          <Select
            label={t('maternal.outcome.childSex')}
            data={(['female', 'male'] as const).map((x) => ({ value: x, label: t(`people.sex.${x}`) }))}
            value={childSex}
            onChange={setChildSex}
            error={errors['child.sex']}
            required
          />
        )}
      </SimpleGrid>
      <FormButtons onCancel={onDone} pending={record.isPending} />
    </Paper>
  );
}

/** A postnatal contact (khám sau sinh) of the mother and the newborn, a finished visit on the server. */
function PostnatalForm({
  residentId,
  communeCode,
  p,
  onDone,
}: {
  residentId: string;
  communeCode: string;
  p: PregnancyOut;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const record = useRecordPostnatal(residentId);
  const errorState = useFieldErrors();
  const base = useContactBase(communeCode, t('maternal.postnatal.contactOn'), errorState);
  const { num, field } = useMeasures(errorState.errors);
  const [bleeding, setBleeding] = useState<string | null>(null);
  const [feeding, setFeeding] = useState<string | null>(null);
  const [jaundice, setJaundice] = useState<string | null>(null);
  const yesNo = (['yes', 'no'] as const).map((x) => ({ value: x, label: t(`maternal.postnatal.${x}`) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const who = base.checked();
    if (!who) return;
    record.mutate(
      {
        pregnancyId: p.id,
        body: {
          ...who,
          systolic: num('systolic'),
          diastolic: num('diastolic'),
          newbornWeightG: num('newbornWeightG'),
          abnormalBleeding: (bleeding ?? undefined) as 'yes' | 'no' | undefined,
          breastfeeding: (feeding ?? undefined) as 'exclusive' | 'partial' | 'none' | undefined,
          newbornJaundice: (jaundice ?? undefined) as 'yes' | 'no' | undefined,
        },
      },
      errorState.handlers(t('maternal.postnatal.saved'), onDone),
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <SectionTitle>{t('maternal.postnatal.record')}</SectionTitle>
      <Text size="sm" c="dimmed" mb="sm">
        {t('maternal.postnatal.after', { date: formatDate(p.endedOn!) })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
        {base.fields}
        {field('systolic', t('maternal.antenatal.systolic'))}
        {field('diastolic', t('maternal.antenatal.diastolic'))}
        <Select
          label={t('maternal.postnatal.bleeding')}
          data={yesNo}
          value={bleeding}
          onChange={setBleeding}
          clearable
        />
        <Select
          label={t('maternal.postnatal.breastfeeding')}
          data={(['exclusive', 'partial', 'none'] as const).map((x) => ({
            value: x,
            label: t(`maternal.postnatal.feeding.${x}`),
          }))}
          value={feeding}
          onChange={setFeeding}
          clearable
        />
        {field('newbornWeightG', t('maternal.postnatal.newbornWeight'))}
        <Select
          label={t('maternal.postnatal.jaundice')}
          data={yesNo}
          value={jaundice}
          onChange={setJaundice}
          clearable
        />
      </SimpleGrid>
      <FormButtons onCancel={onDone} pending={record.isPending} />
    </Paper>
  );
}
