import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import {
  useAddPracticeDoctor,
  useOpenPractice,
  usePractices,
  type PracticeOut,
} from '../../api/familydoctor';
import { useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, SectionTitle } from '../../components/common';
import { PanelSection } from '../../components/familydoctor/PanelSection';
import { useStations } from '../../components/visits/common';
import { formatDate, formatNumber, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const problem = (e: unknown) =>
  e instanceof ApiError ? (e.problem.errors?.[0]?.message ?? e.message) : String(e);

/** The family-doctor practices of a unit (phòng khám bác sĩ gia đình): open one, add its doctors. */
export default function PracticesPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const practices = usePractices(code);
  const stations = useStations(code);
  const open = useOpenPractice();
  const [kind, setKind] = useState<'station' | 'private'>('station');
  const [name, setName] = useState('');
  const [openedOn, setOpenedOn] = useState(todayIso());
  const [error, setError] = useState<string | null>(null);

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data || practices.isLoading) return <PageLoader />;
  const manage = can(user, 'familydoctor.manage') && unit.data.level === 'commune';
  const station = stations.stations[0];

  const submit = () => {
    setError(null);
    open.mutate(
      {
        name,
        kind,
        facilityId: kind === 'station' ? (station?.id ?? null) : null,
        unitCode: unit.data.code,
        openedOn,
      },
      { onSuccess: () => setName(''), onError: (e) => setError(problem(e)) },
    );
  };

  return (
    <>
      <PageHeader
        title={t('familydoctor.title')}
        eyebrow={unitName(unit.data)}
        description={t('familydoctor.description')}
      />
      {manage && (
        <Paper withBorder p="md" mb="lg">
          <Stack gap="sm">
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as 'station' | 'private')}
              data={[
                { value: 'station', label: t('familydoctor.kind.station') },
                { value: 'private', label: t('familydoctor.kind.private') },
              ]}
            />
            <Group align="flex-end" wrap="wrap">
              <TextInput
                label={t('familydoctor.name')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                w={320}
              />
              <TextInput
                type="date"
                label={t('familydoctor.openedOn')}
                value={openedOn}
                onChange={(e) => setOpenedOn(e.currentTarget.value)}
              />
              <Button onClick={submit} loading={open.isPending} disabled={name.trim().length < 2}>
                {t('familydoctor.open')}
              </Button>
            </Group>
            {error && (
              <Text c="red" size="sm" role="alert">
                {error}
              </Text>
            )}
          </Stack>
        </Paper>
      )}
      <SectionTitle>{t('familydoctor.list')}</SectionTitle>
      {(practices.data?.items ?? []).length === 0 ? (
        <EmptyNote>{t('familydoctor.none')}</EmptyNote>
      ) : (
        <Stack gap="sm">
          {practices.data!.items.map((p) => (
            <Practice key={p.id} practice={p} manage={can(user, 'familydoctor.manage')} />
          ))}
        </Stack>
      )}
    </>
  );
}

function Practice({ practice: p, manage }: { practice: PracticeOut; manage: boolean }) {
  const { t } = useTranslation();
  const add = useAddPracticeDoctor();
  const [fullName, setFullName] = useState('');
  const [fromDay, setFromDay] = useState(todayIso());
  const [error, setError] = useState<string | null>(null);
  const [showPanel, setShowPanel] = useState(false);
  const today = todayIso();
  const active =
    p.openedOn <= today &&
    (!p.closedOn || p.closedOn >= today) &&
    p.doctors.some((d) => d.fromDay <= today && (!d.toDay || d.toDay >= today));
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" wrap="wrap">
        <Text fw={600}>{p.name}</Text>
        <Badge color={active ? 'teal' : 'gray'} variant="light">
          {active ? t('familydoctor.active') : t('familydoctor.inactive')}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {p.unitName} · {t(`familydoctor.kind.${p.kind}`)} · {t('familydoctor.openedOn')}{' '}
        {formatDate(p.openedOn)}
        {p.closedOn ? ` · ${t('familydoctor.closedOn')} ${formatDate(p.closedOn)}` : ''} ·{' '}
        {t('familydoctor.panel')} {formatNumber(p.panelSize)}
      </Text>
      <Text size="sm" mt={4}>
        {t('familydoctor.doctors')}:{' '}
        {p.doctors.map((d) => `${d.fullName} (${formatDate(d.fromDay)})`).join(', ') || '—'}
      </Text>
      {manage && (
        <Group align="flex-end" wrap="wrap" mt="xs">
          <TextInput
            label={t('familydoctor.doctorName')}
            value={fullName}
            onChange={(e) => setFullName(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('familydoctor.fromDay')}
            value={fromDay}
            onChange={(e) => setFromDay(e.currentTarget.value)}
          />
          <Button
            variant="light"
            loading={add.isPending}
            disabled={fullName.trim().length < 2}
            onClick={() =>
              add.mutate(
                { id: p.id, fullName, fromDay },
                { onSuccess: () => setFullName(''), onError: (e) => setError(problem(e)) },
              )
            }
          >
            {t('familydoctor.addDoctor')}
          </Button>
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
        </Group>
      )}
      <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => setShowPanel((v) => !v)}>
        {showPanel ? t('familydoctor.hidePanel') : t('familydoctor.showPanel', { count: p.panelSize })}
      </Button>
      {showPanel && <PanelSection practice={p} manage={manage} />}
    </Paper>
  );
}
