import { Anchor, Badge, Button, Group, NumberInput, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAssessments, useOpenAssessment, type AssessmentSummary } from '../../api/criteria';
import { ApiError } from '../../api/client';
import { useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, SectionTitle } from '../../components/common';
import { formatDate, formatNumber, todayIso } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

export function StatusBadge({ status }: { status: AssessmentSummary['status'] }) {
  const { t } = useTranslation();
  const color = { draft: 'gray', submitted: 'blue', returned: 'orange', approved: 'teal' }[status];
  return (
    <Badge color={color} variant="light">
      {t(`criteria.status.${status}`)}
    </Badge>
  );
}

/**
 * The commune health criteria of a unit (bộ tiêu chí quốc gia về y tế xã): a commune's yearly
 * self-assessments, or under a province the communes' assessments to review.
 */
export default function AssessmentsPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const list = useAssessments(code);
  const open = useOpenAssessment();
  const [year, setYear] = useState<number>(Number(todayIso().slice(0, 4)));
  const [error, setError] = useState<string | null>(null);

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data || list.isLoading) return <PageLoader />;
  const items = list.data?.items ?? [];
  const isCommune = unit.data.level === 'commune';

  const start = () => {
    setError(null);
    open.mutate(
      { unitCode: unit.data.code, year },
      {
        onSuccess: (a) => navigate(`/criteria/assessments/${a.id}`),
        onError: (e) =>
          setError(e instanceof ApiError ? (e.problem.errors?.[0]?.message ?? e.message) : String(e)),
      },
    );
  };

  return (
    <>
      <PageHeader
        title={t('criteria.title')}
        eyebrow={unitName(unit.data)}
        description={t('criteria.description')}
        actions={
          <Button component={Link} to="/criteria/sets" variant="default">
            {t('criteria.setsLink')}
          </Button>
        }
      />
      {isCommune && can(user, 'criteria.assess') && (
        <Paper withBorder p="md" mb="lg">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <NumberInput
              label={t('criteria.year')}
              value={year}
              onChange={(v) => setYear(Number(v))}
              min={2023}
              max={2100}
              w={140}
            />
            <Button onClick={start} loading={open.isPending}>
              {t('criteria.open')}
            </Button>
          </Group>
          {error && (
            <Text c="red" size="sm" mt="xs" role="alert">
              {error}
            </Text>
          )}
        </Paper>
      )}
      <SectionTitle>{t('criteria.list')}</SectionTitle>
      {items.length === 0 ? (
        <EmptyNote>{t('criteria.none')}</EmptyNote>
      ) : (
        <Stack gap="xs">
          <Table.ScrollContainer minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('criteria.commune')}</Table.Th>
                  <Table.Th>{t('criteria.year')}</Table.Th>
                  <Table.Th>{t('criteria.statusLabel')}</Table.Th>
                  <Table.Th>{t('criteria.total')}</Table.Th>
                  <Table.Th>{t('criteria.validUntil')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/criteria/assessments/${a.id}`}>
                        {a.unitName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{a.year}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={a.status} />
                    </Table.Td>
                    <Table.Td>
                      {formatNumber(a.total)} {a.passed ? t('criteria.meets') : ''}
                    </Table.Td>
                    <Table.Td>{a.validUntil ? formatDate(a.validUntil) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </>
  );
}
