import {
  Button,
  FileInput,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useResident } from '../../api/people';
import { useDestinations, useReferralList, useRequestConsultation } from '../../api/referral';
import { ErrorState, PageHeader, PageLoader } from '../../components/common';
import { problemText } from '../../components/referral/cards';
import { useStations } from '../../components/visits/common';

const VITALS = ['systolic', 'diastolic', 'pulse', 'spo2', 'temperature'] as const;

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
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const residentId = params.get('resident') ?? undefined;
  const resident = useResident(residentId);
  const stations = useStations(resident.data?.currentAddress.communeCode);
  const destinations = useDestinations();
  const conditions = useReferralList('teleconsult-condition');
  const request = useRequestConsultation();
  const [origin, setOrigin] = useState<string | null>(null);
  const [consulted, setConsulted] = useState<string | null>(null);
  const [condition, setCondition] = useState<string | null>(null);
  const [urgency, setUrgency] = useState<'routine' | 'urgent'>('routine');
  const [summary, setSummary] = useState('');
  const [question, setQuestion] = useState('');
  const [videoLink, setVideoLink] = useState('');
  const [vitals, setVitals] = useState<Record<string, number>>({});
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);

  if (!residentId) return <ErrorState error={new Error(t('referral.required'))} />;
  if (resident.isError) return <ErrorState error={resident.error} onRetry={() => void resident.refetch()} />;
  if (!resident.data) return <PageLoader />;
  const originId = origin ?? stations.stations[0]?.id ?? null;
  // The station's own health centre first: the upper level it reports to.
  const consultedId = consulted ?? stations.stations.find((s) => s.id === originId)?.parentFacilityId ?? null;
  const ready = !!originId && !!consultedId && !!condition && summary.trim() && question.trim();

  const submit = async () => {
    setError(null);
    const attachments = await Promise.all(
      files.map(async (f) => ({ fileName: f.name, mediaType: f.type, contentBase64: await readBase64(f) })),
    );
    request.mutate(
      {
        residentId,
        requestingFacilityId: originId!,
        consultedFacilityId: consultedId!,
        condition: condition!,
        urgency,
        summary: summary.trim(),
        question: question.trim(),
        vitals,
        attachments,
        ...(videoLink.trim() ? { videoLink: videoLink.trim() } : {}),
      },
      {
        onSuccess: () => navigate(`/residents/${residentId}?tab=referrals`),
        onError: (e) => setError(problemText(e)),
      },
    );
  };

  return (
    <>
      <PageHeader title={t('referral.ask')} eyebrow={resident.data.fullName} />
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
              label={t('referral.tele.consultedFacility')}
              data={(destinations.data ?? [])
                .filter((d) => d.kind === 'health_centre')
                .map((d) => ({ value: d.id, label: `${d.name} (${d.code})` }))}
              value={consultedId}
              onChange={setConsulted}
              searchable
              required
            />
            <Select
              label={t('referral.tele.condition')}
              data={(conditions.data ?? []).map((c) => ({
                value: c.code,
                label: i18n.language === 'en' ? c.displayEn : c.displayVi,
              }))}
              value={condition}
              onChange={setCondition}
              required
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
          <Textarea
            label={t('referral.tele.summary')}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            required
            autosize
            minRows={3}
          />
          <Textarea
            label={t('referral.tele.question')}
            value={question}
            onChange={(e) => setQuestion(e.currentTarget.value)}
            required
            autosize
            minRows={2}
          />
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
          <FileInput
            label={t('referral.tele.attachments')}
            accept="image/jpeg,image/png,application/pdf"
            multiple
            clearable
            value={files}
            onChange={(f) => setFiles(f ?? [])}
          />
          <TextInput
            label={t('referral.tele.videoLink')}
            value={videoLink}
            onChange={(e) => setVideoLink(e.currentTarget.value)}
            placeholder="https://"
          />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group>
            <Button onClick={() => void submit()} loading={request.isPending} disabled={!ready}>
              {t('referral.tele.send')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}
