import {
  Anchor,
  Badge,
  Button,
  Chip,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useWorklist, type WorklistItem } from '../../api/worklist';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { CallDialog } from '../../components/ncd/CallDialog';
import { birthText } from '../../components/people/common';
import { formatDate, formatNumber } from '../../lib/format';
import { useAnnounceUnit } from '../../lib/units';

const PAGE = 30;

/** `visits.re_examination` → `visits_re_examination`: one i18next key per kind. */
/** The profile tab of each module's items. */
const PROFILE_TAB: Record<string, string | undefined> = {
  ncd: 'ncd',
  immunization: 'immunization',
  maternal: 'pregnancy',
  referrals: 'referrals',
};
const kindKey = (kind: string) => `worklist.kinds.${kind.replace('.', '_')}`;

/**
 * The station's day (danh sách việc cần làm): what is due today or overdue for the user's station or
 * hamlet, from every module that publishes due items, most urgent first. Each item says why it is due
 * and since when, with one tap to act: start the visit, call, or open the profile. Phone width first:
 * village health workers use it on their phones.
 */
export default function WorklistPage() {
  const { t } = useTranslation();
  const user = useUser();
  useAnnounceUnit(user.unitCode);
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? undefined;
  const overdue = params.get('overdue') === '1';
  const hamlet = params.get('hamlet') ?? undefined;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useWorklist({ kind, overdue, hamlet, limit: PAGE, offset: (page - 1) * PAGE });
  const [calling, setCalling] = useState<WorklistItem | null>(null);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const title = t('worklist.title');
  const data = list.data;
  const all = data?.kinds.reduce((a, k) => a + k.total, 0) ?? 0;
  const late = data?.kinds.reduce((a, k) => a + k.overdue, 0) ?? 0;
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE));

  return (
    <Stack gap="md">
      <PageHeader
        eyebrow={data ? `${data.unit.name} · ${formatDate(data.on)}` : undefined}
        title={title}
        description={data ? t('worklist.summary', { count: all, overdue: late }) : undefined}
      />
      <Paper withBorder p="sm">
        <Stack gap="sm">
          <SegmentedControl
            value={overdue ? 'overdue' : 'all'}
            onChange={(v) => set('overdue', v === 'overdue' ? '1' : null)}
            data={[
              { value: 'all', label: t('worklist.filters.dueToday') },
              { value: 'overdue', label: t('worklist.filters.overdueOnly') },
            ]}
            aria-label={t('worklist.filters.when')}
            fullWidth
          />
          {data && data.kinds.length > 1 && (
            <Chip.Group multiple={false} value={kind ?? ''} onChange={(v) => set('kind', v || null)}>
              <Group gap={6} role="group" aria-label={t('worklist.filters.kind')}>
                <Chip value="" size="sm">
                  {t('worklist.filters.allKinds')}
                </Chip>
                {data.kinds.map((k) => (
                  <Chip key={k.kind} value={k.kind} size="sm">
                    {t(kindKey(k.kind), { defaultValue: k.kind })} ({formatNumber(k.total)})
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
          {data && data.unit.level === 'commune' && data.hamlets.length > 0 && (
            <Select
              label={t('worklist.filters.hamlet')}
              placeholder={t('worklist.filters.allHamlets')}
              data={data.hamlets.map((h) => ({
                value: h.id,
                label: `${h.name} (${formatNumber(h.total)})`,
              }))}
              value={hamlet ?? null}
              onChange={(v) => set('hamlet', v)}
              clearable
              searchable
              w={{ base: '100%', xs: 320 }}
            />
          )}
        </Stack>
      </Paper>

      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : data!.items.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{overdue ? t('worklist.noneOverdue') : t('worklist.none')}</EmptyNote>
        </Paper>
      ) : (
        <>
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={title}>
            {data!.items.map((item) => (
              <ItemCard
                key={`${item.kind}/${item.refId}`}
                item={item}
                writable={can(user, 'person.write')}
                onCall={() => setCalling(item)}
              />
            ))}
          </Stack>
          <Group justify="space-between" gap="sm">
            <Text size="sm" c="dimmed">
              {t('common.showing', {
                from: formatNumber((page - 1) * PAGE + 1),
                to: formatNumber(Math.min(page * PAGE, data!.total)),
                total: formatNumber(data!.total),
              })}
            </Text>
            {pages > 1 && (
              <nav aria-label={t('common.pagination')}>
                <Pagination
                  value={page}
                  onChange={(p) => set('page', String(p))}
                  total={pages}
                  size="sm"
                  siblings={1}
                  boundaries={1}
                />
              </nav>
            )}
          </Group>
        </>
      )}
      {calling && (
        <CallDialog
          person={{
            residentId: calling.residentId,
            fullName: calling.fullName,
            phone: calling.phones[0] ?? null,
          }}
          onClose={() => setCalling(null)}
        />
      )}
    </Stack>
  );
}

/** When it is due, in words: "today", "in 2 days", "5 days overdue (since 01/03)". */
function DueBadge({ item }: { item: WorklistItem }) {
  const { t } = useTranslation();
  if (item.daysOverdue > 0)
    return (
      <Badge color="red" variant="light" style={{ flexShrink: 0 }}>
        {t('worklist.overdueSince', { count: item.daysOverdue, date: formatDate(item.dueOn) })}
      </Badge>
    );
  if (item.daysOverdue === 0)
    return (
      <Badge color="amber" variant="light" style={{ flexShrink: 0 }}>
        {t('worklist.dueToday')}
      </Badge>
    );
  return (
    <Badge color="gray" variant="light" style={{ flexShrink: 0 }}>
      {t('worklist.dueIn', { count: -item.daysOverdue, date: formatDate(item.dueOn) })}
    </Badge>
  );
}

/** The reason's words, with its parameters (dates shown as dd/mm/yyyy, codes in words). */
function useReason() {
  const { t } = useTranslation();
  return (item: WorklistItem) => {
    const d = item.detail;
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(d))
      params[k] = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
    const words = (value: unknown, prefix: string) =>
      Array.isArray(value)
        ? (value as string[]).map((c) => t(`${prefix}.${c}`, { defaultValue: c })).join(', ')
        : '';
    params.conditionNames = words(d.conditions, 'ncd.conditions');
    params.reasonNames = words(d.reasons, 'ncd.risk');
    const risks = words(d.riskReasons, 'ncd.overdueRisk');
    params.riskText = risks ? t('worklist.risk', { reasons: risks }) : '';
    params.lastBpText = typeof d.lastBp === 'string' ? t('worklist.lastBp', { bp: d.lastBp }) : '';
    params.lastCheckText =
      'lastCheckOn' in d
        ? typeof d.lastCheckOn === 'string'
          ? t('worklist.lastCheck', { date: formatDate(d.lastCheckOn) })
          : t('worklist.neverChecked')
        : '';
    return t(`worklist.reason.${item.reason}`, { ...params, defaultValue: t('worklist.reason.other') });
  };
}

function ItemCard({ item, writable, onCall }: { item: WorklistItem; writable: boolean; onCall: () => void }) {
  const { t } = useTranslation();
  const reason = useReason();
  const phone = item.phones[0];
  // The profile tab where the item is acted on (a dose on the immunization card, a contact on the
  // pregnancy card); re-examinations and chronic-disease follow-ups are visits.
  const tab = PROFILE_TAB[item.kind.split('.')[0] ?? ''];
  const byVisit = item.kind.startsWith('visits.') || item.kind.startsWith('ncd.');
  // An overdue follow-up is called (the NCD overdue list's call, with its outcome).
  const callable = item.kind === 'ncd.follow_up' && item.daysOverdue > 0;
  return (
    <Paper withBorder p="sm" radius="md" component="li" data-kind={item.kind}>
      <Group justify="space-between" align="flex-start" gap={6} wrap="wrap">
        <div style={{ minWidth: 0, flex: '1 1 180px' }}>
          <Anchor component={Link} to={`/residents/${item.residentId}`} fw={700} fz="md">
            {item.fullName}
          </Anchor>
          <Text size="sm" c="dimmed">
            {[t(`worklist.sex.${item.sex}`), birthText(item), item.hamletName ?? null]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </div>
        <DueBadge item={item} />
      </Group>
      <Text size="sm" mt={6}>
        <Text span fw={600}>
          {t(kindKey(item.kind), { defaultValue: item.kind })}:
        </Text>{' '}
        {reason(item)}
      </Text>
      <Group gap="xs" mt="sm" wrap="wrap">
        {writable && byVisit && (
          <Button size="xs" component={Link} to={`/visits/new?resident=${item.residentId}`}>
            {t('worklist.actions.visit')}
          </Button>
        )}
        {writable && !byVisit && tab && (
          <Button size="xs" component={Link} to={`/residents/${item.residentId}?tab=${tab}`}>
            {t(`worklist.actions.${tab}`)}
          </Button>
        )}
        {callable && writable && (
          <Button size="xs" variant="light" onClick={onCall}>
            {t('worklist.actions.call')}
          </Button>
        )}
        {phone && (
          <Button size="xs" variant="default" component="a" href={`tel:${phone.replace(/[^0-9+]/g, '')}`}>
            {t('worklist.actions.phone', { phone })}
          </Button>
        )}
        <Button
          size="xs"
          variant="subtle"
          component={Link}
          to={`/residents/${item.residentId}${tab ? `?tab=${tab}` : ''}`}
        >
          {t('worklist.actions.profile')}
        </Button>
      </Group>
    </Paper>
  );
}
