import { Badge, Button, Group, NumberInput, Paper, Progress, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useUnit } from '../../api/queries';
import { useAddDisbursement, useProjects, type ProjectOut } from '../../api/resources';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, SectionTitle } from '../../components/common';
import { DateField } from '../../components/DateField';
import { fieldBinder, FormDialog, savedThen, useFormErrors } from '../../components/people/editing';
import { CardItem } from '../../components/tables';
import { formatDate, formatNumber, parseDate, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const STATUS_COLOR: Record<ProjectOut['status'], string> = {
  approved: 'blue',
  in_progress: 'orange',
  completed: 'ytcs',
  suspended: 'gray',
  cancelled: 'red',
};
const vnd = (n: number) => `${formatNumber(n)} đ`;

/** The investment projects of a unit (dự án đầu tư): funding, facilities, disbursement progress, milestones. */
export default function ProjectsPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const projects = useProjects(code);
  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data || projects.isPending) return <PageLoader />;
  if (projects.isError) return <ErrorState error={projects.error} onRetry={() => void projects.refetch()} />;
  const items = projects.data.items;
  const budget = items.reduce((s, p) => s + p.budget, 0);
  const disbursed = items.reduce((s, p) => s + p.disbursed, 0);
  return (
    <>
      <PageHeader
        title={t('resources.projects.title')}
        eyebrow={unitName(unit.data)}
        description={t('resources.projects.description')}
        actions={
          <Group gap="xs">
            <Button component={Link} to={`/units/${code}/ethnic-minority-communes`} variant="default">
              {t('resources.ethnicMinority.nav')}
            </Button>
            <Button component={Link} to="/resources/equipment-list" variant="default">
              {t('resources.equipmentList.nav')}
            </Button>
          </Group>
        }
      />
      {items.length > 0 && (
        <Paper withBorder p="md" mb="lg">
          <Text fw={600}>
            {t('resources.projects.total', {
              count: items.length,
              budget: vnd(budget),
              disbursed: vnd(disbursed),
            })}
          </Text>
          <Progress
            value={budget ? (disbursed / budget) * 100 : 0}
            mt="xs"
            aria-label={t('resources.projects.progress')}
          />
        </Paper>
      )}
      <SectionTitle>{t('resources.projects.list')}</SectionTitle>
      {items.length === 0 ? (
        <EmptyNote>{t('resources.projects.none')}</EmptyNote>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('resources.projects.list')}
        >
          {items.map((p) => (
            <Project key={p.id} project={p} manage={can(user, 'investment.manage')} />
          ))}
        </Stack>
      )}
    </>
  );
}

function Project({ project: p, manage }: { project: ProjectOut; manage: boolean }) {
  const { t } = useTranslation();
  const [paying, setPaying] = useState(false);
  const share = p.budget ? (p.disbursed / p.budget) * 100 : 0;
  return (
    <CardItem>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Text fw={700}>{p.name}</Text>
          <Text size="sm" c="dimmed">
            {p.fundingSourceVi ?? p.fundingSource} · {t(`resources.projects.kinds.${p.kind}`)}
            {p.decisionNo ? ` · ${p.decisionNo}` : ''} ·{' '}
            {t('resources.projects.approvedOn', { on: formatDate(p.approvedOn) })}
          </Text>
          <Text size="sm">{p.facilities.map((f) => f.name).join(', ')}</Text>
        </div>
        <Group gap="xs">
          <Badge color={STATUS_COLOR[p.status]} variant="light">
            {t(`resources.projects.status.${p.status}`)}
            {p.completedOn ? ` ${formatDate(p.completedOn)}` : ''}
          </Badge>
          {manage && p.status !== 'cancelled' && p.disbursed < p.budget && (
            <Button size="xs" variant="default" onClick={() => setPaying(true)}>
              {t('resources.projects.disburse')}
            </Button>
          )}
        </Group>
      </Group>
      <Text size="sm" mt="xs">
        {t('resources.projects.disbursed', { disbursed: vnd(p.disbursed), budget: vnd(p.budget) })}
      </Text>
      <Progress value={share} mt={4} aria-label={t('resources.projects.progressOf', { name: p.name })} />
      {p.milestones.length > 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          {p.milestones
            .map((m) =>
              m.doneOn
                ? t('resources.projects.milestoneDone', { name: m.name, on: formatDate(m.doneOn) })
                : t('resources.projects.milestoneDue', { name: m.name, on: formatDate(m.dueOn) }),
            )
            .join(' · ')}
        </Text>
      )}
      {paying && <DisburseDialog project={p} onClose={() => setPaying(false)} />}
    </CardItem>
  );
}

function DisburseDialog({ project, onClose }: { project: ProjectOut; onClose: () => void }) {
  const { t } = useTranslation();
  const pay = useAddDisbursement(project.id);
  const form = useFormErrors(['paidOn', 'amount']);
  const ids = (path: string) => `disburse-${path}`;
  const bind = fieldBinder(form, ids);
  const [paidOn, setPaidOn] = useState(formatDate(todayIso()));
  const [amount, setAmount] = useState<string | number>('');
  const submit = () => {
    form.reset();
    pay.mutate(
      { paidOn: parseDate(paidOn) ?? paidOn, amount: Number(amount) || 0 },
      savedThen(form, ids, t('resources.projects.disbursedSaved'), onClose),
    );
  };
  return (
    <FormDialog
      title={t('resources.projects.disburseOf', { name: project.name })}
      onClose={onClose}
      onSubmit={submit}
      general={form.general}
      saving={pay.isPending}
    >
      <Text size="sm">{t('resources.projects.left', { left: vnd(project.budget - project.disbursed) })}</Text>
      <DateField
        {...bind.date('paidOn', paidOn, setPaidOn)}
        label={t('resources.projects.paidOn')}
        withAsterisk
      />
      <NumberInput
        id={ids('amount')}
        label={t('resources.projects.amount')}
        value={amount}
        onChange={(v) => {
          setAmount(v);
          form.clear('amount');
        }}
        error={form.errors.amount}
        thousandSeparator="."
        decimalSeparator=","
        hideControls
        withAsterisk
      />
    </FormDialog>
  );
}
