import { Anchor, Badge, Box, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { StaffOut } from '../api/types';
import { formatDate } from '../lib/format';
import { useTitles } from '../lib/titles';
import { YesNo } from './common';
import { DataTable, Th } from './tables';

function Name({ staff, editable }: { staff: StaffOut; editable: boolean }) {
  return editable ? (
    <Anchor component={Link} to={`/staff/${staff.id}`} className="table-link">
      {staff.fullName}
    </Anchor>
  ) : (
    <Text fw={600} size="sm" span>
      {staff.fullName}
    </Text>
  );
}

function Place({ staff }: { staff: StaffOut }) {
  return (
    <>
      {staff.facilityId && (
        <Anchor component={Link} to={`/stations/${staff.facilityId}`} size="sm" c="dark.6">
          {staff.facilityName}
        </Anchor>
      )}
      {staff.hamletName && (
        <Text size="sm" c={staff.facilityId ? 'dimmed' : undefined}>
          {staff.hamletName}
        </Text>
      )}
    </>
  );
}

/**
 * Health workers as a table on wider screens and as a list of cards on a phone, where a six-column
 * table would only scroll sideways.
 */
export function StaffTable({
  rows,
  caption,
  editable,
  showPlace = true,
  showStart = true,
}: {
  rows: StaffOut[];
  caption: string;
  editable: boolean;
  showPlace?: boolean;
  showStart?: boolean;
}) {
  const { t } = useTranslation();
  const titles = useTitles();
  const today = new Date().toISOString().slice(0, 10);
  const former = (s: StaffOut) =>
    s.activeTo && s.activeTo < today ? (
      <Badge color="gray" ml="xs" size="sm">
        {t('staff.former', { date: formatDate(s.activeTo) })}
      </Badge>
    ) : null;
  return (
    <>
      <Box visibleFrom="sm">
        <DataTable minWidth={showPlace ? 760 : 520} caption={caption}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('staff.name')}</Th>
              <Th>{t('staff.title')}</Th>
              {showPlace && <Th>{t('staff.place')}</Th>}
              <Th>{t('staff.fullTime')}</Th>
              <Th>{t('staff.phone')}</Th>
              {showStart && <Th>{t('staff.activeFrom')}</Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Name staff={s} editable={editable} />
                  {former(s)}
                </Table.Td>
                <Table.Td>{titles.label(s.title)}</Table.Td>
                {showPlace && (
                  <Table.Td>
                    <Place staff={s} />
                  </Table.Td>
                )}
                <Table.Td>
                  <YesNo value={s.fullTime} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.phone ?? '—'}</Table.Td>
                {showStart && (
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(s.activeFrom)}</Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      </Box>
      <Stack
        hiddenFrom="sm"
        gap="xs"
        component="ul"
        aria-label={caption}
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
      >
        {rows.map((s) => (
          <Paper key={s.id} withBorder p="sm" radius="md" component="li">
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <Box style={{ minWidth: 0 }}>
                <Name staff={s} editable={editable} />
                {former(s)}
                <Text size="sm">{titles.label(s.title)}</Text>
                {showPlace && <Place staff={s} />}
              </Box>
              <YesNo value={s.fullTime} yes={t('staff.fullTime')} no={t('staff.partTime')} />
            </Group>
            {(s.phone || showStart) && (
              <Text size="xs" c="dimmed" mt={4}>
                {[s.phone, showStart ? `${t('staff.activeFrom')} ${formatDate(s.activeFrom)}` : null]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            )}
          </Paper>
        ))}
      </Stack>
    </>
  );
}
