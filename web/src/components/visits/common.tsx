import { Anchor, Badge, Box, Group, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFacilities } from '../../api/queries';
import type { PaymentOut, VisitStatus, VisitSummary } from '../../api/visits';
import { formatDate, formatNumber } from '../../lib/format';
import { CardFacts, CardItem, CardList, DataTable, Th } from '../tables';

/** 125000 → "125.000 ₫". */
export function formatMoney(value: number | null | undefined): string {
  return value == null ? '—' : `${formatNumber(Math.round(value))} ₫`;
}

/** The commune stations of a unit (the facility a visit is recorded at). */
/** The station picker of the visit lists and registers: shown only when the unit has several. */
export function StationSelect({
  stations,
  value,
  onChange,
}: {
  stations: { id: string; name: string }[];
  value: string | undefined;
  onChange: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  if (stations.length <= 1) return null;
  return (
    <Select
      label={t('visits.fields.facility')}
      data={stations.map((s) => ({ value: s.id, label: s.name }))}
      value={value ?? null}
      onChange={onChange}
      allowDeselect={false}
    />
  );
}

export function useStations(unitCode: string | undefined) {
  const facilities = useFacilities(unitCode);
  const stations = (facilities.data?.items ?? []).filter((f) => f.kind === 'commune_station');
  return { ...facilities, stations };
}

export function VisitStatusBadge({ status }: { status: VisitStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'finished' ? 'ytcs' : 'amber'} variant="light">
      {t(`visits.status.${status}`)}
    </Badge>
  );
}

/** Who pays what, as the server computed it for the saved version. */
export function PaymentSummary({ payment }: { payment: PaymentOut }) {
  const { t } = useTranslation();
  const facts: [string, ReactNode][] = [
    [t('visits.payment.method'), t(`visits.payment.methods.${payment.method}`)],
    [t('visits.payment.reason'), t(`visits.payment.reasons.${payment.reason}`)],
    [t('visits.payment.total'), formatMoney(payment.total)],
    [t('visits.payment.insurer'), formatMoney(payment.insurerAmount)],
    [t('visits.payment.patient'), formatMoney(payment.patientAmount)],
  ];
  return (
    <Stack gap={6} aria-label={t('visits.payment.title')} role="group">
      {payment.card && (
        <Text size="sm">
          {t('visits.payment.card', {
            code: payment.card.code,
            level: payment.card.benefitLevel ?? '—',
            rate: payment.insurerRate,
          })}
        </Text>
      )}
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
        {facts.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed" fw={600}>
              {label}
            </Text>
            <Text fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function diagnosisText(v: VisitSummary): string {
  if (!v.mainDiagnosis) return '';
  return v.mainDiagnosisTitle ? `${v.mainDiagnosis} · ${v.mainDiagnosisTitle}` : v.mainDiagnosis;
}

/**
 * Visits as a table on a wide screen and as cards on a phone: the patient (or the date, in a
 * person's history), diagnosis, clinician, payment and status; each opens the visit.
 */
export function VisitList({
  rows,
  caption,
  history = false,
}: {
  rows: VisitSummary[];
  caption: string;
  /** A person's history: the date and the station instead of the patient. */
  history?: boolean;
}) {
  const { t } = useTranslation();
  const first = (v: VisitSummary) =>
    history ? (
      <Anchor component={Link} to={`/visits/${v.id}`} className="table-link">
        {formatDate(v.visitDate)}
      </Anchor>
    ) : (
      <Anchor component={Link} to={`/visits/${v.id}`} className="table-link">
        {v.patientName}
      </Anchor>
    );
  return (
    <>
      <Box visibleFrom="sm">
        <DataTable caption={caption} minWidth={760}>
          <Table.Thead>
            <Table.Tr>
              <Th>{history ? t('visits.fields.visitDate') : t('visits.fields.patient')}</Th>
              <Th>{history ? t('visits.fields.facility') : t('visits.fields.birthYear')}</Th>
              <Th>{t('visits.fields.mainDiagnosis')}</Th>
              <Th>{t('visits.fields.clinician')}</Th>
              <Th>{t('visits.payment.method')}</Th>
              <Th numeric>{t('visits.payment.total')}</Th>
              <Th>{t('visits.fields.status')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>{first(v)}</Table.Td>
                <Table.Td>
                  {history ? v.facilityName : `${v.patientBirthYear} · ${t(`people.sex.${v.patientSex}`)}`}
                </Table.Td>
                <Table.Td>{diagnosisText(v)}</Table.Td>
                <Table.Td>{v.clinicianName}</Table.Td>
                <Table.Td>{t(`visits.payment.methods.${v.paymentMethod}`)}</Table.Td>
                <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                  {formatMoney(v.total)}
                </Table.Td>
                <Table.Td>
                  <VisitStatusBadge status={v.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      </Box>
      <CardList label={caption}>
        {rows.map((v) => (
          <CardItem key={v.id}>
            <Stack gap={2}>
              <Group gap={6} justify="space-between" wrap="nowrap">
                <Box fw={600}>{first(v)}</Box>
                <VisitStatusBadge status={v.status} />
              </Group>
              <CardFacts
                facts={[
                  history
                    ? [t('visits.fields.facility'), v.facilityName]
                    : [t('visits.fields.birthYear'), String(v.patientBirthYear)],
                  [t('visits.fields.mainDiagnosis'), diagnosisText(v)],
                  [t('visits.fields.clinician'), v.clinicianName],
                  [t('visits.payment.total'), formatMoney(v.total)],
                ]}
              />
            </Stack>
          </CardItem>
        ))}
      </CardList>
    </>
  );
}
