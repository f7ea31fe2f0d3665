import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useResident } from '../../api/people';
import { useCreateReferral, useDestinations, useReferralList, useValidity } from '../../api/referral';
import { ErrorState, PageHeader, PageLoader } from '../../components/common';
import { problemText } from '../../components/referral/cards';
import { NO_CODE, Icd10Search, type PickedCode } from '../../components/visits/CodeSearch';
import { useStations } from '../../components/visits/common';
import { formatDate, todayIso } from '../../lib/format';

/** The referral slip (giấy chuyển cơ sở khám bệnh, chữa bệnh) a station writes for a patient. */
export default function ReferralFormPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const residentId = params.get('resident') ?? undefined;
  const resident = useResident(residentId);
  const stations = useStations(resident.data?.currentAddress.communeCode);
  const destinations = useDestinations();
  const transports = useReferralList('transport');
  const create = useCreateReferral();

  const [origin, setOrigin] = useState<string | null>(null);
  const [destination, setDestination] = useState<string | null>(null);
  const [issuedOn, setIssuedOn] = useState(todayIso());
  const [diagnosis, setDiagnosis] = useState<PickedCode>(NO_CODE);
  const [text, setText] = useState<Record<string, string>>({});
  const [reason, setReason] = useState<string>('2');
  const [transport, setTransport] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const validity = useValidity(issuedOn, diagnosis.code);

  if (!residentId) return <ErrorState error={new Error(t('referral.required'))} />;
  if (resident.isError) return <ErrorState error={resident.error} onRetry={() => void resident.refetch()} />;
  if (!resident.data) return <PageLoader />;
  const originId = origin ?? stations.stations[0]?.id ?? null;
  // The station's own health centre first: the upper level it refers to as a rule.
  const destinationId =
    destination ?? stations.stations.find((s) => s.id === originId)?.parentFacilityId ?? null;
  const field = (key: string, required = false, rows = 2) => (
    <Textarea
      key={key}
      label={t(`referral.fields.${key}`)}
      value={text[key] ?? ''}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setText((prev) => ({ ...prev, [key]: value }));
      }}
      required={required}
      autosize
      minRows={rows}
    />
  );
  const opt = (key: string) => (text[key]?.trim() ? { [key]: text[key]!.trim() } : {});
  const ready =
    !!originId &&
    !!destinationId &&
    !!diagnosis.code &&
    !!transport &&
    ['clinicalSigns', 'course', 'treatmentPlan', 'conditionAtTransfer'].every((k) => text[k]?.trim());

  const submit = () => {
    setError(null);
    create.mutate(
      {
        residentId,
        originFacilityId: originId!,
        destinationFacilityId: destinationId!,
        issuedOn,
        diagnosisCode: diagnosis.code,
        clinicalSigns: text.clinicalSigns!.trim(),
        course: text.course!.trim(),
        treatmentPlan: text.treatmentPlan!.trim(),
        conditionAtTransfer: text.conditionAtTransfer!.trim(),
        reasonCode: Number(reason) as 1 | 2 | 3,
        transport: transport!,
        ...opt('diagnosisText'),
        ...opt('testResults'),
        ...opt('treatmentGiven'),
        ...opt('escortName'),
        ...opt('escortTitle'),
      },
      {
        onSuccess: () => navigate(`/residents/${residentId}?tab=referrals`),
        onError: (e) => setError(problemText(e)),
      },
    );
  };

  return (
    <>
      <PageHeader title={t('referral.newReferral')} eyebrow={resident.data.fullName} />
      <Paper withBorder p="md">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('referral.fields.origin')}
              data={stations.stations.map((s) => ({ value: s.id, label: s.name }))}
              value={originId}
              onChange={setOrigin}
              allowDeselect={false}
              required
            />
            <Select
              label={t('referral.fields.destination')}
              data={(destinations.data ?? [])
                .filter((d) => d.id !== originId)
                .map((d) => ({ value: d.id, label: `${d.name} (${d.code})` }))}
              value={destinationId}
              onChange={setDestination}
              searchable
              required
            />
            <TextInput
              type="date"
              label={t('referral.issuedOn')}
              value={issuedOn}
              onChange={(e) => setIssuedOn(e.currentTarget.value)}
              required
            />
            <Icd10Search
              label={t('referral.fields.diagnosis')}
              value={diagnosis}
              onChange={setDiagnosis}
              on={issuedOn}
              required
            />
          </SimpleGrid>
          {validity.data && (
            <Text size="sm" c="dimmed" role="status">
              {t('referral.validityPreview', {
                date: formatDate(validity.data.validUntil),
                kind: t(`referral.validity.${validity.data.validity}`),
              })}
              {validity.data.holidays.length > 0 &&
                ` · ${t('referral.holidaysCounted', {
                  days: validity.data.holidays.map((h) => formatDate(h.day)).join(', '),
                })}`}
            </Text>
          )}
          {field('diagnosisText', false, 1)}
          {field('clinicalSigns', true)}
          {field('course', true)}
          {field('testResults')}
          {field('treatmentGiven')}
          <Select
            label={t('referral.fields.reason')}
            data={['1', '2', '3'].map((v) => ({ value: v, label: t(`referral.reasons.${v}`) }))}
            value={reason}
            onChange={(v) => setReason(v ?? '2')}
            allowDeselect={false}
            required
          />
          {field('treatmentPlan', true)}
          {field('conditionAtTransfer', true, 1)}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('referral.fields.transport')}
              data={(transports.data ?? []).map((v) => {
                const label = i18n.language === 'en' ? v.displayEn : v.displayVi;
                return { value: v.displayVi, label };
              })}
              value={transport}
              onChange={setTransport}
              required
            />
            <TextInput
              label={t('referral.fields.escortName')}
              value={text.escortName ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setText((prev) => ({ ...prev, escortName: value }));
              }}
            />
            <TextInput
              label={t('referral.fields.escortTitle')}
              value={text.escortTitle ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setText((prev) => ({ ...prev, escortTitle: value }));
              }}
            />
          </SimpleGrid>
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group>
            <Button onClick={submit} loading={create.isPending} disabled={!ready}>
              {t('referral.send')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}
