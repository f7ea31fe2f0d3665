import { Button, Loader, Paper, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useResidentSearch } from '../../api/people';
import { useCurrentUnitCode } from '../../lib/units';
import { EmptyNote } from '../common';
import { IconSearch } from '../Icons';
import { birthText } from './common';

/**
 * Finds a person of the user's unit by name, ID or card (with or without diacritics) and picks one:
 * a click on a match, or Enter for the best one. Used wherever a form starts from a person (a new
 * visit, a family doctor's panel).
 */
export function PatientPicker({
  onPick,
  label,
  description,
  autoFocus = false,
  withBorder = true,
}: {
  onPick: (id: string) => void;
  label: string;
  description?: string;
  autoFocus?: boolean;
  withBorder?: boolean;
}) {
  const { t } = useTranslation();
  const unit = useCurrentUnitCode();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 200);
  const search = useResidentSearch(unit, debounced, 10);
  const items = debounced.trim().length >= 2 ? (search.data?.items ?? []) : [];
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && items[0]) {
      event.preventDefault();
      onPick(items[0].id);
    }
  };
  return (
    <Paper withBorder={withBorder} p={withBorder ? 'md' : 0}>
      <TextInput
        label={label}
        description={description}
        inputWrapperOrder={['label', 'input', 'description']}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        leftSection={<IconSearch size={18} />}
        rightSection={search.isFetching ? <Loader size="xs" /> : null}
        size="md"
        type="search"
        autoComplete="off"
        autoFocus={autoFocus}
      />
      <Stack gap={4} mt="sm" role="list" aria-label={t('visits.new.matches')}>
        {items.map((r) => (
          <Button
            key={r.id}
            role="listitem"
            variant="subtle"
            justify="flex-start"
            onClick={() => onPick(r.id)}
            styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
          >
            {r.fullName} · {birthText(r)} · {r.hamletName ?? r.communeName}
          </Button>
        ))}
        {debounced.trim().length >= 2 && search.data && items.length === 0 && (
          <EmptyNote>{t('people.search.none')}</EmptyNote>
        )}
      </Stack>
    </Paper>
  );
}
