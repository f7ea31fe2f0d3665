import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { healthRecordUpdate, insuranceCardInput } from '../../../../src/modules/people/contracts';
import { ApiError } from '../../api/client';
import {
  useAddCard,
  useHealthRecord,
  useInsuranceCards,
  useRecordVersion,
  useResident,
  useReviewRecord,
  useUpdateRecord,
  type HealthRecordDocument,
  type HealthRecordOut,
  type HealthRecordUpdate,
  type ResidentOut,
} from '../../api/people';
import { useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, useErrorMessage } from '../../components/common';
import { DateField } from '../../components/DateField';
import { IconAlert, IconCheck, IconPencil, IconPlus } from '../../components/Icons';
import { InsuredBadge, StatusBadge } from '../../components/people/common';
import {
  EventDialog,
  EventHistory,
  EventMenu,
  type EventKind,
  type EventSubject,
} from '../../components/people/LifeEvents';
import { ResidentEditDialog } from '../../components/people/ResidentEditDialog';
import { issuesUnder, serverIssues, zodIssues } from '../../components/people/fields';
import { EMPTY_DOCUMENT, formatDateTime } from '../../components/people/format';
import {
  AdministrativeFacts,
  DocumentView,
  ExaminationList,
  historySectionsFor,
  SectionBlock,
} from '../../components/people/RecordParts';
import { SectionEditor } from '../../components/people/RecordSection';
import {
  EXAMINATION_SECTION,
  examinationErrorKey,
  VACCINATION_SECTION,
  type SectionDef,
} from '../../components/people/sections';
import { DataTable, Th } from '../../components/tables';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { ProgrammeCard } from '../../components/ncd/ProgrammeCard';
import { GrowthTab } from '../../components/maternal/GrowthTab';
import { FamilyPlanningCard } from '../../components/maternal/FamilyPlanningCard';
import { PregnancyCard } from '../../components/maternal/PregnancyCard';
import { ImmunizationCard } from '../../components/immunization/ImmunizationCard';
import { VisitHistory } from '../../components/visits/VisitHistory';
import { ReferralTab } from '../../components/referral/ReferralTab';
import { CasesTab } from '../../components/surveillance/CasesTab';
import { useCodeDisplay } from '../../lib/codes';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { recordBadge } from '../../lib/record-status';
import { useAnnounceUnit } from '../../lib/units';

const TABS = [
  'administrative',
  'history',
  'vaccinations',
  'immunization',
  'examinations',
  'visits',
  'ncd',
  'growth',
  'pregnancy',
  'referrals',
  'diseases',
  'insurance',
  'events',
  'versions',
] as const;
type Tab = (typeof TABS)[number];

/** The growth tab for children up to 19 (WHO 2006 to 5 years, 2007 to 19), the pregnancy card for women. */
const tabShown = (k: Tab, r: ResidentOut) =>
  k === 'growth'
    ? new Date().getFullYear() - (r.birthYear ?? 0) <= 19
    : k === 'pregnancy'
      ? r.sex === 'female'
      : true;

/** A resident's profile and 831 record: identity, cards, life events, the record's parts and versions. */
export default function ResidentPage() {
  const { id } = useParams();
  const resident = useResident(id);
  const record = useHealthRecord(id);
  if (resident.isPending) return <PageLoader />;
  if (resident.isError) return <ErrorState error={resident.error} onRetry={() => void resident.refetch()} />;
  return <Profile resident={resident.data} record={record} />;
}

