import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  attachmentUrl,
  slipPdfUrl,
  useAnswerConsultation,
  useReceiveReferral,
  useReferralFeedback,
  useReExamination,
  type ConsultationOut,
  type ReferralOut,
} from '../../api/referral';
import { formatDate, todayIso } from '../../lib/format';
import { RefusalText, useServerErrors } from '../ServerErrors';
import { NO_CODE, Icd10Search, type PickedCode } from '../visits/CodeSearch';
import { TransportSelect, useTextFields } from './shared';

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
  // The card's own actions have no fields: every message of a refusal is on its general line.
  const errors = useServerErrors([]);
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
            onClick={() => receive.mutate({ id: r.id }, { onError: errors.onError })}
          >
            {t('referral.receive')}
          </Button>
        )}
        {receiving && r.status === 'received' && (
          <Button
            size="xs"
            variant="light"
            loading={receive.isPending}
            onClick={() => receive.mutate({ id: r.id, seenOn: todayIso() }, { onError: errors.onError })}
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
      <RefusalText message={errors.general} mt={4} />
      <FeedbackModal referral={r} opened={feedbackOpen} onClose={() => setFeedbackOpen(false)} />
      {reExamOpen && <ReExaminationModal referral={r} onClose={() => setReExamOpen(false)} />}
    </Paper>
  );
}

const RE_EXAMINATION_TEXT = ['clinicalSigns', 'course', 'treatmentPlan', 'conditionAtTransfer'] as const;
const RE_EXAMINATION_FIELDS = ['issuedOn', ...RE_EXAMINATION_TEXT, 'transport'];
const FEEDBACK_FIELDS = ['feedbackOn', 'diagnosisCode', 'findings', 'treatment', 'advice', 'reExaminationOn'];

/**
 * A re-examination slip (giấy chuyển khám lại): the station sends the patient back to the facility
 * that returned the slip, for the appointment its feedback set; the slip is numbered and valid as any.
 */
function ReExaminationModal({ referral: r, onClose }: { referral: ReferralOut; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useReExamination();
  const errors = useServerErrors(RE_EXAMINATION_FIELDS);
  const text = useTextFields(errors);
  const [issuedOn, setIssuedOn] = useState(todayIso());
  const [transport, setTransport] = useState<string | null>(null);
  const ready = RE_EXAMINATION_TEXT.every((f) => text.value(f)) && !!transport;
  const submit = () => {
    errors.clear();
    create.mutate(
      {
        id: r.id,
        issuedOn,
        clinicalSigns: text.value('clinicalSigns'),
        course: text.value('course'),
        treatmentPlan: text.value('treatmentPlan'),
        conditionAtTransfer: text.value('conditionAtTransfer'),
        transport: transport!,
      },
      { onSuccess: onClose, onError: errors.onError },
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
          error={errors.field('issuedOn')}
        />
        {RE_EXAMINATION_TEXT.map((f) =>
          text.textarea(f, { required: true, rows: f === 'conditionAtTransfer' ? 1 : 2 }),
        )}
        <TransportSelect value={transport} onChange={setTransport} error={errors.field('transport')} />
        <RefusalText message={errors.general} />
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
  const errors = useServerErrors(FEEDBACK_FIELDS);
  const text = useTextFields(errors, 'referral.feedback');
  const [feedbackOn, setFeedbackOn] = useState(todayIso());
  const [diagnosis, setDiagnosis] = useState<PickedCode>(NO_CODE);
  const [reExaminationOn, setReExaminationOn] = useState('');
  const submit = () => {
    errors.clear();
    feedback.mutate(
      {
        id: r.id,
        feedbackOn,
        findings: text.value('findings'),
        ...(diagnosis.code ? { diagnosisCode: diagnosis.code } : {}),
        ...text.optional('treatment'),
        ...text.optional('advice'),
        ...(reExaminationOn ? { reExaminationOn } : {}),
      },
      { onSuccess: onClose, onError: errors.onError },
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
          error={errors.field('feedbackOn')}
        />
        <Icd10Search
          label={t('referral.feedback.diagnosis')}
          value={diagnosis}
          onChange={setDiagnosis}
          on={feedbackOn}
          error={errors.field('diagnosisCode')}
        />
        {text.textarea('findings', { required: true })}
        {text.textarea('treatment', { rows: 1 })}
        {text.textarea('advice', { rows: 1 })}
        <TextInput
          type="date"
          label={t('referral.feedback.reExaminationOn')}
          value={reExaminationOn}
          onChange={(e) => setReExaminationOn(e.currentTarget.value)}
          error={errors.field('reExaminationOn')}
        />
        <RefusalText message={errors.general} />
        <Button onClick={submit} loading={feedback.isPending} disabled={!text.value('findings')}>
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
  const errors = useServerErrors(['answer', 'advice']);
  const text = useTextFields(errors, 'referral.tele');
  return (
    <Modal opened={opened} onClose={onClose} title={t('referral.tele.reply')} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {c.patientName} · {c.question}
        </Text>
        {text.textarea('answer', { required: true, rows: 3 })}
        {text.textarea('advice', { rows: 1 })}
        <RefusalText message={errors.general} />
        <Button
          loading={answer.isPending}
          disabled={!text.value('answer')}
          onClick={() => {
            errors.clear();
            answer.mutate(
              { id: c.id, answer: text.value('answer'), ...text.optional('advice'), close: true },
              { onSuccess: onClose, onError: errors.onError },
            );
          }}
        >
          {t('referral.tele.saveAnswer')}
        </Button>
      </Stack>
    </Modal>
  );
}
