import { Alert, Badge, Button, Grid, Menu, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import { useHousehold, type HouseholdDetail } from '../../api/people';
import { useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import { ErrorState, PageHeader, PageLoader, SectionTitle } from '../../components/common';
import { IconInfo, IconPencil, IconPlus } from '../../components/Icons';
import { Fact, ResidentList } from '../../components/people/common';
import {
  AddMemberDialog,
  ChangeHeadDialog,
  EditHouseholdDialog,
  MemberDialog,
  TransferHouseholdDialog,
  type MemberAction,
} from '../../components/people/HouseholdDialogs';
import {
  EventDialog,
  eventKindsFor,
  type EventKind,
  type EventSubject,
} from '../../components/people/LifeEvents';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatNumber } from '../../lib/format';
import { useAnnounceUnit } from '../../lib/units';

type Member = HouseholdDetail['members'][number];
type Dialog =
  | { kind: 'edit' | 'head' | 'add' | 'transfer' }
  | { kind: 'member'; member: Member; action: MemberAction }
  | { kind: 'event'; member: Member; event: EventKind };

/** A member as the life-event dialogs need them. */
function subjectOf(m: Member, h: HouseholdDetail): EventSubject {
  return { ...m, communeCode: h.address.communeCode, line: h.address.line };
}

/**
 * A household: its address and code, and its members with their relation to the head; with the
 * rights to write, its everyday changes (edit, head, add a member, a member's relation, move or
 * removal, births, deaths and moves of its members, the whole household to another commune).
 */
export default function HouseholdPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const location = useLocation();
  const user = useUser();
  const household = useHousehold(id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const communeCode = household.data?.address.communeCode;
  useAnnounceUnit(communeCode);
  const unit = useUnit(communeCode);
  // Problems the form met after registering (a card it could not save), passed along by the form.
  const notes = (location.state as { notes?: string[] } | null)?.notes ?? [];

  if (household.isPending) return <PageLoader />;
  if (household.isError)
    return <ErrorState error={household.error} onRetry={() => void household.refetch()} />;
  const h = household.data;
  const title = t('people.household.titleOf', { name: h.headName ?? t('people.household.noHead') });
  const writable = can(user, 'person.write') && h.status === 'active';
  const close = () => setDialog(null);
  const memberMenu = (row: { id: string }) => {
    const m = h.members.find((x) => x.id === row.id);
    if (!m) return null;
    const events = eventKindsFor(m);
    return (
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="light"
            size="compact-sm"
            leftSection={<IconPencil size={14} />}
            aria-label={t('peopleEdit.member.menuFor', { name: m.fullName })}
          >
            {t('peopleEdit.member.change')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{m.fullName}</Menu.Label>
          {(['relation', 'move', 'leave'] as const)
            .filter((a) => !(a === 'relation' && m.id === h.headId))
            .map((a) => (
              <Menu.Item key={a} onClick={() => setDialog({ kind: 'member', member: m, action: a })}>
                {t(`peopleEdit.member.actions.${a}`)}
              </Menu.Item>
            ))}
          {events.length > 0 && <Menu.Divider />}
          {events.map((k) => (
            <Menu.Item key={k} onClick={() => setDialog({ kind: 'event', member: m, event: k })}>
              {t(`peopleEdit.events.kinds.${k}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    );
  };

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={t('people.household.eyebrow')}
          title={title}
          description={h.address.text}
          actions={
            h.status === 'dissolved' ? (
              <Badge color="gray">{t('people.household.dissolved')}</Badge>
            ) : writable ? (
              <>
                <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'add' })}>
                  {t('people.household.addMember')}
                </Button>
                <Button
                  variant="default"
                  leftSection={<IconPencil size={16} />}
                  onClick={() => setDialog({ kind: 'edit' })}
                >
                  {t('peopleEdit.household.edit')}
                </Button>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <Button variant="default">{t('peopleEdit.household.more')}</Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item
                      onClick={() => setDialog({ kind: 'head' })}
                      disabled={h.members.length < 2 && !!h.headId}
                    >
                      {t('peopleEdit.household.changeHead')}
                    </Menu.Item>
                    <Menu.Item onClick={() => setDialog({ kind: 'transfer' })} disabled={!h.memberCount}>
                      {t('peopleEdit.household.transferTitle')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </>
            ) : undefined
          }
        />
      </div>
      {notes.length > 0 && (
        <Alert color="amber" variant="light" icon={<IconInfo />} role="alert">
          {notes.map((n) => (
            <Text key={n} size="sm">
              {n}
            </Text>
          ))}
        </Alert>
      )}
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="lg">
            <Stack gap="md">
              <Fact label={t('people.household.code')}>{h.code}</Fact>
              <Fact label={t('people.household.address')}>{h.address.text}</Fact>
              <Fact label={t('people.household.head')}>{h.headName}</Fact>
              <Fact label={t('people.household.members')}>
                <Text fz={22} fw={700}>
                  {formatNumber(h.memberCount)}
                </Text>
              </Fact>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <section aria-labelledby="household-members-title">
            <SectionTitle>
              <span id="household-members-title">{t('people.household.membersTitle')}</span>
            </SectionTitle>
            <ResidentList
              rows={h.members}
              caption={t('people.household.membersTitle')}
              showRelation
              actions={writable ? memberMenu : undefined}
            />
          </section>
        </Grid.Col>
      </Grid>
      {dialog?.kind === 'edit' && <EditHouseholdDialog h={h} onClose={close} />}
      {dialog?.kind === 'head' && <ChangeHeadDialog h={h} onClose={close} />}
      {dialog?.kind === 'add' && <AddMemberDialog h={h} onClose={close} />}
      {dialog?.kind === 'transfer' && <TransferHouseholdDialog h={h} onClose={close} />}
      {dialog?.kind === 'member' && (
        <MemberDialog h={h} member={dialog.member} initial={dialog.action} onClose={close} />
      )}
      {dialog?.kind === 'event' && (
        <EventDialog
          kind={dialog.event}
          person={subjectOf(dialog.member, h)}
          onClose={close}
          onBorn={() => void household.refetch()}
        />
      )}
    </Stack>
  );
}
