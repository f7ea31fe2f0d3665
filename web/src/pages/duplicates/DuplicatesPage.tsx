import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import {
  useAreaDismissals,
  useAreaMerges,
  useDismissDuplicate,
  useDuplicatePairs,
  useMergeResidents,
  useUndoDismissal,
  useUnmergeResident,
  useVisitCount,
  type DismissalInArea,
  type DuplicatePair,
  type MergeInArea,
  type PairMember,
} from '../../api/duplicates';
import { useUnit } from '../../api/queries';
import { useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, useErrorMessage } from '../../components/common';
import { birthText } from '../../components/people/common';
import { formatDateTime } from '../../components/people/format';
import { CardItem, Pager } from '../../components/tables';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { useCodeDisplay } from '../../lib/codes';
import { formatNumber } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const MERGES_PAGE = 20;

/** The server's own field messages (already in the user's language), else the generic one. */
function useProblemText() {
  const generic = useErrorMessage();
  return (error: unknown) =>
    error instanceof ApiError && error.problem.errors?.length
      ? error.problem.errors.map((e) => e.message).join('; ')
      : generic(error);
}

/**
 * Likely duplicates of a commune (rà soát hồ sơ trùng): the pairs to review side by side, merged into
 * the record chosen to stay or marked as two different people, and the merges made, each reversible.
 */
export default function DuplicatesPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab = asked === 'merges' || asked === 'dismissals' ? asked : 'pairs';
  const title = t('duplicates.title');

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  const local = unit.data && (unit.data.level === 'commune' || unit.data.level === 'hamlet');

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          description={t('duplicates.description')}
        />
      </div>
      {!unit.data ? (
        <PageLoader />
      ) : !local ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('duplicates.chooseCommune')}</EmptyNote>
        </Paper>
      ) : (
        <Tabs
          value={tab}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v === 'merges' || v === 'dismissals') next.set('tab', v);
            else next.delete('tab');
            setParams(next, { replace: true });
          }}
          keepMounted={false}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="pairs">{t('duplicates.tabs.pairs')}</Tabs.Tab>
            <Tabs.Tab value="merges">{t('duplicates.tabs.merges')}</Tabs.Tab>
            <Tabs.Tab value="dismissals">{t('duplicates.tabs.dismissals')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="pairs">
            <PairList unit={unit.data.code} />
          </Tabs.Panel>
          <Tabs.Panel value="merges">
            <MergeList unit={unit.data.code} />
          </Tabs.Panel>
          <Tabs.Panel value="dismissals">
            <DismissalList unit={unit.data.code} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}

function Reasons({ pair }: { pair: DuplicatePair }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      {pair.reasons.map((r) => (
        <Badge key={r} variant="light" color="gray" tt="none">
          {t(`duplicates.reasons.${r}`)}
        </Badge>
      ))}
    </Group>
  );
}

