import { Button, Group, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateReferral, useValidity } from '../../api/referral';
import {
  PatientFormPage,
  type PatientFormProps,
  StationSelect,
  TransportSelect,
  destinationOption,
  useStationAndUpperLevel,
  useTextFields,
} from '../../components/referral/shared';
import { RefusalText, useServerErrors } from '../../components/ServerErrors';
import { NO_CODE, Icd10Search, type PickedCode } from '../../components/visits/CodeSearch';
import { formatDate, todayIso } from '../../lib/format';

/** The fields of the slip, as the server names them in a refusal. */
const FIELDS = [
  'originFacilityId',
  'destinationFacilityId',
  'issuedOn',
  'diagnosisCode',
  'diagnosisText',
  'clinicalSigns',
  'course',
  'testResults',
  'treatmentGiven',
  'reasonCode',
  'treatmentPlan',
  'conditionAtTransfer',
  'transport',
  'escortName',
  'escortTitle',
] as const;
const REQUIRED_TEXT = ['clinicalSigns', 'course', 'treatmentPlan', 'conditionAtTransfer'] as const;

/** The referral slip (giấy chuyển cơ sở khám bệnh, chữa bệnh) a station writes for a patient. */
export default function ReferralFormPage() {
  const { t } = useTranslation();
  return <PatientFormPage title={t('referral.newReferral')} form={ReferralForm} />;
}

function ReferralForm({ resident, done }: PatientFormProps) {
  const { t } = useTranslation();
  const create = useCreateReferral();
  const errors = useServerErrors(FIELDS);
  const text = useTextFields(errors);
  const place = useStationAndUpperLevel(resident.currentAddress.communeCode);
  const [issuedOn, setIssuedOn] = useState(todayIso());
  const [diagnosis, setDiagnosis] = useState<PickedCode>(NO_CODE);
  const [reason, setReason] = useState<string>('2');
  const [transport, setTransport] = useState<string | null>(null);
  const validity = useValidity(issuedOn, diagnosis.code);

  const ready =
    !!place.originId &&
    !!place.upperId &&
    !!diagnosis.code &&
    !!transport &&
    REQUIRED_TEXT.every((k) => text.value(k));

  const submit = () => {
    errors.clear();
    create.mutate(
      {
        residentId: resident.id,
        originFacilityId: place.originId!,
        destinationFacilityId: place.upperId!,
        issuedOn,
        diagnosisCode: diagnosis.code,
        clinicalSigns: text.value('clinicalSigns'),
        course: text.value('course'),
        treatmentPlan: text.value('treatmentPlan'),
        conditionAtTransfer: text.value('conditionAtTransfer'),
        reasonCode: Number(reason) as 1 | 2 | 3,
        transport: transport!,
        ...text.optional('diagnosisText'),
        ...text.optional('testResults'),
        ...text.optional('treatmentGiven'),
        ...text.optional('escortName'),
        ...text.optional('escortTitle'),
      },
      {
        onSuccess: done,
        onError: errors.onError,
      },
    );
  };

  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <StationSelect
          stations={place.stations}
          value={place.originId}
          onChange={place.setOrigin}
          error={errors.field('originFacilityId')}
        />
        <Select
          label={t('referral.fields.destination')}
          data={place.destinations.filter((d) => d.id !== place.originId).map(destinationOption)}
          value={place.upperId}
          onChange={place.setUpper}
          searchable
          required
          error={errors.field('destinationFacilityId')}
        />
        <TextInput
          type="date"
          label={t('referral.issuedOn')}
          value={issuedOn}
          onChange={(e) => setIssuedOn(e.currentTarget.value)}
          required
          error={errors.field('issuedOn')}
        />
        <Icd10Search
          label={t('referral.fields.diagnosis')}
          value={diagnosis}
          onChange={setDiagnosis}
          on={issuedOn}
          required
          error={errors.field('diagnosisCode')}
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
      {text.textarea('diagnosisText', { rows: 1 })}
      {text.textarea('clinicalSigns', { required: true })}
      {text.textarea('course', { required: true })}
      {text.textarea('testResults')}
      {text.textarea('treatmentGiven')}
      <Select
        label={t('referral.fields.reason')}
        data={['1', '2', '3'].map((v) => ({ value: v, label: t(`referral.reasons.${v}`) }))}
        value={reason}
        onChange={(v) => setReason(v ?? '2')}
        allowDeselect={false}
        required
        error={errors.field('reasonCode')}
      />
      {text.textarea('treatmentPlan', { required: true })}
      {text.textarea('conditionAtTransfer', { required: true, rows: 1 })}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TransportSelect value={transport} onChange={setTransport} error={errors.field('transport')} />
        {text.textInput('escortName')}
        {text.textInput('escortTitle')}
      </SimpleGrid>
      <RefusalText message={errors.general} />
      <Group>
        <Button onClick={submit} loading={create.isPending} disabled={!ready}>
          {t('referral.send')}
        </Button>
      </Group>
    </>
  );
}
