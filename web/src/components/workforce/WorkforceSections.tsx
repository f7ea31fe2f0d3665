/**
 * The workforce parts of a health worker's page (practising certificates, trainings) and of a
 * station's page (approved posts against staff in post): lists that read on a phone, and small dialogs
 * whose errors come from the server, field by field, in the user's language.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useAddCertificate,
  useAddTraining,
  useApprovePositions,
  useCertificates,
  usePositions,
  useRevokeCertificate,
  useTrainings,
  type CertificateOut,
} from '../../api/workforce';
import { TRAINING_KINDS } from '../../../../src/modules/network/workforce-contracts';
import { formatDate, formatNumber, parseDate, todayIso } from '../../lib/format';
import { useTitles } from '../../lib/titles';
import { EmptyNote, ErrorState, PageLoader, SectionTitle } from '../common';
import { DateField } from '../DateField';
import { fieldBinder, FormDialog, savedThen, useFormErrors } from '../people/editing';
import { CardItem, DataTable, Th } from '../tables';

const idOf = (prefix: string) => (path: string) => `${prefix}-${path.replace(/\./g, '-')}`;
/** A date typed dd/mm/yyyy as the server wants it (anything unreadable goes as typed: the server says why). */
const iso = (text: string) => parseDate(text) ?? (text.trim() || null);

const STATUS_COLOR: Record<CertificateOut['status'], string> = {
  valid: 'ytcs',
  expired: 'orange',
  revoked: 'red',
};

/** A health worker's practising certificates, with adding and revoking for those who keep staff records. */
export function CertificatesSection({ staffId, editable }: { staffId: string; editable: boolean }) {
  const { t } = useTranslation();
  const certificates = useCertificates(staffId);
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<CertificateOut | null>(null);
  return (
    <section aria-labelledby="certificates-title">
      <SectionTitle
        right={
          editable && (
            <Button variant="default" onClick={() => setAdding(true)}>
              {t('workforce.certificates.add')}
            </Button>
          )
        }
      >
        <span id="certificates-title">{t('workforce.certificates.title')}</span>
      </SectionTitle>
      <Text size="sm" c="dimmed" mb="sm">
        {t('workforce.certificates.hint')}
      </Text>
      {certificates.isPending ? (
        <PageLoader />
      ) : certificates.isError ? (
        <ErrorState error={certificates.error} onRetry={() => void certificates.refetch()} />
      ) : !certificates.data.length ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('workforce.certificates.none')}</EmptyNote>
        </Paper>
      ) : (
        <Stack
          gap="xs"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('workforce.certificates.title')}
        >
          {certificates.data.map((c) => (
            <CardItem key={c.id}>
              <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
                <div style={{ minWidth: 0, flex: '1 1 260px' }}>
                  <Text fw={700}>{c.number}</Text>
                  <Text size="sm">{c.scope}</Text>
                  <Text size="sm" c="dimmed">
                    {t('workforce.certificates.issued', { by: c.issuedBy, on: formatDate(c.issuedOn) })}
                    {c.validTo
                      ? ` · ${t('workforce.certificates.until', { on: formatDate(c.validTo) })}`
                      : ''}
                  </Text>
                  {c.revokedOn && (
                    <Text size="sm" c="red.8">
                      {t('workforce.certificates.revokedOn', {
                        on: formatDate(c.revokedOn),
                        reason: c.revokedReason ?? '',
                      })}
                    </Text>
                  )}
                </div>
                <Group gap="xs">
                  <Badge color={STATUS_COLOR[c.status]} variant="light">
                    {t(`workforce.certificates.status.${c.status}`)}
                  </Badge>
                  {editable && !c.revokedOn && (
                    <Button
                      variant="subtle"
                      color="red"
                      size="xs"
                      onClick={() => setRevoking(c)}
                      aria-label={t('workforce.certificates.revokeOf', { number: c.number })}
                    >
                      {t('workforce.certificates.revoke')}
                    </Button>
                  )}
                </Group>
              </Group>
            </CardItem>
          ))}
        </Stack>
      )}
      {adding && <AddCertificateDialog staffId={staffId} onClose={() => setAdding(false)} />}
      {revoking && (
        <RevokeCertificateDialog staffId={staffId} certificate={revoking} onClose={() => setRevoking(null)} />
      )}
    </section>
  );
}

