import {
  Button,
  FileInput,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestConsultation } from '../../api/referral';
import {
  PatientFormPage,
  type PatientFormProps,
  StationSelect,
  destinationOption,
  useListOptions,
  useStationAndUpperLevel,
  useTextFields,
} from '../../components/referral/shared';
import { RefusalText, useServerErrors } from '../../components/ServerErrors';

const VITALS = ['systolic', 'diastolic', 'pulse', 'spo2', 'temperature'] as const;

/** The fields of the request, as the server names them in a refusal. */
const FIELDS = [
  'requestingFacilityId',
  'consultedFacilityId',
  'condition',
  'summary',
  'question',
  'vitals',
  ...VITALS.map((k) => `vitals.${k}`),
  'attachments',
  'videoLink',
];

/** The file's bytes as base64 (without the data: prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** A station asks the upper level about a patient (tư vấn từ xa). */
export default function ConsultationFormPage() {
  const { t } = useTranslation();
  return <PatientFormPage title={t('referral.ask')} form={ConsultationForm} />;
}

function ConsultationForm({ resident, done }: PatientFormProps) {
  const { t } = useTranslation();
  const request = useRequestConsultation();
  const errors = useServerErrors(FIELDS);
  const text = useTextFields(errors, 'referral.tele');
  // The station's own health centre first: the upper level it reports to.
  const place = useStationAndUpperLevel(resident.currentAddress.communeCode);
  const conditions = useListOptions('teleconsult-condition', 'code');
  const [condition, setCondition] = useState<string | null>(null);
  const [urgency, setUrgency] = useState<'routine' | 'urgent'>('routine');
  const [vitals, setVitals] = useState<Record<string, number>>({});
  const [files, setFiles] = useState<File[]>([]);
  const ready =
    !!place.originId && !!place.upperId && !!condition && text.value('summary') && text.value('question');

  const submit = async () => {
    errors.clear();
    const attachments = await Promise.all(
      files.map(async (f) => ({ fileName: f.name, mediaType: f.type, contentBase64: await readBase64(f) })),
    );
    request.mutate(
      {
        residentId: resident.id,
        requestingFacilityId: place.originId!,
        consultedFacilityId: place.upperId!,
        condition: condition!,
        urgency,
        summary: text.value('summary'),
        question: text.value('question'),
        vitals,
        attachments,
        ...text.optional('videoLink'),
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
          error={errors.field('requestingFacilityId')}
        />
        <Select
          label={t('referral.tele.consultedFacility')}
          data={place.destinations.filter((d) => d.kind === 'health_centre').map(destinationOption)}
          value={place.upperId}
          onChange={place.setUpper}
          searchable
          required
          error={errors.field('consultedFacilityId')}
        />
        <Select
          label={t('referral.tele.condition')}
          data={conditions}
          value={condition}
          onChange={setCondition}
          required
          error={errors.field('condition')}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('referral.tele.urgency')}
          </Text>
          <SegmentedControl
            value={urgency}
            onChange={(v) => setUrgency(v as 'routine' | 'urgent')}
            data={[
              { value: 'routine', label: t('referral.tele.urgencies.routine') },
              { value: 'urgent', label: t('referral.tele.urgencies.urgent') },
            ]}
          />
        </div>
      </SimpleGrid>
      {text.textarea('summary', { required: true, rows: 3 })}
      {text.textarea('question', { required: true })}
      <Text size="sm" fw={600}>
        {t('referral.tele.vitals')}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        {VITALS.map((k) => (
          <NumberInput
            key={k}
            label={t(`referral.tele.${k}`)}
            value={vitals[k] ?? ''}
            decimalScale={k === 'temperature' ? 1 : 0}
            error={errors.field(`vitals.${k}`)}
            onChange={(v) =>
              setVitals((prev) => {
                const next = { ...prev };
                if (typeof v === 'number') next[k] = v;
                else delete next[k];
                return next;
              })
            }
          />
        ))}
      </SimpleGrid>
      <RefusalText message={errors.field('vitals') ?? null} />
      <FileInput
        label={t('referral.tele.attachments')}
        accept="image/jpeg,image/png,application/pdf"
        multiple
        clearable
        value={files}
        onChange={(f) => setFiles(f ?? [])}
        error={errors.field('attachments')}
      />
      {text.textInput('videoLink', { placeholder: 'https://' })}
      <RefusalText message={errors.general} />
      <Group>
        <Button onClick={() => void submit()} loading={request.isPending} disabled={!ready}>
          {t('referral.tele.send')}
        </Button>
      </Group>
    </>
  );
}
