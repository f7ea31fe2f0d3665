import { Anchor, Badge, Button, Group, Pagination, Paper, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { NCD_CONDITIONS, useOverdue, type NcdCondition, type OverdueRow } from '../../api/ncd';
import { useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { CallDialog } from '../../components/ncd/CallDialog';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatDate, formatNumber } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const PAGE = 30;

/**
 * The overdue list (danh sách quá hẹn) of a commune: chronic-disease patients who missed their
 * follow-up, high risk first, then least overdue first, with their phone, and the call's result
 * recorded in two taps. Phone width first.
 */
export default function OverduePage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [params, setParams] = useSearchParams();
  const condition = (params.get('condition') ?? undefined) as NcdCondition | undefined;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useOverdue({ unit: code, condition, limit: PAGE, offset: (page - 1) * PAGE });
  const [calling, setCalling] = useState<OverdueRow | null>(null);
  const title = t('ncd.overdue.title');
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  return (
    <Stack gap="md">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          description={list.data ? t('ncd.overdue.count', { count: total }) : undefined}
          actions={
            <Button component={Link} to={`/units/${code}/ncd/cohort`} variant="default">
              {t('ncd.cohort.title')}
            </Button>
          }
        />
      </div>
      <Select
        label={t('ncd.fields.condition')}
        placeholder={t('ncd.overdue.allConditions')}
        data={NCD_CONDITIONS.map((k) => ({ value: k, label: t(`ncd.conditions.${k}`) }))}
        value={condition ?? null}
        onChange={(v) => set('condition', v)}
        clearable
        w={{ base: '100%', xs: 280 }}
      />
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('ncd.overdue.none')}</EmptyNote>
        </Paper>
      ) : (
        <>
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={title}>
            {list.data.items.map((row) => (
              <OverdueCard
                key={row.residentId}
                row={row}
                writable={can(user, 'person.write')}
                onCall={() => setCalling(row)}
              />
            ))}
          </Stack>
          <Group justify="space-between" gap="sm">
            <Text size="sm" c="dimmed">
              {t('common.showing', {
                from: formatNumber((page - 1) * PAGE + 1),
                to: formatNumber(Math.min(page * PAGE, total)),
                total: formatNumber(total),
              })}
            </Text>
            {pages > 1 && (
              <nav aria-label={t('common.pagination')}>
                <Pagination value={page} onChange={(p) => set('page', String(p))} total={pages} size="sm" />
              </nav>
            )}
          </Group>
        </>
      )}
      {calling && (
        <CallDialog
          person={{ residentId: calling.residentId, fullName: calling.fullName, phone: calling.phone }}
          onClose={() => setCalling(null)}
        />
      )}
    </Stack>
  );
}

function OverdueCard({ row, writable, onCall }: { row: OverdueRow; writable: boolean; onCall: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md" component="li">
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/residents/${row.residentId}?tab=ncd`} fw={700}>
            {row.fullName}
          </Anchor>
          <Text size="sm" c="dimmed">
            {[t(`worklist.sex.${row.sex}`), row.birthYear, row.placeName].join(' · ')}
          </Text>
        </div>
        <Stack gap={4} align="flex-end">
          <Badge color="red" variant="light">
            {t('ncd.overdue.daysOverdue', { count: row.daysOverdue })}
          </Badge>
          {row.highRisk && (
            <Badge color="red" variant="filled">
              {t('ncd.overdue.highRisk')}
            </Badge>
          )}
        </Stack>
      </Group>
      <Text size="sm" mt={6}>
        {row.conditions.map((c) => t(`ncd.conditions.${c}`)).join(', ')} ·{' '}
        {t('ncd.overdue.dueOn', { date: formatDate(row.dueOn) })}
        {row.lastBp &&
          ` · ${t('ncd.overdue.lastBp', { sys: row.lastBp.systolic, dia: row.lastBp.diastolic, date: formatDate(row.lastBp.on) })}`}
      </Text>
      {row.riskReasons.length > 0 && (
        <Text size="sm" c="red.8">
          {row.riskReasons.map((r) => t(`ncd.overdueRisk.${r}`)).join('; ')}
        </Text>
      )}
      {row.lastCall && (
        <Text size="xs" c="dimmed">
          {t('ncd.overdue.lastCall', {
            date: formatDate(row.lastCall.calledAt.slice(0, 10)),
            outcome: t(`ncd.call.outcomes.${row.lastCall.outcome}`),
          })}
        </Text>
      )}
      <Group gap="xs" mt="sm" wrap="wrap">
        {row.phone && (
          <Button size="xs" variant="default" component="a" href={`tel:${row.phone.replace(/[^0-9+]/g, '')}`}>
            {t('worklist.actions.phone', { phone: row.phone })}
          </Button>
        )}
        {writable && (
          <Button size="xs" variant="light" onClick={onCall}>
            {t('worklist.actions.call')}
          </Button>
        )}
        {writable && (
          <Button size="xs" component={Link} to={`/visits/new?resident=${row.residentId}`}>
            {t('ncd.overdue.visit')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
