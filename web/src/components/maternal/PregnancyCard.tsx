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
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  OUTCOMES,
  DELIVERY_PLACES,
  URINE_PROTEIN,
  usePregnancies,
  useRecordAntenatal,
  useRecordOutcome,
  useRegisterPregnancy,
  type PregnancyOut,
} from '../../api/maternal';
import { useStaffList } from '../../api/queries';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { EmptyNote, ErrorState, PageLoader, SectionTitle, useErrorMessage } from '../common';
import { DateField } from '../DateField';
import { Fact } from '../people/common';
import { useStations } from '../visits/common';

const RISK_COLOR = { normal: 'ytcs', watch: 'amber', high: 'red' } as const;
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

/** Field errors of a refused request, by field, for the form (the message in the user's language). */
function useFieldErrors() {
  const message = useErrorMessage();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onError = (err: unknown) => {
    if (err instanceof ApiError) {
      const fields = err.fieldErrors();
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.message])));
      if (Object.keys(fields).length) return;
    }
    notifications.show({ color: 'red', message: message(err) });
  };
  return { errors, setErrors, onError };
}

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
  const [form, setForm] = useState<'register' | 'antenatal' | 'outcome' | null>(null);
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const current = list.data.find((p) => !p.endedOn);
  const past = list.data.filter((p) => p.endedOn);
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
      {p.antenatal.length === 0 ? (
        <EmptyNote>{t('maternal.antenatal.none')}</EmptyNote>
      ) : (
        <Timeline active={p.antenatal.length - 1} bulletSize={18} lineWidth={2}>
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
        </Timeline>
      )}
    </Paper>
  );
}

function RegisterForm({ residentId, onDone }: { residentId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const register = useRegisterPregnancy(residentId);
  const { errors, setErrors, onError } = useFieldErrors();
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
      {
        onSuccess: () => {
          notifications.show({ color: 'ytcs', message: t('maternal.pregnancy.saved') });
          onDone();
        },
        onError,
      },
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
  const { errors, setErrors, onError } = useFieldErrors();
  const { stations } = useStations(communeCode);
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const facility = facilityId ?? stations[0]?.id ?? null;
  const staff = useStaffList({ facility: facility ?? undefined, limit: 100 }, !!facility);
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const [contactOn, setContactOn] = useState(formatDate(todayIso()));
  const [v, setV] = useState<Record<string, number | string>>({});
  const [urine, setUrine] = useState<string | null>(null);
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const day = parseDate(contactOn);
    if (!day) {
      setErrors({ contactOn: t('errors.invalidDate') });
      return;
    }
    if (!facility || !clinicianId) {
      setErrors({ clinicianId: t('maternal.antenatal.pickClinician') });
      return;
    }
    setErrors({});
    record.mutate(
      {
        pregnancyId: p.id,
        body: {
          facilityId: facility,
          clinicianId,
          contactOn: day,
          weightKg: num('weightKg'),
          systolic: num('systolic'),
          diastolic: num('diastolic'),
          fundalHeightCm: num('fundalHeightCm'),
          foetalHeartRate: num('foetalHeartRate'),
          haemoglobin: num('haemoglobin'),
          urineProtein: (urine ?? undefined) as (typeof URINE_PROTEIN)[number] | undefined,
        },
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'ytcs', message: t('maternal.antenatal.saved') });
          onDone();
        },
        onError,
      },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <SectionTitle>{t('maternal.antenatal.record')}</SectionTitle>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
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
          label={t('maternal.antenatal.contactOn')}
          value={contactOn}
          onChange={setContactOn}
          error={errors.contactOn}
          required
        />
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
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onDone}>
          {t('maternal.cancel')}
        </Button>
        <Button type="submit" loading={record.isPending}>
          {t('maternal.save')}
        </Button>
      </Group>
    </Paper>
  );
}

function OutcomeForm({ residentId, p, onDone }: { residentId: string; p: PregnancyOut; onDone: () => void }) {
  const { t } = useTranslation();
  const record = useRecordOutcome(residentId);
  const { errors, setErrors, onError } = useFieldErrors();
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
      {
        onSuccess: () => {
          notifications.show({ color: 'ytcs', message: t('maternal.outcome.saved') });
          onDone();
        },
        onError,
      },
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
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onDone}>
          {t('maternal.cancel')}
        </Button>
        <Button type="submit" loading={record.isPending}>
          {t('maternal.save')}
        </Button>
      </Group>
    </Paper>
  );
}
