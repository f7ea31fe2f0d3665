import { Group, Pagination, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';
import { IconSearch } from './Icons';

/** A bordered, rounded table that scrolls sideways on a phone instead of squeezing its columns. */
export function DataTable({
  minWidth = 640,
  children,
  caption,
}: {
  minWidth?: number;
  children: ReactNode;
  caption?: string;
}) {
  return (
    <Paper withBorder style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table
          striped={false}
          highlightOnHover
          stickyHeader={false}
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          {caption && (
            <caption
              style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
            >
              {caption}
            </caption>
          )}
          {children}
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

export function Th({ children, numeric }: { children?: ReactNode; numeric?: boolean }) {
  return (
    <Table.Th
      ta={numeric ? 'right' : undefined}
      style={{ background: '#f3f7f6', fontWeight: 600, fontSize: 13, whiteSpace: 'nowrap' }}
    >
      {children}
    </Table.Th>
  );
}

export function Num({ value, whole }: { value: number; whole?: number }) {
  return (
    <Table.Td ta="right">
      {formatNumber(value)}
      {whole !== undefined && (
        <Text span c="dimmed" size="sm">
          {' '}
          / {formatNumber(whole)}
        </Text>
      )}
    </Table.Td>
  );
}

export function FilterInput({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
}) {
  return (
    <TextInput
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      placeholder={label}
      aria-label={label}
      leftSection={<IconSearch size={16} />}
      w={{ base: '100%', xs: 260 }}
      size="sm"
    />
  );
}

/** Client-side pages of a list already loaded. */
export function usePaged<T>(items: T[], size = 20) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(page, pages);
  return {
    rows: items.slice((current - 1) * size, current * size),
    page: current,
    pages,
    setPage,
    from: items.length ? (current - 1) * size + 1 : 0,
    to: Math.min(current * size, items.length),
    total: items.length,
  };
}

export function Pager({
  page,
  pages,
  setPage,
  from,
  to,
  total,
  showCount = false,
}: {
  page: number;
  pages: number;
  setPage: (p: number) => void;
  from: number;
  to: number;
  total: number;
  /** Say "1–20 of 57" even when everything fits on one page (lists paged by the server). */
  showCount?: boolean;
}) {
  const { t } = useTranslation();
  if (pages <= 1 && !showCount) return null;
  return (
    <Group justify="space-between" mt="sm" gap="sm">
      <Text size="sm" c="dimmed">
        {t('common.showing', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })}
      </Text>
      {pages > 1 && (
        <nav aria-label={t('common.pagination')}>
          <Pagination value={page} onChange={setPage} total={pages} size="sm" siblings={1} boundaries={1} />
        </nav>
      )}
    </Group>
  );
}

/** A list of cards for phones, where a wide table would only scroll sideways. */
export function CardList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack
      hiddenFrom="sm"
      gap="xs"
      component="ul"
      aria-label={label}
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
    >
      {children}
    </Stack>
  );
}

export function CardItem({ children }: { children: ReactNode }) {
  return (
    <Paper withBorder p="sm" radius="md" component="li">
      {children}
    </Paper>
  );
}

/** "Label value" pairs on one wrapping line of a card. */
export function CardFacts({ facts }: { facts: [string, ReactNode][] }) {
  return (
    <Group gap="md" mt={6} wrap="wrap">
      {facts.map(([label, value]) => (
        <Text key={label} size="sm" c="dimmed" span>
          {label}{' '}
          <Text span c="var(--mantine-color-text)" fw={600}>
            {value}
          </Text>
        </Text>
      ))}
    </Group>
  );
}