function Profile({
  resident: r,
  record,
}: {
  resident: ResidentOut;
  record: ReturnType<typeof useHealthRecord>;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'administrative';
  useAnnounceUnit(r.currentAddress.communeCode);
  const unit = useUnit(r.currentAddress.communeCode);
  const [reviewing, setReviewing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [event, setEvent] = useState<EventKind | null>(null);
  const writable = can(user, 'person.write') && r.status !== 'merged';
  const subject: EventSubject = {
    ...r,
    communeCode: r.currentAddress.communeCode,
    line: r.currentAddress.line,
  };
  const badge = recordBadge(r.healthRecord, todayIso());

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: r.fullName }} />}
        <PageHeader
          eyebrow={t('people.profile.eyebrow')}
          title={r.fullName}
          description={
            <Group gap={8} mt={4}>
              <StatusBadge status={r.status} />
              <InsuredBadge insured={r.insurance.insuredToday} />
              <Badge
                color={badge.kind === 'notManaged' ? 'amber' : 'ytcs'}
                title={t('indicatorsUi.profile.managedHint')}
              >
                {badge.kind === 'reviewed'
                  ? t('indicatorsUi.profile.reviewed', { date: formatDate(badge.on) })
                  : t(`indicatorsUi.profile.${badge.kind}`)}
              </Badge>
              {r.healthRecord && (
                <Text size="sm" c="dimmed">
                  {t('people.profile.versionInfo', {
                    version: r.healthRecord.version,
                    date: formatDate(r.healthRecord.lastUpdatedAt),
                  })}
                </Text>
              )}
            </Group>
          }
          actions={
            <>
              <Button component={Link} to={`/residents/${r.id}/print`} variant="default">
                {t('people.print.open')}
              </Button>
              {writable && (
                <Button
                  variant="default"
                  leftSection={<IconPencil size={16} />}
                  onClick={() => setEditing(true)}
                >
                  {t('peopleEdit.resident.edit')}
                </Button>
              )}
              {writable && <EventMenu person={subject} onPick={setEvent} />}
              {writable && (
                <Button leftSection={<IconCheck size={16} />} onClick={() => setReviewing(true)}>
                  {t('people.review.action')}
                </Button>
              )}
            </>
          }
        />
      </div>

      <Tabs
        value={tab}
        onChange={(v) => {
          const next = new URLSearchParams(params);
          if (v && v !== 'administrative') next.set('tab', v);
          else next.delete('tab');
          setParams(next, { replace: true });
        }}
        keepMounted={false}
      >
        <Box style={{ overflowX: 'auto' }}>
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            {TABS.filter((k) => tabShown(k, r)).map((k) => (
              <Tabs.Tab key={k} value={k} style={{ whiteSpace: 'nowrap' }}>
                {k === 'visits'
                  ? t('visits.history.tab')
                  : k === 'ncd'
                    ? t('ncd.card.tab')
                    : k === 'immunization'
                      ? t('immunization.tab')
                      : k === 'growth' || k === 'pregnancy'
                        ? t(`maternal.tabs.${k}`)
                        : k === 'referrals'
                          ? t('referral.tab')
                          : k === 'diseases'
                            ? t('surveillance.tab')
                            : t(`people.tabs.${k}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Box>
        <Box pt="lg">
          {tab === 'administrative' && <AdministrativeTab r={r} />}
          {tab === 'insurance' && <InsuranceTab r={r} writable={writable} />}
          {tab === 'referrals' && <ReferralTab residentId={r.id} writable={writable} />}
          {tab === 'diseases' && (
            <CasesTab residentId={r.id} communeCode={r.currentAddress.communeCode} writable={writable} />
          )}
          {tab === 'events' && <EventHistory id={r.id} />}
          {tab === 'visits' && <VisitHistory residentId={r.id} writable={writable} />}
          {tab === 'immunization' && <ImmunizationCard residentId={r.id} writable={writable} />}
          {tab === 'ncd' && (
            <ProgrammeCard residentId={r.id} communeCode={r.currentAddress.communeCode} writable={writable} />
          )}
          {tab === 'growth' && (
            <GrowthTab residentId={r.id} birthDate={r.birthDate ?? null} writable={writable} />
          )}
          {tab === 'pregnancy' && (
            <Stack gap="lg">
              <PregnancyCard
                residentId={r.id}
                communeCode={r.currentAddress.communeCode}
                writable={writable}
              />
              <FamilyPlanningCard residentId={r.id} writable={writable} />
            </Stack>
          )}
          {(tab === 'history' || tab === 'vaccinations' || tab === 'examinations' || tab === 'versions') &&
            (record.isPending ? (
              <PageLoader />
            ) : record.isError ? (
              <ErrorState error={record.error} onRetry={() => void record.refetch()} />
            ) : tab === 'versions' ? (
              <VersionsTab r={r} data={record.data} />
            ) : (
              <RecordTab r={r} tab={tab} data={record.data} writable={writable} refetch={record.refetch} />
            ))}
        </Box>
      </Tabs>

      {reviewing && <ReviewDialog r={r} record={record.data} onClose={() => setReviewing(false)} />}
      {editing && <ResidentEditDialog r={r} onClose={() => setEditing(false)} />}
      {event && <EventDialog kind={event} person={subject} onClose={() => setEvent(null)} />}
    </Stack>
  );
}

function AdministrativeTab({ r }: { r: ResidentOut }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <Text fw={650} mb="md" component="h2" fz="lg">
          1. {t('people.record.sections.administrative')}
        </Text>
        <AdministrativeFacts r={r} />
      </Paper>
      {r.householdId && (
        <Group gap="sm">
          <Anchor component={Link} to={`/households/${r.householdId}`} fw={600}>
            {t('people.profile.openHousehold')}
          </Anchor>
          {r.motherId && (
            <Anchor component={Link} to={`/residents/${r.motherId}`}>
              {t('people.profile.mother')}
            </Anchor>
          )}
          {r.fatherId && (
            <Anchor component={Link} to={`/residents/${r.fatherId}`}>
              {t('people.profile.father')}
            </Anchor>
          )}
        </Group>
      )}
    </Stack>
  );
}

type SaveResult = { errors: Record<string, string>; general?: string | null } | null;

/** Parts 2–4, each section with its edit dialog; a save writes a new version against the version read. */
function RecordTab({
  r,
  tab,
  data,
  writable,
  refetch,
}: {
  r: ResidentOut;
  tab: 'history' | 'vaccinations' | 'examinations';
  data: HealthRecordOut;
  writable: boolean;
  refetch: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const update = useUpdateRecord(r.id);
  const [editing, setEditing] = useState<{ section: SectionDef; key: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const doc: HealthRecordDocument = data.record?.current.document ?? EMPTY_DOCUMENT;
  const version = data.record?.currentVersion ?? 0;

  const open = (section: SectionDef) => {
    setNotice(null);
    setEditing({ section, key: Date.now() });
  };

  const save = async (section: SectionDef, value: unknown): Promise<SaveResult> => {
    const body: HealthRecordUpdate = { ...section.write(doc, value), baseVersion: version };
    const keyOf = (rest: string) => (section.id === 'examination' ? examinationErrorKey(rest) : rest);
    const remap = (errors: Record<string, string>) =>
      Object.fromEntries(Object.entries(errors).map(([k, v]) => [keyOf(k), v]));
    const checked = healthRecordUpdate.safeParse(body);
    if (!checked.success) {
      const placed = issuesUnder(t, zodIssues(checked.error.issues), section.prefix);
      return { errors: remap(placed.errors), general: placed.other.length ? t('form.fixErrors') : null };
    }
    try {
      const saved = await update.mutateAsync(checked.data);
      setEditing(null);
      notifications.show({
        color: 'ytcs',
        message: t('people.record.saved', { version: saved.record?.currentVersion ?? '' }),
      });
      return null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // Someone saved a newer version: load it; the edits stay in the dialog, to be saved on top of it.
        await refetch();
        setNotice(t('people.record.conflict'));
        return { errors: {}, general: null };
      }
      const placed = issuesUnder(t, serverIssues(err), section.prefix);
      if (Object.keys(placed.errors).length) return { errors: remap(placed.errors) };
      return { errors: {}, general: errorMessage(err) };
    }
  };

  const editButton = (section: SectionDef) =>
    writable ? (
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPencil size={14} />}
        onClick={() => open(section)}
        aria-label={t('people.record.editSection', { title: t(section.title) })}
      >
        {t('common.edit')}
      </Button>
    ) : undefined;

  return (
    <Stack gap="md">
      {!data.record && (
        <Alert color="amber" variant="light" icon={<IconAlert />}>
          {t('people.record.noRecord')}
        </Alert>
      )}
      {tab === 'history' &&
        historySectionsFor(r.sex).map((s) => (
          <SectionBlock key={s.id} section={s} doc={doc} action={editButton(s)} />
        ))}
      {tab === 'vaccinations' && (
        <SectionBlock section={VACCINATION_SECTION} doc={doc} action={editButton(VACCINATION_SECTION)} />
      )}
      {tab === 'examinations' && (
        <>
          {writable && (
            <Group>
              <Button leftSection={<IconPlus size={16} />} onClick={() => open(EXAMINATION_SECTION)}>
                {t('people.record.addExamination')}
              </Button>
            </Group>
          )}
          <ExaminationList items={doc.examinations.items} />
        </>
      )}
      {editing && (
        <SectionEditor
          key={editing.key}
          section={editing.section}
          value={editing.section.read(doc)}
          opened
          onClose={() => setEditing(null)}
          onSave={(value) => save(editing.section, value)}
          saving={update.isPending}
          notice={notice}
        />
      )}
    </Stack>
  );
}

function ReviewDialog({
  r,
  record,
  onClose,
}: {
  r: ResidentOut;
  record: HealthRecordOut | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const review = useReviewRecord(r.id);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const title = t('people.review.title');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    review.mutate(
      { note: note.trim() || null, baseVersion: record?.record?.currentVersion ?? 0 },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'ytcs',
            message: t('people.review.done', { version: saved.record?.currentVersion ?? '' }),
          });
          onClose();
        },
        onError: (err) =>
          setError(
            err instanceof ApiError && err.status === 409 ? t('people.record.conflict') : errorMessage(err),
          ),
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={submit} aria-label={title}>
        <Stack gap="md">
          <Text size="sm">{t('people.review.explain', { name: r.fullName })}</Text>
          {error && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('people.review.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={500}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={review.isPending}>
              {t('people.review.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every version, newest first; an older one opens read-only. */
function VersionsTab({ r, data }: { r: ResidentOut; data: HealthRecordOut }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const version = useRecordVersion(r.id, open);
  if (!data.versions.length)
    return (
      <Paper withBorder p="lg">
        <EmptyNote>{t('people.record.noRecord')}</EmptyNote>
      </Paper>
    );
  const current = data.record?.currentVersion;
  return (
    <>
      <DataTable caption={t('people.versions.title')} minWidth={640}>
        <Table.Thead>
          <Table.Tr>
            <Th>{t('people.versions.version')}</Th>
            <Th>{t('people.versions.kind')}</Th>
            <Th>{t('people.versions.parts')}</Th>
            <Th>{t('people.versions.when')}</Th>
            <Th>{t('people.versions.who')}</Th>
            <Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.versions.map((v) => (
            <Table.Tr key={`${v.residentId}-${v.version}`}>
              <Table.Td>
                <Group gap={6}>
                  <Text fw={600}>{t('people.versions.n', { version: v.version })}</Text>
                  {v.version === current && <Badge color="ytcs">{t('people.versions.current')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td>{t(`people.versions.kinds.${v.kind}`)}</Table.Td>
              <Table.Td>
                {v.changedParts.map((p) => t(`people.versions.partNames.${p}`)).join(', ')}
                {v.note && (
                  <Text size="xs" c="dimmed">
                    {v.note}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{formatDateTime(v.createdAt)}</Table.Td>
              <Table.Td>{v.createdBy ?? ''}</Table.Td>
              <Table.Td>
                <Button
                  variant="subtle"
                  size="xs"
                  onClick={() => setOpen(v.version)}
                  aria-label={t('people.versions.openN', { version: v.version })}
                >
                  {t('people.versions.open')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
      <Modal
        opened={open != null}
        onClose={() => setOpen(null)}
        title={t('people.versions.readOnlyTitle', { version: open ?? '' })}
        size="xl"
      >
        {version.isPending ? (
          <PageLoader />
        ) : version.isError ? (
          <ErrorState error={version.error} />
        ) : (
          <Stack gap="md">
            <Alert color="gray" variant="light">
              {t('people.versions.readOnly', {
                date: formatDateTime(version.data.createdAt),
                who: version.data.createdBy ?? '',
              })}
            </Alert>
            <DocumentView doc={version.data.document} sex={r.sex} />
          </Stack>
        )}
      </Modal>
    </>
  );
}

/** Card history, newest first, and a dialog to add a card (checked with the server's own schema). */
function InsuranceTab({ r, writable }: { r: ResidentOut; writable: boolean }) {
  const { t } = useTranslation();
  const cards = useInsuranceCards(r.id);
  const group = useCodeDisplay('insurance-beneficiary-group');
  const [adding, setAdding] = useState(false);
  if (cards.isPending) return <PageLoader />;
  if (cards.isError) return <ErrorState error={cards.error} onRetry={() => void cards.refetch()} />;
  return (
    <Stack gap="md">
      {writable && (
        <Group>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            {t('people.card.add')}
          </Button>
        </Group>
      )}
      {cards.data.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('people.card.none')}</EmptyNote>
        </Paper>
      ) : (
        <DataTable caption={t('people.tabs.insurance')} minWidth={720}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('people.card.code')}</Th>
              <Th>{t('people.card.group')}</Th>
              <Th>{t('people.card.validity')}</Th>
              <Th>{t('people.card.facility')}</Th>
              <Th>{t('people.card.state')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cards.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{c.code}</Table.Td>
                <Table.Td>
                  {[c.beneficiaryGroup, group(c.beneficiaryGroup, c.beneficiaryGroupName ?? '')]
                    .filter(Boolean)
                    .join(' · ')}
                  {c.benefitLevel != null && (
                    <Text size="xs" c="dimmed">
                      {t('people.card.level', { level: c.benefitLevel })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {formatDate(c.validFrom)} – {c.validTo ? formatDate(c.validTo) : t('people.card.openEnded')}
                </Table.Td>
                <Table.Td>{c.registeredFacilityName ?? c.registeredFacilityCode ?? ''}</Table.Td>
                <Table.Td>
                  {c.voidedAt ? (
                    <Badge color="gray">{t('people.card.voided')}</Badge>
                  ) : c.validNow ? (
                    <Badge color="ytcs">{t('people.card.valid')}</Badge>
                  ) : (
                    <Badge color="amber">{t('people.card.expired')}</Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      {adding && <AddCardDialog residentId={r.id} onClose={() => setAdding(false)} />}
    </Stack>
  );
}

const CARD_FIELDS = [
  'code',
  'validFrom',
  'validTo',
  'registeredFacilityCode',
  'beneficiaryGroup',
  'benefitLevel',
] as const;

function AddCardDialog({ residentId, onClose }: { residentId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const add = useAddCard(residentId);
  const [values, setValues] = useState<Record<(typeof CARD_FIELDS)[number], string>>({
    code: '',
    validFrom: '',
    validTo: '',
    registeredFacilityCode: '',
    beneficiaryGroup: '',
    benefitLevel: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const title = t('people.card.add');
  const set = (k: (typeof CARD_FIELDS)[number], v: string) => {
    setValues((s) => ({ ...s, [k]: v }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: '' }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    const found: Record<string, string> = {};
    const date = (k: 'validFrom' | 'validTo') => {
      const d = parseDate(values[k]);
      if (d === undefined) found[k] = t('errors.invalidDate');
      return d ?? null;
    };
    const payload = {
      code: values.code.replace(/\s/g, ''),
      validFrom: date('validFrom') ?? '',
      validTo: date('validTo'),
      registeredFacilityCode: values.registeredFacilityCode.trim() || null,
      beneficiaryGroup: values.beneficiaryGroup.trim() || null,
      benefitLevel: values.benefitLevel.trim() ? Number(values.benefitLevel) : null,
    };
    const checked = insuranceCardInput.safeParse(payload);
    if (!checked.success)
      Object.assign(found, { ...issuesUnder(t, zodIssues(checked.error.issues), '').errors, ...found });
    if (Object.values(found).some(Boolean) || !checked.success) {
      setErrors(found);
      const first = CARD_FIELDS.find((f) => found[f]);
      if (first) document.getElementById(`card-${first}`)?.focus();
      return;
    }
    add.mutate(checked.data, {
      onSuccess: () => {
        notifications.show({ color: 'ytcs', message: t('people.card.added') });
        onClose();
      },
      onError: (err) => {
        const placed = issuesUnder(t, serverIssues(err), '');
        if (Object.keys(placed.errors).length) setErrors(placed.errors);
        else setGeneral(errorMessage(err));
      },
    });
  };
  const input = (k: (typeof CARD_FIELDS)[number]) => ({
    id: `card-${k}`,
    error: errors[k] || undefined,
    value: values[k],
  });
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="md">
          {general && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {general}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              {...input('code')}
              label={t('people.card.code')}
              description={t('people.card.codeHint')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              onChange={(e) => set('code', e.currentTarget.value)}
              withAsterisk
              autoComplete="off"
              style={{ gridColumn: '1 / -1' }}
            />
            <DateField
              {...input('validFrom')}
              label={t('people.card.validFrom')}
              onChange={(v) => set('validFrom', v)}
              withAsterisk
            />
            <DateField
              {...input('validTo')}
              label={t('people.card.validTo')}
              onChange={(v) => set('validTo', v)}
            />
            <TextInput
              {...input('registeredFacilityCode')}
              label={t('people.card.facility')}
              onChange={(e) => set('registeredFacilityCode', e.currentTarget.value)}
              autoComplete="off"
            />
            <TextInput
              {...input('beneficiaryGroup')}
              label={t('people.card.groupCode')}
              description={t('people.card.groupHint')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              onChange={(e) => set('beneficiaryGroup', e.currentTarget.value)}
              maxLength={2}
              autoComplete="off"
            />
            <TextInput
              {...input('benefitLevel')}
              label={t('people.card.levelLabel')}
              inputMode="numeric"
              maxLength={1}
              onChange={(e) => set('benefitLevel', e.currentTarget.value)}
              autoComplete="off"
            />
          </SimpleGrid>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