function PairList({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const pairs = useDuplicatePairs(unit);
  const [open, setOpen] = useState<DuplicatePair | null>(null);

  if (pairs.isPending) return <PageLoader />;
  if (pairs.isError) return <ErrorState error={pairs.error} onRetry={() => void pairs.refetch()} />;
  const list = pairs.data.pairs;
  return (
    <Stack gap="sm">
      <Text size="sm" role="status">
        {list.length ? t('duplicates.pairs.count', { count: list.length }) : t('duplicates.pairs.none')}
        {pairs.data.truncated && ` ${t('duplicates.pairs.truncated')}`}
      </Text>
      {list.length > 0 && (
        <Stack
          gap="xs"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('duplicates.pairs.label')}
        >
          {list.map((p) => (
            <CardItem key={`${p.first.id}-${p.second.id}`}>
              <Group justify="space-between" align="center" gap="sm" wrap="wrap">
                <Box style={{ minWidth: 0, flex: '1 1 320px' }}>
                  <Group gap="xs" wrap="wrap" mb={4}>
                    <Badge color={p.score >= 0.9 ? 'red' : 'amber'} variant="light">
                      {t('duplicates.pairs.score', { score: Math.round(p.score * 100) })}
                    </Badge>
                    <Reasons pair={p} />
                  </Group>
                  {[p.first, p.second].map((m) => (
                    <Text key={m.id} size="sm">
                      <Text span fw={650}>
                        {m.fullName}
                      </Text>{' '}
                      ({birthText(m)})
                      <Text span c="dimmed">
                        {' · '}
                        {m.hamletName ?? t('duplicates.compare.noHamlet')}
                        {m.personalId ? ` · ${m.personalId}` : ''}
                      </Text>
                    </Text>
                  ))}
                </Box>
                <Button
                  variant="light"
                  onClick={() => setOpen(p)}
                  aria-label={t('duplicates.pairs.reviewOf', { a: p.first.fullName, b: p.second.fullName })}
                >
                  {t('duplicates.pairs.review')}
                </Button>
              </Group>
            </CardItem>
          ))}
        </Stack>
      )}
      {open && <ReviewModal pair={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

/** The record with more of what a profile needs: it is proposed as the one that stays. */
function proposedSurvivor(pair: DuplicatePair): string {
  const filled = (m: PairMember) =>
    [m.personalId, m.birthDate, m.cardCode, m.householdId, m.hamletName].filter(Boolean).length;
  return filled(pair.second) > filled(pair.first) ? pair.second.id : pair.first.id;
}

function VisitCount({ id }: { id: string }) {
  const count = useVisitCount(id);
  return <>{count.data === undefined ? '…' : formatNumber(count.data)}</>;
}

function ReviewModal({ pair, onClose }: { pair: DuplicatePair; onClose: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const phone = useMediaQuery('(max-width: 40em)');
  const relation = useCodeDisplay('relation-to-head');
  const problemText = useProblemText();
  const canWrite = user.permissions.includes('person.write');
  const [survivorId, setSurvivorId] = useState(proposedSurvivor(pair));
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const merge = useMergeResidents();
  const dismiss = useDismissDuplicate();
  const survivor = survivorId === pair.first.id ? pair.first : pair.second;
  const duplicate = survivorId === pair.first.id ? pair.second : pair.first;
  const members = [pair.first, pair.second] as const;

  const needReason = () => {
    if (reason.trim().length >= 3) return true;
    setReasonError(t('duplicates.review.reasonRequired'));
    return false;
  };
  const doMerge = async () => {
    try {
      await merge.mutateAsync({ survivorId, duplicateId: duplicate.id, reason: reason.trim() });
      notifications.show({
        color: 'ytcs',
        message: t('duplicates.review.merged', { merged: duplicate.fullName, survivor: survivor.fullName }),
      });
      onClose();
    } catch {
      setConfirming(false);
    }
  };
  const doDismiss = async () => {
    if (!needReason()) return;
    try {
      await dismiss.mutateAsync({ firstId: pair.first.id, secondId: pair.second.id, reason: reason.trim() });
      notifications.show({ color: 'ytcs', message: t('duplicates.review.dismissed') });
      onClose();
    } catch {
      // shown below
    }
  };

  const rows: [string, (m: PairMember) => ReactNode][] = [
    [t('duplicates.compare.fullName'), (m) => m.fullName],
    [t('duplicates.compare.sex'), (m) => t(`people.sex.${m.sex}`)],
    [t('duplicates.compare.birth'), (m) => birthText(m)],
    [t('duplicates.compare.personalId'), (m) => m.personalId],
    [t('duplicates.compare.card'), (m) => m.cardCode],
    [
      t('duplicates.compare.household'),
      (m) =>
        m.householdId ? (
          <Anchor component={Link} to={`/households/${m.householdId}`} size="sm">
            {m.householdCode ?? t('duplicates.compare.householdLink')}
            {m.relationToHead ? ` (${relation(m.relationToHead)})` : ''}
          </Anchor>
        ) : null,
    ],
    [t('duplicates.compare.hamlet'), (m) => m.hamletName ?? t('duplicates.compare.noHamlet')],
    [t('duplicates.compare.visits'), (m) => <VisitCount id={m.id} />],
    [t('duplicates.compare.status'), (m) => t(`people.status.${m.status}`)],
  ];
  const text = (v: ReactNode) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('duplicates.review.title')}
      size="xl"
      fullScreen={phone}
      centered={!phone}
    >
      <Stack gap="md">
        <Group gap="xs" wrap="wrap">
          <Badge color={pair.score >= 0.9 ? 'red' : 'amber'} variant="light">
            {t('duplicates.pairs.score', { score: Math.round(pair.score * 100) })}
          </Badge>
          <Reasons pair={pair} />
        </Group>
        <Paper withBorder style={{ overflowX: 'auto' }}>
          <Table layout="fixed" miw={phone ? 0 : 520} verticalSpacing={6} fz="sm">
            <caption
              style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
            >
              {t('duplicates.compare.caption')}
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={phone ? 90 : 150} />
                {members.map((m, i) => (
                  <Table.Th key={m.id} scope="col">
                    <Anchor component={Link} to={`/residents/${m.id}`} fw={650} size="sm">
                      {t('duplicates.compare.record', { n: i + 1 })}
                    </Anchor>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(([label, value]) => {
                const [a, b] = members.map(value);
                const differs = text(a ?? '') !== null && text(a ?? '') !== text(b ?? '');
                return (
                  <Table.Tr key={label}>
                    <Table.Th scope="row" fw={600} c="dimmed" fz="xs">
                      {label}
                    </Table.Th>
                    {[a, b].map((v, i) => (
                      <Table.Td
                        key={i}
                        style={{
                          wordBreak: 'break-word',
                          background: differs ? 'var(--mantine-color-amber-0, #fff8e1)' : undefined,
                        }}
                      >
                        {v ?? '—'}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
        {!canWrite ? (
          <Text size="sm" c="dimmed">
            {t('duplicates.review.readOnly')}
          </Text>
        ) : confirming ? (
          <Alert color="amber" title={t('duplicates.review.confirmTitle')}>
            <Text size="sm">
              {t('duplicates.review.confirm', {
                merged: `${duplicate.fullName} (${birthText(duplicate)})`,
                survivor: `${survivor.fullName} (${birthText(survivor)})`,
              })}
            </Text>
            <Group gap="sm" mt="md">
              <Button color="red" onClick={() => void doMerge()} loading={merge.isPending}>
                {t('duplicates.review.confirmMerge')}
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)} disabled={merge.isPending}>
                {t('common.back')}
              </Button>
            </Group>
          </Alert>
        ) : (
          <>
            <Radio.Group
              label={t('duplicates.review.survivor')}
              description={t('duplicates.review.survivorHint')}
              value={survivorId}
              onChange={setSurvivorId}
            >
              <Stack gap={6} mt={6}>
                {members.map((m, i) => (
                  <Radio
                    key={m.id}
                    value={m.id}
                    label={t('duplicates.review.keep', {
                      n: i + 1,
                      name: m.fullName,
                      birth: birthText(m),
                    })}
                  />
                ))}
              </Stack>
            </Radio.Group>
            <Textarea
              label={t('duplicates.review.reason')}
              description={t('duplicates.review.reasonHint')}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setReasonError(null);
              }}
              error={reasonError}
              maxLength={300}
              autosize
              minRows={2}
              required
            />
            {(merge.isError || dismiss.isError) && (
              <Alert color="red" role="alert">
                {problemText(merge.error ?? dismiss.error)}
              </Alert>
            )}
            <Group gap="sm" justify="space-between" wrap="wrap">
              <Button variant="default" onClick={() => void doDismiss()} loading={dismiss.isPending}>
                {t('duplicates.review.notDuplicate')}
              </Button>
              <Button
                onClick={() => {
                  if (needReason()) setConfirming(true);
                }}
              >
                {t('duplicates.review.merge')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

function MergeList({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const merges = useAreaMerges(unit, offset, MERGES_PAGE);
  const [undoing, setUndoing] = useState<MergeInArea | null>(null);

  if (merges.isPending) return <PageLoader />;
  if (merges.isError) return <ErrorState error={merges.error} onRetry={() => void merges.refetch()} />;
  const { items, total } = merges.data;
  if (!total)
    return (
      <Paper withBorder p="lg">
        <EmptyNote>{t('duplicates.merges.none')}</EmptyNote>
      </Paper>
    );
  const pages = Math.max(1, Math.ceil(total / MERGES_PAGE));
  return (
    <Stack gap="xs">
      <Stack
        gap="xs"
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={t('duplicates.merges.label')}
      >
        {items.map((m) => (
          <MergeItem key={m.id} merge={m} onUndo={() => setUndoing(m)} />
        ))}
      </Stack>
      <Pager
        page={offset / MERGES_PAGE + 1}
        pages={pages}
        setPage={(p) => setOffset((p - 1) * MERGES_PAGE)}
        from={offset + 1}
        to={offset + items.length}
        total={total}
      />
      {undoing && <UndoModal merge={undoing} onClose={() => setUndoing(null)} />}
    </Stack>
  );
}

function MergeItem({ merge: m, onUndo }: { merge: MergeInArea; onUndo: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <CardItem>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Box style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Text fw={600}>
            <Anchor component={Link} to={`/residents/${m.mergedId}`}>
              {m.merged.fullName} ({birthText(m.merged)})
            </Anchor>
            <Text span c="dimmed" fw={400}>
              {` ${t('duplicates.merges.into')} `}
            </Text>
            <Anchor component={Link} to={`/residents/${m.survivorId}`}>
              {m.survivor.fullName} ({birthText(m.survivor)})
            </Anchor>
          </Text>
          <Text size="sm" c="dimmed" mt={2}>
            {t('duplicates.merges.by', { when: formatDateTime(m.mergedAt), who: m.mergedBy ?? '—' })}
            {' · '}
            {t('duplicates.merges.reason', { reason: m.reason })}
          </Text>
          {m.filled.length > 0 && (
            <Text size="sm" c="dimmed">
              {t('duplicates.merges.filled', {
                fields: m.filled.map((f) => t(`duplicates.fields.${f}`, { defaultValue: f })).join(', '),
              })}
            </Text>
          )}
          {m.undoneAt && (
            <Text size="sm" c="dimmed">
              {t('duplicates.merges.undoneBy', { when: formatDateTime(m.undoneAt), who: m.undoneBy ?? '—' })}
            </Text>
          )}
        </Box>
        {m.undoneAt ? (
          <Badge color="gray" variant="light">
            {t('duplicates.merges.undone')}
          </Badge>
        ) : user.permissions.includes('person.write') ? (
          <Button
            variant="default"
            onClick={onUndo}
            aria-label={t('duplicates.merges.undoOf', { name: m.merged.fullName })}
          >
            {t('duplicates.merges.undo')}
          </Button>
        ) : (
          <Badge color="ytcs" variant="light">
            {t('duplicates.merges.active')}
          </Badge>
        )}
      </Group>
    </CardItem>
  );
}

function UndoModal({ merge: m, onClose }: { merge: MergeInArea; onClose: () => void }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const unmerge = useUnmergeResident();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (reason.trim().length < 3) {
      setError(t('duplicates.review.reasonRequired'));
      return;
    }
    try {
      await unmerge.mutateAsync({ mergedId: m.mergedId, reason: reason.trim() });
      notifications.show({
        color: 'ytcs',
        message: t('duplicates.merges.undoneNote', { name: m.merged.fullName }),
      });
      onClose();
    } catch {
      // shown below
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('duplicates.merges.undoTitle')} centered>
      <Stack gap="md">
        <Text size="sm">
          {t('duplicates.merges.undoText', {
            merged: `${m.merged.fullName} (${birthText(m.merged)})`,
            survivor: `${m.survivor.fullName} (${birthText(m.survivor)})`,
          })}
        </Text>
        <Textarea
          label={t('duplicates.merges.undoReason')}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          maxLength={300}
          autosize
          minRows={2}
          required
        />
        {unmerge.isError && (
          <Alert color="red" role="alert">
            {problemText(unmerge.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={unmerge.isPending}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={() => void submit()} loading={unmerge.isPending}>
            {t('duplicates.merges.undoConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The pairs marked as different people: a judgement made in error is undone here. */
function DismissalList({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const problemText = useProblemText();
  const [offset, setOffset] = useState(0);
  const dismissals = useAreaDismissals(unit, offset, MERGES_PAGE);
  const undo = useUndoDismissal();

  if (dismissals.isPending) return <PageLoader />;
  if (dismissals.isError)
    return <ErrorState error={dismissals.error} onRetry={() => void dismissals.refetch()} />;
  const { items, total } = dismissals.data;
  if (!total)
    return (
      <Paper withBorder p="lg">
        <EmptyNote>{t('duplicates.dismissals.none')}</EmptyNote>
      </Paper>
    );
  const undoOne = async (d: DismissalInArea) => {
    try {
      await undo.mutateAsync(d.id);
      notifications.show({ color: 'ytcs', message: t('duplicates.dismissals.undoneNote') });
    } catch {
      // shown below
    }
  };
  const pages = Math.max(1, Math.ceil(total / MERGES_PAGE));
  return (
    <Stack gap="xs">
      {undo.isError && (
        <Alert color="red" role="alert">
          {problemText(undo.error)}
        </Alert>
      )}
      <Stack
        gap="xs"
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={t('duplicates.dismissals.label')}
      >
        {items.map((d) => (
          <CardItem key={d.id}>
            <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
              <Box style={{ minWidth: 0, flex: '1 1 320px' }}>
                <Text fw={600}>
                  <Anchor component={Link} to={`/residents/${d.firstId}`}>
                    {d.first.fullName} ({birthText(d.first)})
                  </Anchor>
                  <Text span c="dimmed" fw={400}>
                    {` ${t('duplicates.dismissals.and')} `}
                  </Text>
                  <Anchor component={Link} to={`/residents/${d.secondId}`}>
                    {d.second.fullName} ({birthText(d.second)})
                  </Anchor>
                </Text>
                <Text size="sm" c="dimmed" mt={2}>
                  {t('duplicates.merges.by', {
                    when: formatDateTime(d.dismissedAt),
                    who: d.dismissedBy ?? '—',
                  })}
                  {' · '}
                  {t('duplicates.merges.reason', { reason: d.reason })}
                </Text>
              </Box>
              {user.permissions.includes('person.write') && (
                <Button
                  variant="default"
                  onClick={() => void undoOne(d)}
                  loading={undo.isPending && undo.variables === d.id}
                  aria-label={t('duplicates.dismissals.undoOf', {
                    a: d.first.fullName,
                    b: d.second.fullName,
                  })}
                >
                  {t('duplicates.dismissals.undo')}
                </Button>
              )}
            </Group>
          </CardItem>
        ))}
      </Stack>
      <Pager
        page={offset / MERGES_PAGE + 1}
        pages={pages}
        setPage={(p) => setOffset((p - 1) * MERGES_PAGE)}
        from={offset + 1}
        to={offset + items.length}
        total={total}
      />
    </Stack>
  );
}
