import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { evidenceUrl, useAssessment, useAssessmentAction, type AssessmentOut } from '../../api/criteria';
import { ApiError } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { ErrorState, PageHeader, PageLoader, SectionTitle, StatCard } from '../../components/common';
import { formatDate, formatNumber } from '../../lib/format';
import { StatusBadge } from './AssessmentsPage';

type Lang = 'vi' | 'en';

/** The API's field errors by path: `body.scores.2.1` → `2.1`. */
function fieldMessages(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError)
    for (const e of error.problem.errors ?? []) out[e.path.replace(/^(body\.)?scores\./, '')] = e.message;
  return out;
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * A commune's self-assessment (tự đánh giá): what ytcs already knows with its source, the points per
 * indicator with the running score, evidence files, submission by the station head, and the upper
 * level's review (approve or return).
 */
export default function AssessmentPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'vi';
  const user = useUser();
  const assessment = useAssessment(id);
  const actions = useAssessmentAction(id ?? '');
  const [scores, setScores] = useState<Record<string, number | ''>>({});
  const [note, setNote] = useState('');
  const [reviewNote, setReviewNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileIndicator, setFileIndicator] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const a = assessment.data;

  useEffect(() => {
    if (a) {
      setScores(a.scores);
      setNote(a.note ?? '');
    }
  }, [a]);

  if (assessment.isError)
    return <ErrorState error={assessment.error} onRetry={() => void assessment.refetch()} />;
  if (!a) return <PageLoader />;
  const def = a.set.definition;
  const editable = (a.status === 'draft' || a.status === 'returned') && can(user, 'criteria.assess');
  const reviewable = a.status === 'submitted' && can(user, 'criteria.review');
  const filled = Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== '')) as Record<
    string,
    number
  >;
  const fail = (e: unknown) => {
    setErrors(fieldMessages(e));
    setMessage(e instanceof ApiError ? (e.problem.errors?.[0]?.message ?? e.message) : String(e));
  };
  const ok = (text: string) => () => {
    setErrors({});
    setMessage(text);
  };
  const save = () =>
    actions.save.mutate(
      { scores: filled, note: note || null },
      { onSuccess: ok(t('criteria.saved')), onError: fail },
    );
  const submit = () =>
    actions.save.mutate(
      { scores: filled, note: note || null },
      {
        onSuccess: () =>
          actions.submit.mutate(undefined, { onSuccess: ok(t('criteria.submitted')), onError: fail }),
        onError: fail,
      },
    );
  const review = (decision: 'approve' | 'return') =>
    actions.review.mutate(
      { decision, note: reviewNote || null },
      { onSuccess: ok(t(`criteria.reviewed.${decision}`)), onError: fail },
    );
  const upload = async () => {
    if (!file || !fileIndicator) return;
    actions.evidence.mutate(
      {
        indicatorCode: fileIndicator,
        fileName: file.name,
        mediaType: file.type,
        contentBase64: await base64Of(file),
      },
      { onSuccess: ok(t('criteria.evidence.added')), onError: fail },
    );
  };
  const score = a.score;

  return (
    <>
      <PageHeader
        title={t('criteria.assessmentTitle', { year: a.year })}
        eyebrow={a.unitName}
        description={`${a.set.code} · ${t('criteria.version', { version: a.set.version })}`}
        actions={<StatusBadge status={a.status} />}
      />
      {message && (
        <Alert color={Object.keys(errors).length ? 'red' : 'teal'} variant="light" mb="md" role="status">
          {message}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="lg">
        <StatCard label={t('criteria.total')} value={`${formatNumber(score.total)} / 100`} />
        <StatCard
          label={t('criteria.result')}
          value={score.passed ? t('criteria.meets') : t('criteria.doesNotMeet')}
        />
        <StatCard label={t('criteria.validUntil')} value={a.validUntil ? formatDate(a.validUntil) : '—'} />
      </SimpleGrid>
      {!score.passed && score.reasons.length > 0 && (
        <Text size="sm" c="dimmed" mb="md">
          {score.reasons
            .map((r) => {
              const [kind, arg] = r.split(':');
              return t(`criteria.reasons.${kind}`, { arg, min: def.passRule.minTotal });
            })
            .join(' · ')}
        </Text>
      )}

      <SectionTitle>{t('criteria.prefill')}</SectionTitle>
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="lg">
        {a.prefill.map((p) => (
          <Paper key={p.key} withBorder p="sm" aria-label={p.display[lang]}>
            <Text fw={600}>{p.display[lang]}</Text>
            <Text size="sm" c="dimmed">
              {t('criteria.source')}: {p.source[lang]} · {formatDate(p.asOf)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>

      <SectionTitle>{t('criteria.criteria')}</SectionTitle>
      <Stack gap="md" mb="lg">
        {def.criteria.map((c) => {
          const cs = score.criteria.find((x) => x.no === c.no);
          return (
            <Paper key={c.no} withBorder p="sm">
              <Group justify="space-between" mb="xs" wrap="nowrap" align="flex-start">
                <Text fw={600}>
                  {c.no}. {c.name[lang]}
                </Text>
                <Badge color={cs?.enough ? 'teal' : 'orange'} variant="light" style={{ flexShrink: 0 }}>
                  {formatNumber(cs?.points ?? 0)} / {c.maxPoints}
                </Badge>
              </Group>
              <Stack gap="xs">
                {c.indicators.map((i) => (
                  <Group key={i.code} align="flex-start" wrap="wrap" gap="sm">
                    <Text size="sm" style={{ flex: '1 1 240px' }}>
                      {i.code} {i.name[lang]}{' '}
                      {i.mandatory && (
                        <Badge size="xs" color="red">
                          {t('criteria.mandatory')}
                        </Badge>
                      )}
                      {i.prefill.map((k) => {
                        const p = a.prefill.find((x) => x.key === k);
                        return p ? (
                          <Text key={k} component="span" size="xs" c="dimmed" display="block">
                            {t('criteria.known')}: {p.display[lang]} ({p.source[lang]})
                          </Text>
                        ) : null;
                      })}
                    </Text>
                    <NumberInput
                      label={t('criteria.points', { code: i.code, max: i.maxPoints })}
                      value={scores[i.code] ?? ''}
                      onChange={(v) => setScores((s) => ({ ...s, [i.code]: v === '' ? '' : Number(v) }))}
                      min={0}
                      step={0.5}
                      decimalScale={2}
                      disabled={!editable}
                      error={errors[i.code]}
                      w={180}
                    />
                  </Group>
                ))}
              </Stack>
            </Paper>
          );
        })}
      </Stack>

      <SectionTitle>{t('criteria.evidence.title')}</SectionTitle>
      <Stack gap="xs" mb="lg">
        {a.evidence.length === 0 && <Text c="dimmed">{t('criteria.evidence.none')}</Text>}
        {a.evidence.map((e) => (
          <Text key={e.id} size="sm">
            {e.indicatorCode} · <Anchor href={evidenceUrl(a.id, e.id)}>{e.fileName}</Anchor> (
            {formatNumber(Math.round(e.size / 1024))} KB)
          </Text>
        ))}
        {editable && (
          <Group align="flex-end" wrap="wrap">
            <Select
              label={t('criteria.evidence.indicator')}
              data={def.criteria.flatMap((c) => c.indicators.map((i) => i.code))}
              value={fileIndicator}
              onChange={setFileIndicator}
              w={140}
            />
            <FileInput
              label={t('criteria.evidence.file')}
              accept="application/pdf,image/jpeg,image/png"
              value={file}
              onChange={setFile}
              w={240}
            />
            <Button
              variant="light"
              onClick={() => void upload()}
              disabled={!file || !fileIndicator}
              loading={actions.evidence.isPending}
            >
              {t('criteria.evidence.add')}
            </Button>
          </Group>
        )}
      </Stack>

      {editable && (
        <Paper withBorder p="md" mb="lg">
          <Textarea
            label={t('criteria.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            mb="sm"
          />
          {a.reviewNote && (
            <Text size="sm" c="orange" mb="sm">
              {t('criteria.returnedWith')}: {a.reviewNote}
            </Text>
          )}
          <Group>
            <Button variant="default" onClick={save} loading={actions.save.isPending}>
              {t('common.save')}
            </Button>
            <Button onClick={submit} loading={actions.submit.isPending}>
              {t('criteria.submit')}
            </Button>
          </Group>
        </Paper>
      )}

      {reviewable && (
        <Paper withBorder p="md" mb="lg">
          <SectionTitle>{t('criteria.review')}</SectionTitle>
          <Textarea
            label={t('criteria.reviewNote')}
            value={reviewNote}
            onChange={(e) => setReviewNote(e.currentTarget.value)}
            mb="sm"
          />
          <Group>
            <Button color="teal" onClick={() => review('approve')} loading={actions.review.isPending}>
              {t('criteria.approve')}
            </Button>
            <Button
              color="orange"
              variant="light"
              onClick={() => review('return')}
              loading={actions.review.isPending}
            >
              {t('criteria.return')}
            </Button>
          </Group>
        </Paper>
      )}
      <History a={a} />
    </>
  );
}

function History({ a }: { a: AssessmentOut }) {
  const { t } = useTranslation();
  const rows = [
    [t('criteria.history.submitted'), a.submittedBy, a.submittedAt],
    [t('criteria.history.reviewed'), a.reviewedBy, a.reviewedAt],
  ].filter(([, by]) => by);
  if (!rows.length) return null;
  return (
    <Table mb="lg">
      <Table.Tbody>
        {rows.map(([what, by, at]) => (
          <Table.Tr key={what}>
            <Table.Td>{what}</Table.Td>
            <Table.Td>{by}</Table.Td>
            <Table.Td>{at ? formatDate(at.slice(0, 10)) : ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
