import { QrCode } from '../../components/QrCode';
import { Anchor, Code, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useUnit } from '../../api/queries';
import { useStationResults, useSurveyLink } from '../../api/satisfaction';
import { can, useUser } from '../../auth/session';
import {
  EmptyNote,
  ErrorState,
  PageHeader,
  PageLoader,
  SectionTitle,
  StatCard,
} from '../../components/common';
import { StationSelect, useStations } from '../../components/visits/common';
import { formatNumber, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

/**
 * A station's satisfaction survey (khảo sát hài lòng): its public link for the QR code on the wall, and
 * the answers over a period, overall and per question.
 */
export default function SurveyResultsPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const stations = useStations(code);
  const [chosen, setChosen] = useState<string | null>(null);
  const facility = chosen ?? stations.stations[0]?.id;
  const [from, setFrom] = useState(`${todayIso().slice(0, 7)}-01`);
  const [to, setTo] = useState(todayIso());
  const link = useSurveyLink(can(user, 'surveys.manage') ? facility : undefined);
  const results = useStationResults(facility, from, to);

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data || stations.isLoading) return <PageLoader />;
  const url = link.data ? `${window.location.origin}${link.data.path}` : null;
  const r = results.data;

  return (
    <>
      <PageHeader
        title={t('satisfaction.title')}
        eyebrow={unitName(unit.data)}
        description={t('satisfaction.description')}
      />
      {stations.stations.length === 0 ? (
        <EmptyNote>{t('satisfaction.noStation')}</EmptyNote>
      ) : (
        <Stack gap="lg">
          <StationSelect stations={stations.stations} value={facility} onChange={setChosen} />
          {url && (
            <Paper withBorder p="md">
              <Group align="flex-start" gap="lg" wrap="wrap">
                <QrCode value={url} size={180} label={t('satisfaction.qrLabel')} />
                <div style={{ minWidth: 0, flex: '1 1 240px' }}>
                  <Text fw={600}>{t('satisfaction.link')}</Text>
                  <Anchor href={url} target="_blank" style={{ wordBreak: 'break-all' }}>
                    {url}
                  </Anchor>
                  <Text size="sm" c="dimmed" mt="xs">
                    {t('satisfaction.qrNote')} <Code>{link.data?.linkKey}</Code>
                  </Text>
                </div>
              </Group>
            </Paper>
          )}
          <Group align="flex-end" wrap="wrap">
            <TextInput
              type="date"
              label={t('satisfaction.from')}
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label={t('satisfaction.to')}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
            />
          </Group>
          {results.isError && <ErrorState error={results.error} />}
          {r && (
            <>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <StatCard label={t('satisfaction.answers')} value={formatNumber(r.answers)} />
                <StatCard label={t('satisfaction.satisfied')} value={formatNumber(r.satisfied)} />
                <StatCard
                  label={t('satisfaction.share')}
                  value={r.satisfiedShare === null ? '—' : `${formatNumber(r.satisfiedShare)}%`}
                />
              </SimpleGrid>
              <SectionTitle>{t('satisfaction.perQuestion')}</SectionTitle>
              <Table.ScrollContainer minWidth={420}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('satisfaction.question')}</Table.Th>
                      <Table.Th>{t('satisfaction.answers')}</Table.Th>
                      <Table.Th>{t('satisfaction.mean')}</Table.Th>
                      <Table.Th>{t('satisfaction.share')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.questions.map((q) => (
                      <Table.Tr key={q.code}>
                        <Table.Td>{q.code}</Table.Td>
                        <Table.Td>{formatNumber(q.answers)}</Table.Td>
                        <Table.Td>{q.mean === null ? '—' : formatNumber(q.mean)}</Table.Td>
                        <Table.Td>
                          {q.satisfiedShare === null ? '—' : `${formatNumber(q.satisfiedShare)}%`}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </>
          )}
        </Stack>
      )}
    </>
  );
}
