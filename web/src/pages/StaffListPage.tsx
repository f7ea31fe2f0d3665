import { Box, Button, Checkbox, Group, Paper, Select, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useStaffList, useUnit } from '../api/queries';
import { can, useUser } from '../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../components/common';
import { StaffTable } from '../components/StaffTable';
import { IconPlus } from '../components/Icons';
import { FilterInput, Pager } from '../components/tables';
import { UnitBreadcrumbs } from '../components/UnitBreadcrumbs';
import { formatNumber } from '../lib/format';
import { useTitles } from '../lib/titles';
import { useAnnounceUnit, useUnitName } from '../lib/units';

const PAGE = 50;

/** Health workers of a unit's area; the filters live in the URL so that a filtered list can be shared. */
export default function StaffListPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  const titles = useTitles();
  useAnnounceUnit(code);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const title = params.get('title') ?? '';
  const all = params.get('all') === '1';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [debouncedQ] = useDebouncedValue(q, 250);
  const unit = useUnit(code);
  const list = useStaffList({
    unit: code,
    q: debouncedQ.trim() || undefined,
    title: title || undefined,
    all: all || undefined,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));

  return (
    <Stack gap="lg">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: t('staff.listTitle') }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={t('staff.listTitle')}
          description={list.data ? t('staff.total', { value: formatNumber(total) }) : undefined}
          actions={
            can(user, 'staff.write') ? (
              <Button component={Link} to={`/staff/new?unit=${code}`} leftSection={<IconPlus size={18} />}>
                {t('staff.add')}
              </Button>
            ) : undefined
          }
        />
      </div>

      <Paper withBorder p="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <FilterInput value={q} onChange={(v) => update({ q: v })} label={t('staff.search')} />
          <Select
            aria-label={t('staff.titleFilter')}
            placeholder={t('staff.allTitles')}
            data={[
              { value: '', label: t('staff.allTitles') },
              ...titles.list.map((c) => ({ value: c.code, label: titles.display(c) })),
            ]}
            value={title}
            onChange={(v) => update({ title: v ?? '' })}
            w={{ base: '100%', xs: 260 }}
            size="sm"
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Checkbox
            label={t('staff.includeFormer')}
            checked={all}
            onChange={(e) => update({ all: e.currentTarget.checked ? '1' : '' })}
            mb={6}
          />
        </Group>
      </Paper>

      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('staff.empty')}</EmptyNote>
        </Paper>
      ) : (
        <>
          <Box style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
            <StaffTable
              rows={list.data.items}
              caption={t('staff.listTitle')}
              editable={can(user, 'staff.write')}
            />
          </Box>
          <Pager
            page={page}
            pages={pages}
            setPage={(p) => update({ page: String(p) })}
            from={(page - 1) * PAGE + 1}
            to={Math.min(page * PAGE, total)}
            total={total}
            showCount
          />
        </>
      )}
    </Stack>
  );
}
