import { drugName } from '../../components/visits/CodeSearch';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useStaffList } from '../../api/queries';
import { useUpdateVisit, useVisit, useVisitVersion, type VisitDetail, type VisitOut } from '../../api/visits';
import { can, useUser } from '../../auth/session';
import { ErrorState, PageHeader, PageLoader } from '../../components/common';
import { Fact } from '../../components/people/common';
import { formatDateTime } from '../../components/people/format';
import { DataTable, Th } from '../../components/tables';
import { formatMoney, PaymentSummary, VisitStatusBadge } from '../../components/visits/common';
import { notifyPlausibility } from '../../components/visits/plausibility';
import { bmiOf, formFrom, VisitEditor } from '../../components/visits/VisitEditor';
import { formatDate } from '../../lib/format';

/** A visit at its current version: what was recorded, who pays what, its versions; correct or print it. */
export default function VisitPage() {
  const { id } = useParams();
  const visit = useVisit(id);
  if (visit.isError) return <ErrorState error={visit.error} onRetry={() => void visit.refetch()} />;
  if (!visit.data) return <PageLoader />;
  return <VisitView visit={visit.data} />;
}

function VisitView({ visit }: { visit: VisitDetail }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [editing, setEditing] = useState(visit.status === 'draft');
  const [shown, setShown] = useState<number | null>(null);
  const update = useUpdateVisit(visit.id);
  const staff = useStaffList({ facility: visit.facility.id, limit: 100 }, editing);
  const clinicians = useMemo(() => staff.data?.items ?? [], [staff.data]);
  const initial = useMemo(() => formFrom(visit, 'edit'), [visit]);
  const writable = can(user, 'person.write');

  return (
    <Stack gap="lg">
      <PageHeader
        eyebrow={`${visit.facility.name} · ${formatDate(visit.visitDate)}`}
        title={visit.patient.fullName}
        actions={
          <>
            <Button component={Link} to={`/visits/${visit.id}/prescription`} variant="default">
              {t('visits.print.action')}
            </Button>
            {writable && visit.status === 'finished' && !editing && (
              <Button onClick={() => setEditing(true)}>{t('visits.view.correct')}</Button>
            )}
          </>
        }
      />
      <Group gap="sm">
        <VisitStatusBadge status={visit.status} />
        <Badge variant="outline" color="gray">
          {t('visits.view.version', { version: visit.version })}
        </Badge>
        <Anchor component={Link} to={`/residents/${visit.patient.id}`} size="sm">
          {t('visits.view.profile')}
        </Anchor>
      </Group>

      <Paper withBorder p="md">
        <Title order={2} fz="lg" mb="sm">
          {t('visits.payment.title')}
        </Title>
        <PaymentSummary payment={visit.payment} />
      </Paper>

      {editing && writable ? (
        <VisitEditor
          key={visit.version}
          initial={initial}
          facilityId={visit.facility.id}
          clinicians={clinicians}
          savedPayment={visit.payment}
          mode={visit.status === 'finished' ? 'correct' : 'draft'}
          saving={update.isPending}
          error={update.error}
          onCancel={visit.status === 'finished' ? () => setEditing(false) : undefined}
          onSave={(body, finish) =>
            update.mutate(
              { ...body, baseVersion: visit.version, finish } as Parameters<typeof update.mutate>[0],
              {
                onSuccess: (saved) => {
                  notifications.show({
                    color: 'ytcs',
                    message: t('visits.saved.version', { version: saved.version }),
                  });
                  notifyPlausibility(t, i18n.language, saved.warnings);
                  setEditing(saved.status === 'draft');
                },
              },
            )
          }
        />
      ) : (
        <VisitFacts visit={visit} />
      )}

      <Paper withBorder p="md">
        <Title order={2} fz="lg" mb="sm">
          {t('visits.view.versions')}
        </Title>
        <DataTable caption={t('visits.view.versions')} minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('visits.view.versionNo')}</Th>
              <Th>{t('visits.view.kind')}</Th>
              <Th>{t('visits.view.when')}</Th>
              <Th>{t('visits.view.by')}</Th>
              <Th>{t('visits.fields.correctionReason')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visit.versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => setShown(v.version)}>
                    {t('visits.view.version', { version: v.version })}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`visits.versionKinds.${v.kind}`)}</Table.Td>
                <Table.Td>{formatDateTime(v.createdAt)}</Table.Td>
                <Table.Td>{v.createdBy}</Table.Td>
                <Table.Td>{v.reason ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      </Paper>
      {shown != null && <VersionDialog id={visit.id} version={shown} onClose={() => setShown(null)} />}
    </Stack>
  );
}

