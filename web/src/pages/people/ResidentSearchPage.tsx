import { Box, Button, Group, Loader, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useResidentSearch } from '../../api/people';
import { useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader } from '../../components/common';
import { IconPlus, IconSearch } from '../../components/Icons';
import { ResidentList } from '../../components/people/common';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatNumber } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

/**
 * Finds residents as one types: name with or without diacritics, personal ID, card code, phone,
 * birth year or hamlet (the server ranks them). The text lives in the URL so a search can be shared.
 * Enter opens the best match; the down arrow moves to the results.
 */
export default function ResidentSearchPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  const navigate = useNavigate();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [debounced] = useDebouncedValue(q, 200);
  const search = useResidentSearch(code, debounced);
  const results = useRef<HTMLDivElement>(null);
  const title = t('people.search.title');
  const text = debounced.trim();
  const items = text.length >= 2 ? (search.data?.items ?? []) : [];

  const setQ = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('q', value);
    else next.delete('q');
    setParams(next, { replace: true });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && items[0]) {
      event.preventDefault();
      navigate(`/residents/${items[0].id}`);
    } else if (event.key === 'ArrowDown') {
      const first = [...(results.current?.querySelectorAll<HTMLAnchorElement>('a[href]') ?? [])].find(
        (a) => a.offsetParent !== null,
      );
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          actions={
            <Group gap="sm">
              <Button component={Link} to={`/units/${code}/households`} variant="default">
                {t('people.nav.households')}
              </Button>
              {can(user, 'person.write') && (
                <Button
                  component={Link}
                  to={`/households/new?unit=${code}`}
                  leftSection={<IconPlus size={18} />}
                >
                  {t('people.household.new')}
                </Button>
              )}
            </Group>
          }
        />
      </div>

      <Paper withBorder p="md">
        <TextInput
          label={t('people.search.label')}
          description={t('people.search.hint')}
          inputWrapperOrder={['label', 'input', 'description']}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          leftSection={<IconSearch size={18} />}
          rightSection={search.isFetching && text.length >= 2 ? <Loader size="xs" /> : null}
          size="md"
          type="search"
          autoComplete="off"
          data-autofocus
          autoFocus
        />
      </Paper>

      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {text.length < 2
          ? t('people.search.typeMore')
          : search.data
            ? search.data.moreThanTotal
              ? t('people.search.foundMore', { value: formatNumber(search.data.total) })
              : t('people.search.found', { count: search.data.total, value: formatNumber(search.data.total) })
            : ''}
      </Text>

      {search.isError ? (
        <ErrorState error={search.error} onRetry={() => void search.refetch()} />
      ) : text.length >= 2 && search.data && items.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('people.search.none')}</EmptyNote>
        </Paper>
      ) : items.length > 0 ? (
        <Box ref={results} style={{ opacity: search.isPlaceholderData ? 0.6 : 1 }}>
          <ResidentList rows={items} caption={t('people.search.results')} />
        </Box>
      ) : null}
    </Stack>
  );
}