function AddCertificateDialog({ staffId, onClose }: { staffId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const add = useAddCertificate(staffId);
  const form = useFormErrors(['number', 'scope', 'issuedBy', 'issuedOn', 'validTo']);
  const ids = idOf('certificate');
  const bind = fieldBinder(form, ids);
  const [number, setNumber] = useState('');
  const [scope, setScope] = useState('');
  const [issuedBy, setIssuedBy] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const [validTo, setValidTo] = useState('');
  const submit = () => {
    form.reset();
    add.mutate(
      {
        number: number.trim(),
        scope: scope.trim(),
        issuedBy: issuedBy.trim(),
        issuedOn: iso(issuedOn) ?? '',
        validTo: iso(validTo),
      },
      savedThen(form, ids, t('workforce.certificates.added', { number: number.trim() }), onClose),
    );
  };
  return (
    <FormDialog
      title={t('workforce.certificates.add')}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={add.isPending}
    >
      <TextInput
        {...bind.text('number', number, setNumber)}
        label={t('workforce.certificates.number')}
        description={t('workforce.certificates.numberHint')}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        maxLength={50}
        withAsterisk
      />
      <TextInput
        {...bind.text('scope', scope, setScope)}
        label={t('workforce.certificates.scope')}
        maxLength={500}
        withAsterisk
      />
      <TextInput
        {...bind.text('issuedBy', issuedBy, setIssuedBy)}
        label={t('workforce.certificates.issuedBy')}
        placeholder={t('workforce.certificates.issuedByExample')}
        maxLength={200}
        withAsterisk
      />
      <Group grow align="flex-start">
        <DateField
          {...bind.date('issuedOn', issuedOn, setIssuedOn)}
          label={t('workforce.certificates.issuedOn')}
          withAsterisk
        />
        <DateField
          {...bind.date('validTo', validTo, setValidTo)}
          label={t('workforce.certificates.validTo')}
          description={t('workforce.certificates.validToHint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
        />
      </Group>
    </FormDialog>
  );
}

function RevokeCertificateDialog({
  staffId,
  certificate,
  onClose,
}: {
  staffId: string;
  certificate: CertificateOut;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const revoke = useRevokeCertificate(staffId);
  const form = useFormErrors(['revokedOn', 'reason']);
  const ids = idOf('revoke');
  const bind = fieldBinder(form, ids);
  const [revokedOn, setRevokedOn] = useState(formatDate(todayIso()));
  const [reason, setReason] = useState('');
  const submit = () => {
    form.reset();
    revoke.mutate(
      { id: certificate.id, revokedOn: iso(revokedOn) ?? '', reason: reason.trim() },
      savedThen(form, ids, t('workforce.certificates.revoked', { number: certificate.number }), onClose),
    );
  };
  return (
    <FormDialog
      title={t('workforce.certificates.revokeOf', { number: certificate.number })}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={revoke.isPending}
      submitLabel={t('workforce.certificates.revoke')}
      danger
    >
      <DateField
        {...bind.date('revokedOn', revokedOn, setRevokedOn)}
        label={t('workforce.certificates.revokedFrom')}
        withAsterisk
      />
      <TextInput
        {...bind.text('reason', reason, setReason)}
        label={t('workforce.certificates.reason')}
        maxLength={300}
        withAsterisk
      />
    </FormDialog>
  );
}

/** A health worker's trainings and continuing-education hours over 5 years. */
export function TrainingsSection({ staffId, editable }: { staffId: string; editable: boolean }) {
  const { t } = useTranslation();
  const trainings = useTrainings(staffId);
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="trainings-title">
      <SectionTitle
        right={
          editable && (
            <Button variant="default" onClick={() => setAdding(true)}>
              {t('workforce.trainings.add')}
            </Button>
          )
        }
      >
        <span id="trainings-title">{t('workforce.trainings.title')}</span>
      </SectionTitle>
      {trainings.isPending ? (
        <PageLoader />
      ) : trainings.isError ? (
        <ErrorState error={trainings.error} onRetry={() => void trainings.refetch()} />
      ) : (
        <Stack gap="xs">
          <Text size="sm">
            {t('workforce.trainings.cmeHours', { hours: formatNumber(trainings.data.cmeHoursLast5Years) })}
          </Text>
          {!trainings.data.items.length ? (
            <Paper withBorder p="lg">
              <EmptyNote>{t('workforce.trainings.none')}</EmptyNote>
            </Paper>
          ) : (
            <Stack
              gap="xs"
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-label={t('workforce.trainings.title')}
            >
              {trainings.data.items.map((x) => (
                <CardItem key={x.id}>
                  <Group justify="space-between" gap="sm" wrap="wrap">
                    <div style={{ minWidth: 0, flex: '1 1 260px' }}>
                      <Text fw={600}>{x.course}</Text>
                      <Text size="sm" c="dimmed">
                        {x.provider} · {formatDate(x.startedOn)}–{formatDate(x.endedOn)}
                        {x.certificateNo ? ` · ${x.certificateNo}` : ''}
                      </Text>
                    </div>
                    <Group gap="xs">
                      <Badge variant="light" color="gray">
                        {t(`workforce.trainings.kinds.${x.kind}`)}
                      </Badge>
                      <Text fw={700}>{t('workforce.trainings.hours', { hours: formatNumber(x.hours) })}</Text>
                    </Group>
                  </Group>
                </CardItem>
              ))}
            </Stack>
          )}
        </Stack>
      )}
      {adding && <AddTrainingDialog staffId={staffId} onClose={() => setAdding(false)} />}
    </section>
  );
}

function AddTrainingDialog({ staffId, onClose }: { staffId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const add = useAddTraining(staffId);
  const form = useFormErrors([
    'kind',
    'course',
    'provider',
    'startedOn',
    'endedOn',
    'hours',
    'certificateNo',
  ]);
  const ids = idOf('training');
  const bind = fieldBinder(form, ids);
  const [kind, setKind] = useState<(typeof TRAINING_KINDS)[number]>('cme');
  const [course, setCourse] = useState('');
  const [provider, setProvider] = useState('');
  const [startedOn, setStartedOn] = useState('');
  const [endedOn, setEndedOn] = useState('');
  const [hours, setHours] = useState('');
  const [certificateNo, setCertificateNo] = useState('');
  const submit = () => {
    form.reset();
    add.mutate(
      {
        kind,
        course: course.trim(),
        provider: provider.trim(),
        startedOn: iso(startedOn) ?? '',
        endedOn: iso(endedOn) ?? '',
        hours: Number(hours.replace(',', '.')),
        certificateNo: certificateNo.trim() || null,
      },
      savedThen(form, ids, t('workforce.trainings.added'), onClose),
    );
  };
  return (
    <FormDialog
      title={t('workforce.trainings.add')}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={add.isPending}
    >
      <NativeSelect
        id={ids('kind')}
        error={form.errors.kind}
        label={t('workforce.trainings.kind')}
        data={TRAINING_KINDS.map((k) => ({ value: k, label: t(`workforce.trainings.kinds.${k}`) }))}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as (typeof TRAINING_KINDS)[number])}
      />
      <TextInput
        {...bind.text('course', course, setCourse)}
        label={t('workforce.trainings.course')}
        maxLength={300}
        withAsterisk
      />
      <TextInput
        {...bind.text('provider', provider, setProvider)}
        label={t('workforce.trainings.provider')}
        maxLength={200}
        withAsterisk
      />
      <Group grow align="flex-start">
        <DateField
          {...bind.date('startedOn', startedOn, setStartedOn)}
          label={t('workforce.trainings.startedOn')}
          withAsterisk
        />
        <DateField
          {...bind.date('endedOn', endedOn, setEndedOn)}
          label={t('workforce.trainings.endedOn')}
          withAsterisk
        />
      </Group>
      <Group grow align="flex-start">
        <TextInput
          {...bind.text('hours', hours, setHours)}
          label={t('workforce.trainings.hoursLabel')}
          inputMode="decimal"
          maxLength={7}
          withAsterisk
        />
        <TextInput
          {...bind.text('certificateNo', certificateNo, setCertificateNo)}
          label={t('workforce.trainings.certificateNo')}
          maxLength={100}
        />
      </Group>
    </FormDialog>
  );
}

/** A station's approved posts by title against staff in post today, with the decision behind each. */
export function PositionsSection({ facilityId, editable }: { facilityId: string; editable: boolean }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const positions = usePositions(facilityId);
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="positions-title">
      <SectionTitle
        right={
          editable && (
            <Button variant="default" onClick={() => setAdding(true)}>
              {t('workforce.positions.add')}
            </Button>
          )
        }
      >
        <span id="positions-title">{t('workforce.positions.title')}</span>
      </SectionTitle>
      {positions.isPending ? (
        <PageLoader />
      ) : positions.isError ? (
        <ErrorState error={positions.error} onRetry={() => void positions.refetch()} />
      ) : !positions.data.rows.length ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('workforce.positions.none')}</EmptyNote>
        </Paper>
      ) : (
        <DataTable minWidth={420} caption={t('workforce.positions.title')}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('workforce.positions.titleColumn')}</Th>
              <Th numeric>{t('workforce.positions.approved')}</Th>
              <Th numeric>{t('workforce.positions.inPost')}</Th>
              <Th numeric>{t('workforce.positions.vacancies')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {positions.data.rows.map((r) => (
              <Table.Tr key={r.title}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {titles.label(r.title)}
                  </Text>
                  {r.decision && (
                    <Text size="xs" c="dimmed">
                      {t('workforce.positions.decision', {
                        decision: r.decision,
                        from: formatDate(r.validFrom),
                      })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">{r.approved === null ? '—' : formatNumber(r.approved)}</Table.Td>
                <Table.Td ta="right">{formatNumber(r.inPost)}</Table.Td>
                <Table.Td
                  ta="right"
                  fw={r.vacancies ? 700 : undefined}
                  c={r.vacancies ? 'orange.8' : undefined}
                >
                  {r.vacancies === null ? t('workforce.positions.noDecision') : formatNumber(r.vacancies)}
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td fw={700}>{t('workforce.positions.total')}</Table.Td>
              <Table.Td ta="right" fw={700}>
                {formatNumber(positions.data.totals.approved)}
              </Table.Td>
              <Table.Td ta="right" fw={700}>
                {formatNumber(positions.data.totals.inPost)}
              </Table.Td>
              <Table.Td ta="right" fw={700}>
                {formatNumber(positions.data.totals.vacancies)}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </DataTable>
      )}
      {adding && <ApprovePositionsDialog facilityId={facilityId} onClose={() => setAdding(false)} />}
    </section>
  );
}

function ApprovePositionsDialog({ facilityId, onClose }: { facilityId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const approve = useApprovePositions(facilityId);
  const form = useFormErrors(['title', 'count', 'decision', 'validFrom']);
  const ids = idOf('positions');
  const bind = fieldBinder(form, ids);
  const [title, setTitle] = useState('doctor');
  const [count, setCount] = useState('');
  const [decision, setDecision] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const submit = () => {
    form.reset();
    approve.mutate(
      {
        title,
        count: count.trim() ? Number(count) : Number.NaN,
        decision: decision.trim(),
        validFrom: iso(validFrom) ?? '',
      },
      savedThen(form, ids, t('workforce.positions.saved'), onClose),
    );
  };
  return (
    <FormDialog
      title={t('workforce.positions.add')}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={approve.isPending}
    >
      <Alert variant="light" color="gray">
        {t('workforce.positions.hint')}
      </Alert>
      <NativeSelect
        id={ids('title')}
        error={form.errors.title}
        label={t('workforce.positions.titleColumn')}
        data={titles.list.map((c) => ({ value: c.code, label: titles.display(c) }))}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
      />
      <Group grow align="flex-start">
        <TextInput
          {...bind.text('count', count, setCount)}
          label={t('workforce.positions.approved')}
          inputMode="numeric"
          maxLength={3}
          withAsterisk
        />
        <DateField
          {...bind.date('validFrom', validFrom, setValidFrom)}
          label={t('workforce.positions.validFrom')}
          withAsterisk
        />
      </Group>
      <TextInput
        {...bind.text('decision', decision, setDecision)}
        label={t('workforce.positions.decisionLabel')}
        maxLength={100}
        withAsterisk
      />
    </FormDialog>
  );
}
