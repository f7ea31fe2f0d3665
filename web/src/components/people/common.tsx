import { Anchor, Badge, Box, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { HouseholdDetail, ResidentFound, ResidentSummary } from '../../api/people';
import { useCodeDisplay } from '../../lib/codes';
import { formatDate } from '../../lib/format';
import { IconCheck, IconMinus } from '../Icons';
import { CardFacts, CardItem, CardList, DataTable, Th } from '../tables';

/** Birth date as dd/mm/yyyy, or the year alone when that is all that is known. */
export function birthText(r: { birthDate: string | null; birthYear: number }): string {
  return r.birthDate ? formatDate(r.birthDate) : String(r.birthYear);
}

/** "Label / value" for a profile or a card. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <Box mt={2} fz="sm">
        {children || '—'}
      </Box>
    </div>
  );
}

export function InsuredBadge({ insured }: { insured: boolean }) {
  const { t } = useTranslation();
  return insured ? (
    <Badge color="ytcs" leftSection={<IconCheck size={12} />}>
      {t('people.insuredToday')}
    </Badge>
  ) : (
    <Badge color="amber" leftSection={<IconMinus size={12} />}>
      {t('people.notInsured')}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: ResidentSummary['status'] }) {
  const { t } = useTranslation();
  if (status === 'active') return null;
  return <Badge color="gray">{t(`people.status.${status}`)}</Badge>;
}

/** A search hit (with whether it is insured today) or a household member (with its relation to the head). */
type Row = ResidentSummary &
  Partial<
    Pick<ResidentFound, 'insuredToday'> & Pick<HouseholdDetail['members'][number], 'relationToHeadName'>
  >;

/**
 * Residents as a table on a wide screen and as cards on a phone: name (a link to the profile), sex,
 * birth, personal ID, hamlet, and the insured-today badge when known.
 */
export function ResidentList({
  rows,
  caption,
  showRelation = false,
  actions,
}: {
  rows: Row[];
  caption: string;
  showRelation?: boolean;
  /** What can be done with a row (a household member's menu): next to the name, or under the card. */
  actions?: (row: Row) => ReactNode;
}) {
  const { t } = useTranslation();
  const relation = useCodeDisplay('relation-to-head');
  const insuredKnown = rows.some((r) => r.insuredToday !== undefined);
  return (
    <>
      <Box visibleFrom="sm">
        <DataTable caption={caption} minWidth={720}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('people.fields.fullName')}</Th>
              {actions && <Th>{t('peopleEdit.member.actionsColumn')}</Th>}
              {showRelation && <Th>{t('people.fields.relationToHead')}</Th>}
              <Th>{t('people.fields.sex')}</Th>
              <Th>{t('people.fields.birth')}</Th>
              <Th>{t('people.fields.personalId')}</Th>
              <Th>{t('people.fields.hamlet')}</Th>
              {insuredKnown && <Th>{t('people.fields.insurance')}</Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Anchor
                      component={Link}
                      to={`/residents/${r.id}`}
                      className="table-link"
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {r.fullName}
                    </Anchor>
                    <StatusBadge status={r.status} />
                  </Group>
                </Table.Td>
                {actions && <Table.Td>{actions(r)}</Table.Td>}
                {showRelation && <Table.Td>{relation(r.relationToHead, r.relationToHeadName)}</Table.Td>}
                <Table.Td>{t(`people.sex.${r.sex}`)}</Table.Td>
                <Table.Td>{birthText(r)}</Table.Td>
                <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{r.personalId ?? ''}</Table.Td>
                <Table.Td>{r.hamletName ?? r.communeName}</Table.Td>
                {insuredKnown && (
                  <Table.Td>
                    {r.insuredToday !== undefined && <InsuredBadge insured={r.insuredToday} />}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      </Box>
      <CardList label={caption}>
        {rows.map((r) => (
          <CardItem key={r.id}>
            <Stack gap={2}>
              <Group gap={6} justify="space-between" wrap="nowrap">
                <Anchor component={Link} to={`/residents/${r.id}`} fw={600}>
                  {r.fullName}
                </Anchor>
                {r.insuredToday !== undefined && <InsuredBadge insured={r.insuredToday} />}
              </Group>
              <CardFacts
                facts={[
                  ...(showRelation && r.relationToHeadName
                    ? ([
                        [t('people.fields.relationToHead'), relation(r.relationToHead, r.relationToHeadName)],
                      ] as [string, ReactNode][])
                    : []),
                  [t('people.fields.sex'), t(`people.sex.${r.sex}`)],
                  [t('people.fields.birth'), birthText(r)],
                  ...(r.personalId
                    ? ([[t('people.fields.personalId'), r.personalId]] as [string, ReactNode][])
                    : []),
                  [t('people.fields.hamlet'), r.hamletName ?? r.communeName],
                ]}
              />
              {actions && <Box mt={6}>{actions(r)}</Box>}
            </Stack>
          </CardItem>
        ))}
      </CardList>
    </>
  );
}
