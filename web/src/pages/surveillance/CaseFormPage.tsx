/**
 * Report a case of a notifiable disease (báo cáo ca bệnh), phone-first: one column, big fields, dates
 * typed dd/mm/yyyy. A person on record comes from their profile (`?resident=<id>`); otherwise the
 * name, sex and birth year of a person not on record. The answer says whether the report raised an
 * outbreak alert to the upper level.
 */
import {
  Alert,
  Button,
  Checkbox,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useResident } from '../../api/people';
import { useHamlets, useUnit } from '../../api/queries';
import {
  CASE_CLASSIFICATIONS,
  CASE_OUTCOMES,
  useDiseases,
  useReportCase,
  type CaseInput,
} from '../../api/surveillance';
import { ErrorState, PageHeader, PageLoader, useErrorMessage } from '../../components/common';
import { DateField } from '../../components/DateField';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

type Classification = (typeof CASE_CLASSIFICATIONS)[number];
type Outcome = (typeof CASE_OUTCOMES)[number];

export default function CaseFormPage() {
  const { code } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const hamlets = useHamlets(unit.data?.level === 'commune' ? code : undefined);
  const diseases = useDiseases();
  const report = useReportCase();
  const [params] = useSearchParams();
  const residentId = params.get('resident');
  const resident = useResident(residentId ?? undefined);
  const [disease, setDisease] = useState(params.get('disease') ?? 'dengue');
  const [fullName, setFullName] = useState('');
  const [sex, setSex] = useState<'male' | 'female'>('male');
  const [birthYear, setBirthYear] = useState<number | string>('');
  const [place, setPlace] = useState<string>(code ?? '');
  const [addressLine, setAddressLine] = useState('');
  const [onset, setOnset] = useState('');
  const [reported, setReported] = useState(formatDate(todayIso()));
  const [classification, setClassification] = useState<Classification>('suspected');
  const [hospitalised, setHospitalised] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>('under_treatment');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data) return <PageLoader />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const onsetOn = parseDate(onset);
    const reportedOn = parseDate(reported);
    const found: Record<string, string> = {};
    if (!onsetOn) found.onset = onset ? t('surveillance.form.invalidDate') : t('surveillance.form.required');
    if (!reportedOn)
      found.reported = reported ? t('surveillance.form.invalidDate') : t('surveillance.form.required');
    if (!residentId && !fullName.trim()) found.fullName = t('surveillance.form.required');
    if (!residentId && !birthYear) found.birthYear = t('surveillance.form.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    const body: CaseInput = {
      disease,
      onsetOn: onsetOn!,
      reportedOn: reportedOn!,
      classification,
      hospitalised,
      outcome,
      // A resident is placed where they live unless the form says otherwise.
      unitCode: residentId && place === code ? null : place || null,
      addressLine: addressLine.trim() || null,
      note: note.trim() || null,
      ...(residentId
        ? { residentId }
        : { person: { fullName: fullName.trim(), sex, birthYear: Number(birthYear) } }),
    };
    report.mutate(body, {
      onSuccess: (c) => {
        notifications.show({
          color: c.alerts?.length ? 'red' : 'ytcs',
          message: c.alerts?.length
            ? t('surveillance.form.alertRaised', { count: c.alerts.length })
            : t('surveillance.form.sent'),
        });
        navigate(`/units/${code}/surveillance?disease=${disease}`);
      },
    });
  };

  return (
    <Stack gap="md" maw={560}>
      <PageHeader eyebrow={unitName(unit.data)} title={t('surveillance.form.title')} />
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label={t('surveillance.disease')}
            searchable
            required
            allowDeselect={false}
            value={disease}
            onChange={(v) => v && setDisease(v)}
            data={(diseases.data ?? []).map((d) => ({
              value: d.code,
              label: `${i18n.language === 'en' ? d.en : d.vi} (${d.icd10})`,
            }))}
          />
          {residentId ? (
            <Text size="sm">
              {t('surveillance.form.onRecord')}: <strong>{resident.data?.fullName ?? '…'}</strong>
              {resident.data?.birthYear ? ` (${resident.data.birthYear})` : ''}
            </Text>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t('surveillance.form.residentNote')}
              </Text>
              <TextInput
                label={t('surveillance.form.fullName')}
                required
                value={fullName}
                error={errors.fullName}
                onChange={(e) => setFullName(e.currentTarget.value)}
              />
              <SegmentedControl
                aria-label={t('surveillance.form.sex')}
                value={sex}
                onChange={(v) => setSex(v as 'male' | 'female')}
                data={[
                  { value: 'male', label: t('surveillance.form.male') },
                  { value: 'female', label: t('surveillance.form.female') },
                ]}
              />
              <NumberInput
                label={t('surveillance.form.birthYear')}
                required
                min={1900}
                max={Number(todayIso().slice(0, 4))}
                value={birthYear}
                error={errors.birthYear}
                onChange={setBirthYear}
                inputMode="numeric"
              />
            </>
          )}
          {unit.data.level === 'commune' && (
            <Select
              label={t('surveillance.form.hamlet')}
              value={place}
              allowDeselect={false}
              onChange={(v) => v && setPlace(v)}
              data={[
                { value: code ?? '', label: t('surveillance.form.commune') },
                ...(hamlets.data?.items ?? [])
                  .filter((h) => !h.validTo)
                  .map((h) => ({ value: h.code, label: unitName(h) })),
              ]}
            />
          )}
          <TextInput
            label={t('surveillance.form.addressLine')}
            value={addressLine}
            onChange={(e) => setAddressLine(e.currentTarget.value)}
          />
          <DateField
            label={t('surveillance.form.onsetOn')}
            required
            value={onset}
            error={errors.onset}
            onChange={setOnset}
          />
          <DateField
            label={t('surveillance.form.reportedOn')}
            required
            value={reported}
            error={errors.reported}
            onChange={setReported}
          />
          <Select
            label={t('surveillance.classification.label')}
            value={classification}
            allowDeselect={false}
            onChange={(v) => v && setClassification(v as Classification)}
            data={CASE_CLASSIFICATIONS.map((c) => ({
              value: c,
              label: t(`surveillance.classification.${c}`),
            }))}
          />
          <Checkbox
            label={t('surveillance.hospitalised')}
            checked={hospitalised}
            onChange={(e) => setHospitalised(e.currentTarget.checked)}
          />
          <Select
            label={t('surveillance.outcome.label')}
            value={outcome}
            allowDeselect={false}
            onChange={(v) => v && setOutcome(v as Outcome)}
            data={CASE_OUTCOMES.map((c) => ({ value: c, label: t(`surveillance.outcome.${c}`) }))}
          />
          <Textarea
            label={t('surveillance.form.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          {report.isError && <Alert color="red">{errorMessage(report.error)}</Alert>}
          <Button type="submit" size="md" loading={report.isPending}>
            {t('surveillance.form.submit')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
