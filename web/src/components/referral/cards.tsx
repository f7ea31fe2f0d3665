import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import {
  attachmentUrl,
  slipPdfUrl,
  useAnswerConsultation,
  useReceiveReferral,
  useReferralFeedback,
  useReferralList,
  useReExamination,
  type ConsultationOut,
  type ReferralOut,
} from '../../api/referral';
import { formatDate, todayIso } from '../../lib/format';
import { NO_CODE, Icd10Search, type PickedCode } from '../visits/CodeSearch';

/** The first field message of a refusal (Vietnamese from the server), or the error's text. */
export const problemText = (e: unknown) =>
  e instanceof ApiError ? (e.problem.errors ?? []).map((x) => x.message).join(' · ') || e.message : String(e);

const STATUS_COLOR = { sent: 'gray', received: 'blue', seen: 'indigo', returned: 'teal' } as const;
const TELE_COLOR = { open: 'orange', answered: 'blue', closed: 'teal' } as const;

export function ReferralStatus({ status }: { status: ReferralOut['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {t(`referral.status.${status}`)}
    </Badge>
  );
}

/**
 * One referral slip: who, from where to where, the diagnosis, its validity and status, and the
 * receiving facility's feedback when it came. `receiving` shows the receiver's actions.
 */
export function ReferralCard({
  referral: r,
  receiving = false,
  showPatient = false,
}: {
  referral: ReferralOut;
  receiving?: boolean;
  showPatient?: boolean;
}) {
  const { t } = useTranslation();
  const receive = useReceiveReferral();
  const [feedbackOpen, setFeedbackOpen] = useState(false);
  const [reExamOpen, setReExamOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="li"
      aria-label={t('referral.slip', { number: r.slipNumber })}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap={6}>
        <div style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Text fw={700}>
            {r.kind === 're_examination' ? `${t('referral.reExamination')} · ` : ''}
            {t('referral.slip', { number: r.slipNumber })} · {formatDate(r.issuedOn)}
          </Text>
          {showPatient && (
            <Anchor component={Link} to={`/residents/${r.residentId}?tab=referrals`} fw={600}>
              {r.patientName} ({r.patientBirth.slice(0, 4)})
            </Anchor>
          )}
          <Text size="sm" c="dimmed">
            {t('referral.from')} {r.originFacility.name} → {t('referral.to')} {r.destinationFacility.name}
          </Text>
        </div>
        <ReferralStatus status={r.status} />
      </Group>
      <Text size="sm" mt={6}>
        <Text span fw={600}>
          {t('referral.fields.diagnosis')}:
        </Text>{' '}
        {r.diagnosisCode}
        {r.diagnosisTitle ? ` — ${r.diagnosisTitle}` : ''}
      </Text>
      <Text size="sm">
        <Text span fw={600}>
          {t('referral.fields.conditionAtTransfer')}:
        </Text>{' '}
        {r.conditionAtTransfer}
      </Text>
      <Text size="sm" c="dimmed">
        {t('referral.validUntil', { date: formatDate(r.validUntil) })} ({t(`referral.validity.${r.validity}`)}
        )
      </Text>
      {r.feedback ? (
        <Paper
          bg="var(--mantine-color-teal-light)"
          p="xs"
          mt="xs"
          radius="sm"
          role="region"
          aria-label={t('referral.feedback.title')}
        >
          <Text size="sm" fw={700}>
            {t('referral.feedback.title')} · {formatDate(r.feedback.feedbackOn)}
          </Text>
          <Text size="sm">{r.feedback.findings}</Text>
          {r.feedback.treatment && (
            <Text size="sm">
              {t('referral.feedback.treatment')}: {r.feedback.treatment}
            </Text>
          )}
          {r.feedback.advice && (
            <Text size="sm">
              {t('referral.feedback.advice')}: {r.feedback.advice}
            </Text>
          )}
          {r.feedback.reExaminationOn && (
            <Text size="sm">
              {t('referral.feedback.reExaminationOn')}: {formatDate(r.feedback.reExaminationOn)}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t('referral.feedback.by', { by: r.feedback.by })}
          </Text>
        </Paper>
      ) : (
        <Text size="sm" c="dimmed" fs="italic" mt={4}>
          {t('referral.feedback.awaiting')}
        </Text>
      )}
      <Group gap="xs" mt="sm" wrap="wrap">
        <Button size="xs" variant="default" component="a" href={slipPdfUrl(r.id)} target="_blank">
          {t('referral.printSlip')}
        </Button>
        {receiving && r.status === 'sent' && (
          <Button
            size="xs"
            loading={receive.isPending}
            onClick={() => receive.mutate({ id: r.id }, { onError: (e) => setError(problemText(e)) })}
          >
            {t('referral.receive')}
          </Button>
        )}
        {receiving && r.status === 'received' && (
          <Button
            size="xs"
            variant="light"
            loading={receive.isPending}
            onClick={() =>
              receive.mutate({ id: r.id, seenOn: todayIso() }, { onError: (e) => setError(problemText(e)) })
            }
          >
            {t('referral.markSeen')}
          </Button>
        )}
        {receiving && r.status !== 'returned' && (
          <Button size="xs" variant="filled" color="teal" onClick={() => setFeedbackOpen(true)}>
            {t('referral.giveFeedback')}
          </Button>
        )}
        {!receiving && r.status === 'returned' && (
          <Button size="xs" variant="light" onClick={() => setReExamOpen(true)}>
            {t('referral.reExam.open')}
          </Button>
        )}
      </Group>
      {error && (
        <Text c="red" size="sm" role="alert" mt={4}>
          {error}
        </Text>
      )}
      <FeedbackModal referral={r} opened={feedbackOpen} onClose={() => setFeedbackOpen(false)} />
      {reExamOpen && <ReExaminationModal referral={r} onClose={() => setReExamOpen(false)} />}
    </Paper>
  );
}

/**
 * A re-examination slip (giấy chuyển khám lại): the station sends the patient back to the facility
 * that returned the slip, for the appointment its feedback set; the slip is numbered and valid as any.
 */
function ReExaminationModal({ referral: r, onClose }: { referral: ReferralOut; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const create = useReExamination();
  const transports = useReferralList('transport');
  const [issuedOn, setIssuedOn] = useState(todayIso());
  const [text, setText] = useState<Record<string, string>>({});
  const [transport, setTransport] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fields = ['clinicalSigns', 'course', 'treatmentPlan', 'conditionAtTransfer'] as const;
  const ready = fields.every((f) => (text[f] ?? '').trim()) && !!transport;
  const submit = () => {
    setError(null);
    create.mutate(
      {
        id: r.id,
        issuedOn,
        clinicalSigns: text.clinicalSigns!,
        course: text.course!,
        treatmentPlan: text.treatmentPlan!,
        conditionAtTransfer: text.conditionAtTransfer!,
        transport: transport!,
      },
      { onSuccess: onClose, onError: (e) => setError(problemText(e)) },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('referral.reExam.title')} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {r.patientName} · {t('referral.to')} {r.destinationFacility.name}
          {r.feedback?.reExaminationOn
            ? ` · ${t('referral.feedback.reExaminationOn')}: ${formatDate(r.feedback.reExaminationOn)}`
            : ''}
        </Text>
        <TextInput
          type="date"
          label={t('referral.reExam.issuedOn')}
          value={issuedOn}
          onChange={(e) => setIssuedOn(e.currentTarget.value)}
          required
        />
        {fields.map((f) => (
          <Textarea
            key={f}
            label={t(`referral.fields.${f}`)}
            value={text[f] ?? ''}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setText((prev) => ({ ...prev, [f]: value }));
            }}
            required
            autosize
            minRows={f === 'conditionAtTransfer' ? 1 : 2}
          />
        ))}
        <Select
          label={t('referral.fields.transport')}
          data={(transports.data ?? []).map((v) => ({
            value: v.displayVi,
            label: i18n.language === 'en' ? v.displayEn : v.displayVi,
          }))}
          value={transport}
          onChange={setTransport}
          required
        />
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button onClick={submit} loading={create.isPending} disabled={!ready}>
          {t('referral.reExam.save')}
        </Button>
      </Stack>
    </Modal>
  );
}

function FeedbackModal({
  referral: r,
  opened,
  onClose,
}: {
  referral: ReferralOut;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const feedback = useReferralFeedback();
  const [feedbackOn, setFeedbackOn] = useState(todayIso());
  const [diagnosis, setDiagnosis] = useState<PickedCode>(NO_CODE);
  const [findings, setFindings] = useState('');
  const [treatment, setTreatment] = useState('');
  const [advice, setAdvice] = useState('');
  const [reExaminationOn, setReExaminationOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    setError(null);
    feedback.mutate(
      {
        id: r.id,
        feedbackOn,
        findings,
        ...(diagnosis.code ? { diagnosisCode: diagnosis.code } : {}),
        ...(treatment.trim() ? { treatment } : {}),
        ...(advice.trim() ? { advice } : {}),
        ...(reExaminationOn ? { reExaminationOn } : {}),
      },
      { onSuccess: onClose, onError: (e) => setError(problemText(e)) },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('referral.feedback.title')} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {r.patientName} · {t('referral.slip', { number: r.slipNumber })}
        </Text>
        <TextInput
          type="date"
          label={t('referral.feedback.on')}
          value={feedbackOn}
          onChange={(e) => setFeedbackOn(e.currentTarget.value)}
          required
        />
        <Icd10Search
          label={t('referral.feedback.diagnosis')}
          value={diagnosis}
          onChange={setDiagnosis}
          on={feedbackOn}
        />
        <Textarea
          label={t('referral.feedback.findings')}
          value={findings}
          onChange={(e) => setFindings(e.currentTarget.value)}
          required
          autosize
          minRows={2}
        />
        <Textarea
          label={t('referral.feedback.treatment')}
          value={treatment}
          onChange={(e) => setTreatment(e.currentTarget.value)}
          autosize
        />
        <Textarea
          label={t('referral.feedback.advice')}
          value={advice}
          onChange={(e) => setAdvice(e.currentTarget.value)}
          autosize
        />
        <TextInput
          type="date"
          label={t('referral.feedback.reExaminationOn')}
          value={reExaminationOn}
          onChange={(e) => setReExaminationOn(e.currentTarget.value)}
        />
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button onClick={submit} loading={feedback.isPending} disabled={!findings.trim()}>
          {t('referral.feedback.save')}
        </Button>
      </Stack>
    </Modal>
  );
}

/** One teleconsultation: the question, the vitals and files, the answer when it came. */
export function ConsultationCard({
  consultation: c,
  answering = false,
  showPatient = false,
}: {
  consultation: ConsultationOut;
  answering?: boolean;
  showPatient?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const vitals = Object.entries(c.vitals)
    .map(([k, v]) => `${t(`referral.tele.${k}`, { defaultValue: k })} ${v}`)
    .join(' · ');
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="li"
      aria-label={`${t('referral.tele.title')} ${c.patientName}`}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap={6}>
        <div style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Text fw={700}>
            {i18n.language === 'en' ? c.conditionEn : c.conditionVi}
            {c.urgency === 'urgent' ? ` · ${t('referral.tele.urgencies.urgent')}` : ''}
          </Text>
          {showPatient && (
            <Anchor component={Link} to={`/residents/${c.residentId}?tab=referrals`} fw={600}>
              {c.patientName} ({c.patientBirth.slice(0, 4)})
            </Anchor>
          )}
          <Text size="sm" c="dimmed">
            {c.requestingFacility.name} → {c.consultedFacility.name} ·{' '}
            {formatDate(c.requestedAt.slice(0, 10))}
          </Text>
        </div>
        <Badge color={TELE_COLOR[c.status]} variant="light">
          {t(`referral.tele.status.${c.status}`)}
        </Badge>
      </Group>
      <Text size="sm" mt={6}>
        {c.summary}
      </Text>
      <Text size="sm" fw={600}>
        {c.question}
      </Text>
      {vitals && (
        <Text size="sm" c="dimmed">
          {vitals}
        </Text>
      )}
      <Group gap="xs" mt={4} wrap="wrap">
        {c.attachments.map((a) => (
          <Anchor key={a.id} size="sm" href={attachmentUrl(c.id, a.id)} target="_blank">
            {a.fileName}
          </Anchor>
        ))}
        {c.videoLink && (
          <Anchor size="sm" href={c.videoLink} target="_blank" rel="noreferrer">
            {t('referral.tele.joinVideo')}
          </Anchor>
        )}
      </Group>
      {c.answer && (
        <Paper
          bg="var(--mantine-color-teal-light)"
          p="xs"
          mt="xs"
          radius="sm"
          role="region"
          aria-label={t('referral.tele.answer')}
        >
          <Text size="sm" fw={700}>
            {t('referral.tele.answer')}
          </Text>
          <Text size="sm">{c.answer}</Text>
          {c.advice && (
            <Text size="sm">
              {t('referral.tele.advice')}: {c.advice}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t('referral.tele.answeredBy', { by: c.answeredBy })}
            {c.responseMinutes !== null
              ? ` · ${t('referral.tele.responseTime', { minutes: c.responseMinutes })}`
              : ''}
          </Text>
        </Paper>
      )}
      {answering && c.status !== 'closed' && (
        <Button size="xs" mt="sm" onClick={() => setOpen(true)}>
          {t('referral.tele.reply')}
        </Button>
      )}
      <AnswerModal consultation={c} opened={open} onClose={() => setOpen(false)} />
    </Paper>
  );
}

function AnswerModal({
  consultation: c,
  opened,
  onClose,
}: {
  consultation: ConsultationOut;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const answer = useAnswerConsultation();
  const [text, setText] = useState('');
  const [advice, setAdvice] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={t('referral.tele.reply')} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {c.patientName} · {c.question}
        </Text>
        <Textarea
          label={t('referral.tele.answer')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          required
          autosize
          minRows={3}
        />
        <Textarea
          label={t('referral.tele.advice')}
          value={advice}
          onChange={(e) => setAdvice(e.currentTarget.value)}
          autosize
        />
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button
          loading={answer.isPending}
          disabled={!text.trim()}
          onClick={() =>
            answer.mutate(
              { id: c.id, answer: text, ...(advice.trim() ? { advice } : {}), close: true },
              { onSuccess: onClose, onError: (e) => setError(problemText(e)) },
            )
          }
        >
          {t('referral.tele.saveAnswer')}
        </Button>
      </Stack>
    </Modal>
  );
}