function VersionDialog({ id, version, onClose }: { id: string; version: number; onClose: () => void }) {
  const { t } = useTranslation();
  const data = useVisitVersion(id, version);
  return (
    <Modal opened onClose={onClose} size="xl" title={t('visits.view.version', { version })}>
      {data.isError ? (
        <ErrorState error={data.error} />
      ) : data.data ? (
        <VisitFacts visit={data.data} />
      ) : (
        <PageLoader />
      )}
    </Modal>
  );
}

/** What a version of a visit says, read-only. */
function VisitFacts({ visit }: { visit: VisitOut }) {
  const { t } = useTranslation();
  const v = visit.vitals;
  const bp = v.systolic != null && v.diastolic != null ? `${v.systolic}/${v.diastolic} mmHg` : '';
  const bmi = v.bmi != null ? String(v.bmi) : bmiOf(String(v.weightKg ?? ''), String(v.heightCm ?? ''));
  const dx = (d: { code: string; title: string; note: string | null }) =>
    `${d.code} — ${d.title}${d.note ? ` (${d.note})` : ''}`;
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <Fact label={t('visits.fields.clinician')}>{visit.clinician.fullName}</Fact>
          <Fact label={t('visits.fields.reason')}>{visit.reason}</Fact>
          <Fact label={t('visits.fields.bloodPressure')}>{bp}</Fact>
          <Fact label={t('visits.fields.pulse')}>{v.pulse != null ? String(v.pulse) : ''}</Fact>
          <Fact label={t('visits.fields.temperatureC')}>
            {v.temperatureC != null ? String(v.temperatureC) : ''}
          </Fact>
          {v.respiration != null && (
            <Fact label={t('plausibility.fields.respiration')}>{String(v.respiration)}</Fact>
          )}
          {v.spo2 != null && <Fact label={t('plausibility.fields.spo2')}>{String(v.spo2)}</Fact>}
          <Fact label={t('visits.fields.weightKg')}>{v.weightKg != null ? String(v.weightKg) : ''}</Fact>
          <Fact label={t('visits.fields.heightCm')}>{v.heightCm != null ? String(v.heightCm) : ''}</Fact>
          <Fact label={t('visits.fields.bmi')}>{bmi}</Fact>
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Fact label={t('visits.fields.mainDiagnosis')}>
            {visit.diagnoses.main ? dx(visit.diagnoses.main) : ''}
          </Fact>
          {visit.diagnoses.others.length > 0 && (
            <Fact label={t('visits.form.otherDiagnoses')}>{visit.diagnoses.others.map(dx).join('; ')}</Fact>
          )}
          <Fact label={t('visits.form.services')}>
            {visit.services.map((s) => `${s.name} (${formatMoney(s.amount)})`).join('; ')}
          </Fact>
        </Stack>
      </Paper>
      {visit.prescriptions.length > 0 && (
        <DataTable caption={t('visits.form.prescription')} minWidth={640}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('visits.fields.drug')}</Th>
              <Th>{t('visits.fields.dose')}</Th>
              <Th numeric>{t('visits.fields.days')}</Th>
              <Th numeric>{t('visits.fields.quantity')}</Th>
              <Th numeric>{t('visits.payment.amount')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visit.prescriptions.map((p, i) => (
              <Table.Tr key={i}>
                <Table.Td>{drugName(p)}</Table.Td>
                <Table.Td>{p.dose}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{p.days}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>
                  {p.quantity} {p.unit}
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatMoney(p.amount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Fact label={t('visits.fields.advice')}>{visit.advice}</Fact>
          <Fact label={t('visits.fields.reExaminationDate')}>{formatDate(visit.reExaminationDate)}</Fact>
        </SimpleGrid>
      </Paper>
      <Text size="xs" c="dimmed">
        {t('visits.view.updatedAt', { at: formatDateTime(visit.updatedAt) })}
      </Text>
    </Stack>
  );
}
