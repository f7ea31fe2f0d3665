import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Code,
  Group,
  List,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import {
  claimXmlUrl,
  useClaimCheck,
  type ClaimIssue,
  type ClaimMonthCheck,
  type ClaimRun,
  type ClaimVisitCheck,
} from '../../api/claims';
import { useUnit } from '../../api/queries';
import { a1FileUrl } from '../../api/visits';
import {
  EmptyNote,
  ErrorState,
  PageHeader,
  PageLoader,
  SectionTitle,
  StatCard,
} from '../../components/common';
import { CardItem, Pager, usePaged } from '../../components/tables';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatMoney, StationSelect, useStations } from '../../components/visits/common';
import { formatDate, formatNumber, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const HEAD_CODE = /^\d{10}$/;
const HEAD_KEY = 'ytcs.claims.head';

/** The month before today's: the one a station sends at the start of a month. */
function lastMonth(): string {
  const [y, m] = todayIso().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function storedHead(): string {
  try {
    return localStorage.getItem(HEAD_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * A finding's reason in the interface language: the check's own Vietnamese (its refusals name the
 * clinician, the card, the code), else the rule broken, by its code (the validator's findings are in
 * English only; the element is shown beside the reason).
 */
function useReason() {
  const { t, i18n } = useTranslation();
  return (f: ClaimIssue) =>
    i18n.language === 'en' ? f.message : (f.messageVi ?? t(`claimsExport.codes.${f.code}`));
}

/**
 * The monthly claims of a station (giám định BHYT): the check of a month's finished visits listed by
 * visit, with the reason each refused visit is left out, the counts and amounts, and the downloads —
 * the GIAMDINHHS XML of the accepted visits and register A1.
 */
export default function ClaimsExportPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [params, setParams] = useSearchParams();
  const asked = params.get('month') ?? '';
  const [month, setMonth] = useState(MONTH.test(asked) ? asked : lastMonth());
  const [head, setHead] = useState(storedHead);
  const [headError, setHeadError] = useState<string | null>(null);
  const stations = useStations(code);
  const [chosen, setChosen] = useState<string | null>(params.get('facility'));
  const facility = chosen ?? stations.stations[0]?.id;
  const [run, setRun] = useState<ClaimRun | null>(null);
  const check = useClaimCheck(run);
  const title = t('claimsExport.title');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!facility) return;
    const code = head.trim();
    if (code && !HEAD_CODE.test(code)) {
      setHeadError(t('claimsExport.form.headInvalid'));
      return;
    }
    setHeadError(null);
    try {
      localStorage.setItem(HEAD_KEY, code);
    } catch {
      // No storage: asked again next time.
    }
    const next = new URLSearchParams(params);
    next.set('month', month);
    next.set('facility', facility);
    setParams(next, { replace: true });
    setRun({ facility, month, head: code || undefined });
    if (run && run.facility === facility && run.month === month && run.head === (code || undefined))
      void check.refetch();
  };

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          description={t('claimsExport.description')}
        />
      </div>
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={t('claimsExport.form.label')}>
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            type="month"
            label={t('claimsExport.form.month')}
            value={month}
            onChange={(e) => MONTH.test(e.currentTarget.value) && setMonth(e.currentTarget.value)}
            required
          />
          <StationSelect stations={stations.stations} value={facility} onChange={setChosen} />
          {stations.stations.length === 1 && (
            <TextInput label={t('visits.fields.facility')} value={stations.stations[0]!.name} readOnly />
          )}
          <TextInput
            label={t('claimsExport.form.head')}
            description={t('claimsExport.form.headHint')}
            value={head}
            onChange={(e) => setHead(e.currentTarget.value)}
            error={headError}
            inputMode="numeric"
            maxLength={10}
            w={{ base: '100%', xs: 340 }}
          />
          <Button type="submit" disabled={!facility} loading={check.isFetching}>
            {t('claimsExport.form.run')}
          </Button>
        </Group>
      </Paper>
      {stations.isPending ? (
        <PageLoader />
      ) : !facility ? (
        <EmptyNote>{t('claimsExport.noStation')}</EmptyNote>
      ) : !run ? (
        <EmptyNote>{t('claimsExport.notRun')}</EmptyNote>
      ) : check.isPending ? (
        <PageLoader />
      ) : check.isError ? (
        <ErrorState error={check.error} onRetry={() => void check.refetch()} />
      ) : (
        <CheckResult result={check.data} run={run} />
      )}
    </Stack>
  );
}

function CheckResult({ result, run }: { result: ClaimMonthCheck; run: ClaimRun }) {
  const { t } = useTranslation();
  const { totals } = result;
  const phone = useMediaQuery('(max-width: 40em)');
  const [show, setShow] = useState<'refused' | 'accepted' | 'all'>(totals.refused ? 'refused' : 'all');
  const visits = result.visits.filter((v) =>
    show === 'all' ? true : show === 'accepted' ? v.accepted : !v.accepted,
  );
  const paged = usePaged(visits, 20);
  const monthText = `${run.month.slice(5)}/${run.month.slice(0, 4)}`;
  // The reasons, most frequent first: what to complete before the month can be sent.
  const byCode = new Map<string, { count: number; visits: Set<string>; sample: ClaimIssue }>();
  for (const v of result.visits)
    for (const f of v.findings) {
      const entry = byCode.get(f.code) ?? { count: 0, visits: new Set(), sample: f };
      entry.count += 1;
      entry.visits.add(v.visitId);
      byCode.set(f.code, entry);
    }
  const reasons = [...byCode.entries()].sort((a, b) => b[1].visits.size - a[1].visits.size);

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <StatCard label={t('claimsExport.stats.visits')} value={formatNumber(totals.visits)} />
        <StatCard label={t('claimsExport.stats.accepted')} value={formatNumber(totals.accepted)} />
        <StatCard
          label={t('claimsExport.stats.refused')}
          value={formatNumber(totals.refused)}
          tone={totals.refused ? 'warn' : undefined}
        />
        <StatCard
          label={t('claimsExport.stats.claimed')}
          value={formatMoney(totals.acceptedInsurerAmount)}
          note={t('claimsExport.stats.claimedNote', { total: formatMoney(totals.acceptedTotal) })}
        />
      </SimpleGrid>

      {totals.visits === 0 ? (
        <Alert color="gray" title={t('claimsExport.outcome.noneTitle')} role="status">
          {t('claimsExport.outcome.none', { month: monthText })}
        </Alert>
      ) : totals.accepted === 0 ? (
        <Alert color="amber" title={t('claimsExport.outcome.allRefusedTitle')} role="status">
          {t('claimsExport.outcome.allRefused', {
            count: totals.refused,
            amount: formatMoney(totals.refusedInsurerAmount),
          })}
        </Alert>
      ) : totals.refused > 0 ? (
        <Alert color="amber" title={t('claimsExport.outcome.someRefusedTitle')} role="status">
          {t('claimsExport.outcome.someRefused', {
            accepted: totals.accepted,
            refused: totals.refused,
            amount: formatMoney(totals.refusedInsurerAmount),
          })}
        </Alert>
      ) : (
        <Alert color="ytcs" title={t('claimsExport.outcome.allAcceptedTitle')} role="status">
          {t('claimsExport.outcome.allAccepted', { count: totals.accepted })}
        </Alert>
      )}

      {reasons.length > 0 && (
        <Paper withBorder p="md">
          <SectionTitle>{t('claimsExport.reasons.title')}</SectionTitle>
          <List spacing={6} size="sm">
            {reasons.map(([code, r]) => (
              <List.Item key={code}>
                <Text span fw={600}>
                  {t(`claimsExport.codes.${code}`)}
                </Text>
                <Text span c="dimmed">
                  {' — '}
                  {t('claimsExport.reasons.visits', { count: r.visits.size })}
                </Text>
                {r.sample.field && (
                  <>
                    {' '}
                    <Code>{r.sample.field}</Code>
                  </>
                )}
              </List.Item>
            ))}
          </List>
        </Paper>
      )}

      <Paper withBorder p="md">
        <SectionTitle>{t('claimsExport.downloads.title')}</SectionTitle>
        <Group gap="sm" wrap="wrap">
          <Button component="a" href={claimXmlUrl(run)} download={result.fileName}>
            {t('claimsExport.downloads.xml', { count: totals.accepted })}
          </Button>
          <Button component="a" href={a1FileUrl('xlsx', run.facility, run.month)} variant="default" download>
            {t('claimsExport.downloads.a1Excel')}
          </Button>
          <Button component="a" href={a1FileUrl('pdf', run.facility, run.month)} variant="default" download>
            {t('claimsExport.downloads.a1Pdf')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed" mt="xs">
          {totals.accepted === 0
            ? t('claimsExport.downloads.emptyNote', { file: result.fileName })
            : t('claimsExport.downloads.note', { file: result.fileName, standard: result.standard })}
        </Text>
      </Paper>

      {result.visits.length > 0 && (
        <section aria-labelledby="claims-visits">
          <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap" gap="sm">
            <SectionTitle>
              <span id="claims-visits">{t('claimsExport.visits.title')}</span>
            </SectionTitle>
            <SegmentedControl
              value={show}
              onChange={(v) => {
                setShow(v as typeof show);
                paged.setPage(1);
              }}
              aria-label={t('claimsExport.visits.filter')}
              orientation={phone ? 'vertical' : 'horizontal'}
              fullWidth={phone}
              w={phone ? '100%' : undefined}
              data={[
                { value: 'refused', label: t('claimsExport.visits.showRefused', { count: totals.refused }) },
                {
                  value: 'accepted',
                  label: t('claimsExport.visits.showAccepted', { count: totals.accepted }),
                },
                { value: 'all', label: t('claimsExport.visits.showAll', { count: totals.visits }) },
              ]}
            />
          </Group>
          {visits.length === 0 ? (
            <EmptyNote>{t('claimsExport.visits.none')}</EmptyNote>
          ) : (
            <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {paged.rows.map((v) => (
                <VisitCheck key={v.visitId} visit={v} />
              ))}
            </Stack>
          )}
          <Pager {...paged} />
        </section>
      )}
    </Stack>
  );
}

function VisitCheck({ visit: v }: { visit: ClaimVisitCheck }) {
  const { t } = useTranslation();
  const reason = useReason();
  return (
    <CardItem>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Box style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600} size="sm" c="dimmed">
              {formatDate(v.visitDate)}
            </Text>
            <Anchor component={Link} to={`/visits/${v.visitId}`} fw={650}>
              {v.patient.fullName}
            </Anchor>
            <Text size="sm" c="dimmed">
              {v.patient.birthDate ? formatDate(v.patient.birthDate) : v.patient.birthYear}
            </Text>
          </Group>
          <Text size="sm" c="dimmed" mt={2}>
            {v.insured
              ? t('claimsExport.visits.insured', { card: v.cardCode ?? '' })
              : t('claimsExport.visits.selfPay')}
            {' · '}
            {t('claimsExport.visits.clinician', { name: v.clinician })}
            {' · '}
            {t('claimsExport.visits.amounts', {
              total: formatMoney(v.total),
              insurer: formatMoney(v.insurerAmount),
            })}
          </Text>
        </Box>
        <Badge color={v.accepted ? 'ytcs' : 'red'} variant="light">
          {v.accepted ? t('claimsExport.visits.accepted') : t('claimsExport.visits.refused')}
        </Badge>
      </Group>
      {v.findings.length > 0 && (
        <Stack gap={4} mt="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {v.findings.map((f, i) => (
            <Group
              key={`${f.path}-${i}`}
              component="li"
              gap="xs"
              wrap="nowrap"
              align="flex-start"
              mt={i ? 0 : 6}
            >
              <Code style={{ flexShrink: 0 }}>{f.field ?? f.table}</Code>
              <Text size="sm">{reason(f)}</Text>
            </Group>
          ))}
        </Stack>
      )}
    </CardItem>
  );
}
