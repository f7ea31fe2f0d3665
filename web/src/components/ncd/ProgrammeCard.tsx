import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  ENROLMENT_SOURCES,
  NCD_CONDITIONS,
  useEnrol,
  useProgrammeCard,
  useSavePlan,
  type EnrolmentOut,
  type NcdCondition,
  type ProgrammeCardOut,
} from '../../api/ncd';
import { ApiError } from '../../api/client';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { EmptyNote, ErrorState, PageLoader, SectionTitle, useErrorMessage } from '../common';
import { DateField } from '../DateField';
import { CHART_COLORS, EChart, type ChartOption } from '../indicators/EChart';
import { Fact } from '../people/common';
import { useStations } from '../visits/common';
import { BucketBadge } from './buckets';

/**
 * The patient's programme card (thẻ quản lý bệnh mạn tính) on the resident's profile: the enrolments
 * with their treatment plans, this month's control status, the next follow-up, BP and glucose over
 * time, and the calls made; enrolment from here.
 */
export function ProgrammeCard({
  residentId,
  communeCode,
  writable,
}: {
  residentId: string;
  communeCode: string;
  writable: boolean;
}) {
  const { t } = useTranslation();
  const card = useProgrammeCard(residentId);
  const [enrolling, setEnrolling] = useState(false);
  if (card.isPending) return <PageLoader />;
  if (card.isError) return <ErrorState error={card.error} onRetry={() => void card.refetch()} />;
  const c = card.data;
  const active = c.enrolments.filter((e) => !e.endedOn);
  const free = NCD_CONDITIONS.filter((k) => !active.some((e) => e.condition === k));

  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="sm">
        <Group gap={6}>
          {c.status.map((s) => (
            <Group key={s.condition} gap={4}>
              <Text size="sm" fw={600}>
                {t(`ncd.conditions.${s.condition}`)}:
              </Text>
              <BucketBadge bucket={s.bucket} />
            </Group>
          ))}
          {c.followUp && (
            <Badge color={c.followUp.daysOverdue > 0 ? 'red' : 'ytcs'} variant="light">
              {c.followUp.daysOverdue > 0
                ? t('ncd.card.followUpOverdue', {
                    date: formatDate(c.followUp.dueOn),
                    count: c.followUp.daysOverdue,
                  })
                : t('ncd.card.followUpOn', { date: formatDate(c.followUp.dueOn) })}
            </Badge>
          )}
          {c.highRisk.isHighRisk && (
            <Badge
              color="amber"
              variant="light"
              title={c.highRisk.reasons.map((r) => t(`ncd.risk.${r}`, { defaultValue: r })).join(', ')}
            >
              {t('ncd.card.highRisk')}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          {writable && (
            <Button size="sm" variant="default" component={Link} to={`/visits/new?resident=${residentId}`}>
              {t('ncd.card.followUpVisit')}
            </Button>
          )}
          {writable && free.length > 0 && (
            <Button size="sm" onClick={() => setEnrolling(true)}>
              {t('ncd.card.enrol')}
            </Button>
          )}
        </Group>
      </Group>

      {c.enrolments.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('ncd.card.notEnrolled')}</EmptyNote>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {c.enrolments.map((e) => (
            <EnrolmentPanel key={e.id} e={e} writable={writable} />
          ))}
        </SimpleGrid>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <SectionTitle>{t('ncd.card.bpChart')}</SectionTitle>
          <BpChart card={c} />
        </Paper>
        <Paper withBorder p="md">
          <SectionTitle>{t('ncd.card.glucoseChart')}</SectionTitle>
          <GlucoseChart card={c} />
        </Paper>
      </SimpleGrid>

      {c.calls.length > 0 && (
        <Paper withBorder p="md">
          <SectionTitle>{t('ncd.card.calls')}</SectionTitle>
          <Table.ScrollContainer minWidth={480} type="native">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ncd.card.calledAt')}</Table.Th>
                  <Table.Th>{t('ncd.call.outcome')}</Table.Th>
                  <Table.Th>{t('ncd.call.note')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.calls.map((call) => (
                  <Table.Tr key={call.id}>
                    <Table.Td>{formatDate(call.calledAt.slice(0, 10))}</Table.Td>
                    <Table.Td>
                      {t(`ncd.call.outcomes.${call.outcome}`)}
                      {call.removalReason && ` · ${t(`ncd.call.reasons.${call.removalReason}`)}`}
                      {call.returnedToCare && (
                        <Badge ml={6} size="xs" color="ytcs">
                          {t('ncd.card.returned')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{call.note ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      {enrolling && (
        <EnrolDialog
          residentId={residentId}
          communeCode={communeCode}
          conditions={free}
          onClose={() => setEnrolling(false)}
        />
      )}
    </Stack>
  );
}

function EnrolmentPanel({ e, writable }: { e: EnrolmentOut; writable: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const plan = e.plan;
  return (
    <Paper withBorder p="md">
      {editing && <PlanDialog e={e} onClose={() => setEditing(false)} />}
      <Group justify="space-between" mb="sm">
        <Text fw={700}>{t(`ncd.conditions.${e.condition}`)}</Text>
        {writable && !e.endedOn && (
          <Button size="xs" variant="light" onClick={() => setEditing(true)}>
            {t('ncd.plan.edit')}
          </Button>
        )}
        {e.endedOn && (
          <Badge color="gray">
            {t('ncd.card.ended', { date: formatDate(e.endedOn) })}
            {e.endReason && ` · ${t(`ncd.endReasons.${e.endReason}`, { defaultValue: e.endReason })}`}
          </Badge>
        )}
      </Group>
      <SimpleGrid cols={2} spacing="sm">
        <Fact label={t('ncd.fields.diagnosedOn')}>{formatDate(e.diagnosedOn)}</Fact>
        <Fact label={t('ncd.fields.registeredOn')}>{formatDate(e.registeredOn)}</Fact>
        <Fact label={t('ncd.fields.source')}>{t(`ncd.sources.${e.source}`)}</Fact>
        <Fact label={t('ncd.fields.facility')}>{e.facilityName}</Fact>
        <Fact label={t('ncd.fields.clinician')}>{e.clinicianName}</Fact>
      </SimpleGrid>
      <Text fw={600} mt="md" size="sm">
        {t('ncd.card.plan')}
      </Text>
      {!plan ? (
        <EmptyNote>{t('ncd.card.noPlan')}</EmptyNote>
      ) : (
        <Stack gap={4} mt={4}>
          {plan.medicines.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('ncd.card.noMedicines')}
            </Text>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {plan.medicines.map((m, i) => (
                <li key={i}>
                  <Text size="sm">
                    <b>{m.name}</b> — {m.dose}
                  </Text>
                </li>
              ))}
            </ul>
          )}
          {(plan.targets.systolic || plan.targets.diastolic) && (
            <Text size="sm">
              {t('ncd.card.bpTarget', {
                sys: plan.targets.systolic ?? '—',
                dia: plan.targets.diastolic ?? '—',
              })}
            </Text>
          )}
          {plan.targets.hba1c != null && (
            <Text size="sm">{t('ncd.card.hba1cTarget', { value: plan.targets.hba1c })}</Text>
          )}
          {plan.followUpDays != null && (
            <Text size="sm">{t('ncd.card.followUpEvery', { count: plan.followUpDays })}</Text>
          )}
          {plan.note && (
            <Text size="sm" c="dimmed">
              {plan.note}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function BpChart({ card }: { card: ProgrammeCardOut }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: card.bp.map((r) => formatDate(r.on)) },
      yAxis: {
        type: 'value',
        min: 40,
        max: 220,
        interval: 30,
        splitLine: { lineStyle: { color: CHART_COLORS.grid } },
      },
      series: [
        {
          name: t('ncd.card.systolic'),
          type: 'line',
          data: card.bp.map((r) => r.systolic),
          color: CHART_COLORS.main,
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: CHART_COLORS.target, type: 'dashed' },
            label: { show: false },
            data: [{ yAxis: 140 }, { yAxis: 90 }],
          },
        },
        {
          name: t('ncd.card.diastolic'),
          type: 'line',
          data: card.bp.map((r) => r.diastolic),
          color: CHART_COLORS.light,
        },
      ],
    }),
    [card.bp, t],
  );
  if (card.bp.length === 0) return <EmptyNote>{t('ncd.card.noReadings')}</EmptyNote>;
  const last = card.bp.at(-1)!;
  return (
    <>
      <EChart option={option} height={220} label={t('ncd.card.bpChartLabel', { count: card.bp.length })} />
      <Text size="sm" c="dimmed">
        {t('ncd.card.lastBp', { sys: last.systolic, dia: last.diastolic, date: formatDate(last.on) })}{' '}
        {t('ncd.card.bpLines')}
      </Text>
    </>
  );
}

const GLUCOSE_COLORS = [CHART_COLORS.main, CHART_COLORS.target, '#5b4fc4'];

function GlucoseChart({ card }: { card: ProgrammeCardOut }) {
  const { t } = useTranslation();
  const shown = (['fasting', 'random', 'hba1c'] as const).filter((k) =>
    card.glucose.some((g) => g.kind === k),
  );
  const option = useMemo<ChartOption>(() => {
    const days = [...new Set(card.glucose.map((g) => g.on))].sort();
    return {
      grid: { left: 40, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: days.map(formatDate) },
      yAxis: { type: 'value', splitLine: { lineStyle: { color: CHART_COLORS.grid } } },
      series: (['fasting', 'random', 'hba1c'] as const)
        .filter((k) => card.glucose.some((g) => g.kind === k))
        .map((k, i) => ({
          name: t(`ncd.glucose.${k}`),
          type: 'line' as const,
          connectNulls: true,
          color: GLUCOSE_COLORS[i],
          data: days.map((d) => card.glucose.find((g) => g.on === d && g.kind === k)?.value ?? null),
        })),
    };
  }, [card.glucose, t]);
  if (card.glucose.length === 0) return <EmptyNote>{t('ncd.card.noReadings')}</EmptyNote>;
  const last = card.glucose.at(-1)!;
  return (
    <>
      <Group gap="md" mb={4} wrap="wrap" aria-hidden>
        {shown.map((k, i) => (
          <Group key={k} gap={6}>
            <span style={{ width: 12, height: 3, background: GLUCOSE_COLORS[i], display: 'inline-block' }} />
            <Text size="xs">{t(`ncd.glucose.${k}`)}</Text>
          </Group>
        ))}
      </Group>
      <EChart
        option={option}
        height={220}
        label={t('ncd.card.glucoseChartLabel', { count: card.glucose.length })}
      />
      <Text size="sm" c="dimmed">
        {t('ncd.card.lastGlucose', {
          kind: t(`ncd.glucose.${last.kind}`),
          value: last.value,
          date: formatDate(last.on),
        })}
      </Text>
    </>
  );
}

function EnrolDialog({
  residentId,
  communeCode,
  conditions,
  onClose,
}: {
  residentId: string;
  communeCode: string;
  conditions: NcdCondition[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const enrol = useEnrol();
  const { stations } = useStations(communeCode);
  const [condition, setCondition] = useState<NcdCondition>(conditions[0]!);
  const [source, setSource] = useState<(typeof ENROLMENT_SOURCES)[number]>('screened_here');
  const [diagnosedOn, setDiagnosedOn] = useState<string | null>(todayIso());
  const [registeredOn, setRegisteredOn] = useState<string | null>(todayIso());
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const facility = facilityId ?? stations[0]?.id ?? null;
  const fieldErrors = enrol.error instanceof ApiError ? enrol.error.fieldErrors() : {};

  const save = () => {
    if (!facility || !diagnosedOn) return;
    enrol.mutate(
      {
        residentId,
        condition,
        source,
        diagnosedOn,
        ...(registeredOn ? { registeredOn } : {}),
        facilityId: facility,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'ytcs', message: t('ncd.enrol.saved') });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('ncd.enrol.title')}>
      <Stack gap="sm">
        <Select
          label={t('ncd.fields.condition')}
          data={conditions.map((k) => ({ value: k, label: t(`ncd.conditions.${k}`) }))}
          value={condition}
          onChange={(v) => v && setCondition(v as NcdCondition)}
          allowDeselect={false}
          error={fieldErrors.condition?.message}
        />
        <Select
          label={t('ncd.fields.source')}
          data={ENROLMENT_SOURCES.map((k) => ({ value: k, label: t(`ncd.sources.${k}`) }))}
          value={source}
          onChange={(v) => v && setSource(v as (typeof ENROLMENT_SOURCES)[number])}
          allowDeselect={false}
        />
        <DateField
          label={t('ncd.fields.diagnosedOn')}
          defaultValue={formatDate(diagnosedOn)}
          onChange={(v) => setDiagnosedOn(parseDate(v) ?? null)}
          error={fieldErrors.diagnosedOn?.message}
        />
        <DateField
          label={t('ncd.fields.registeredOn')}
          defaultValue={formatDate(registeredOn)}
          onChange={(v) => setRegisteredOn(parseDate(v) ?? null)}
          error={fieldErrors.registeredOn?.message}
        />
        {stations.length > 1 && (
          <Select
            label={t('ncd.fields.facility')}
            data={stations.map((s) => ({ value: s.id, label: s.name }))}
            value={facility}
            onChange={setFacilityId}
            allowDeselect={false}
          />
        )}
        {enrol.isError && (
          <Alert color="red" role="alert">
            {message(enrol.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={save} loading={enrol.isPending} disabled={!facility || !diagnosedOn}>
            {t('ncd.enrol.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const numberOrNull = (v: string | number) => (typeof v === 'number' ? v : v === '' ? null : Number(v));

/** The treatment plan (phác đồ điều trị): medicines and doses, personal targets, follow-up interval. */
function PlanDialog({ e, onClose }: { e: EnrolmentOut; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const save = useSavePlan(e.id);
  const [medicines, setMedicines] = useState(
    (e.plan?.medicines ?? []).map((m) => ({ name: m.name, dose: m.dose })),
  );
  const [systolic, setSystolic] = useState<number | null>(e.plan?.targets.systolic ?? null);
  const [diastolic, setDiastolic] = useState<number | null>(e.plan?.targets.diastolic ?? null);
  const [hba1c, setHba1c] = useState<number | null>(e.plan?.targets.hba1c ?? null);
  const [followUpDays, setFollowUpDays] = useState<number | null>(e.plan?.followUpDays ?? null);
  const [note, setNote] = useState(e.plan?.note ?? '');
  const errors = save.error instanceof ApiError ? (save.error.problem.errors ?? []) : [];
  const errorAt = (path: string) => errors.find((x) => x.path.replace(/^body\./, '') === path)?.message;

  const submit = () =>
    save.mutate(
      {
        medicines: medicines
          .filter((m) => m.name.trim() || m.dose.trim())
          .map((m) => ({ name: m.name.trim(), dose: m.dose.trim() })),
        targets: { systolic, diastolic, hba1c },
        followUpDays,
        note: note.trim() || null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'ytcs', message: t('ncd.plan.saved') });
          onClose();
        },
      },
    );

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('ncd.plan.title', { condition: t(`ncd.conditions.${e.condition}`) })}
      size="lg"
    >
      <Stack gap="sm">
        <Text fw={600} size="sm">
          {t('ncd.plan.medicines')}
        </Text>
        {medicines.map((m, i) => (
          <Group
            key={i}
            gap="xs"
            align="flex-end"
            wrap="wrap"
            role="group"
            aria-label={t('ncd.plan.medicineN', { n: i + 1 })}
          >
            <TextInput
              label={t('ncd.plan.medicine')}
              value={m.name}
              onChange={(ev) => {
                const v = ev.currentTarget.value;
                setMedicines((all) => all.map((x, j) => (j === i ? { ...x, name: v } : x)));
              }}
              error={errorAt(`medicines.${i}.name`)}
              style={{ flex: '1 1 160px' }}
            />
            <TextInput
              label={t('ncd.plan.dose')}
              value={m.dose}
              onChange={(ev) => {
                const v = ev.currentTarget.value;
                setMedicines((all) => all.map((x, j) => (j === i ? { ...x, dose: v } : x)));
              }}
              error={errorAt(`medicines.${i}.dose`)}
              style={{ flex: '2 1 200px' }}
            />
            <Button
              variant="subtle"
              color="red"
              onClick={() => setMedicines((all) => all.filter((_, j) => j !== i))}
            >
              {t('ncd.plan.remove')}
            </Button>
          </Group>
        ))}
        <Button
          variant="default"
          size="xs"
          onClick={() => setMedicines((all) => [...all, { name: '', dose: '' }])}
          w="fit-content"
        >
          {t('ncd.plan.addMedicine')}
        </Button>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <NumberInput
            label={t('ncd.plan.systolic')}
            value={systolic ?? ''}
            onChange={(v) => setSystolic(numberOrNull(v))}
            min={90}
            max={200}
            error={errorAt('targets.systolic')}
          />
          <NumberInput
            label={t('ncd.plan.diastolic')}
            value={diastolic ?? ''}
            onChange={(v) => setDiastolic(numberOrNull(v))}
            min={50}
            max={120}
            error={errorAt('targets.diastolic')}
          />
          <NumberInput
            label={t('ncd.plan.hba1c')}
            value={hba1c ?? ''}
            onChange={(v) => setHba1c(numberOrNull(v))}
            min={4}
            max={15}
            decimalScale={1}
            error={errorAt('targets.hba1c')}
          />
          <NumberInput
            label={t('ncd.plan.followUpDays')}
            value={followUpDays ?? ''}
            onChange={(v) => setFollowUpDays(numberOrNull(v))}
            min={7}
            max={180}
            error={errorAt('followUpDays')}
          />
        </SimpleGrid>
        <Textarea
          label={t('ncd.plan.note')}
          value={note}
          onChange={(ev) => setNote(ev.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={2000}
        />
        {save.isError && errors.length === 0 && (
          <Alert color="red" role="alert">
            {message(save.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
