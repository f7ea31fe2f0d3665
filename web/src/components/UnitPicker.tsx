import { Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, query } from '../api/client';
import { useUnitSearch } from '../api/queries';
import type { Page, UnitOut, UnitWithAncestors } from '../api/types';
import { useUnitName } from '../lib/units';
import { IconSearch } from './Icons';

/** Province names by code, to tell apart communes of the same name ("Xã Quảng Ninh" exists twice). */
function useProvinceNames() {
  return useQuery({
    queryKey: ['provinces'],
    queryFn: () => api.get<Page<UnitOut>>(`/units${query({ level: 'province', limit: 100 })}`),
    staleTime: Infinity,
  });
}

/** Where a picked unit leads: the same section when the unit has it, else its overview. */
function targetFor(unit: UnitOut, pathname: string): string {
  if (unit.level === 'hamlet' && unit.parentCode) return `/units/${unit.parentCode}/hamlets`;
  if (/^\/units\/[^/]+\/staff/.test(pathname) || pathname.startsWith('/staff'))
    return `/units/${unit.code}/staff`;
  if (/^\/units\/[^/]+\/hamlets/.test(pathname) && unit.level === 'commune')
    return `/units/${unit.code}/hamlets`;
  return `/units/${unit.code}`;
}

/**
 * A searchable unit picker: type a name with or without diacritics ("quang ninh"), move with the
 * arrow keys, Enter opens the unit.
 */
export function UnitPicker({ id }: { id?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const unitName = useUnitName();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const result = useUnitSearch(debounced);
  const provinces = useProvinceNames();
  const active = debounced.trim().length >= 2 && search.trim().length >= 2;
  const items = active ? (result.data?.items ?? []) : [];

  useEffect(() => {
    if (items.length) combobox.selectFirstOption();
  }, [result.data]);

  // Hamlets' communes, to say which commune a "Thôn Hạ Thịnh" is in.
  const communeCodes = [...new Set(items.filter((u) => u.level === 'hamlet').map((u) => u.parentCode!))];
  const communes = useQueries({
    queries: communeCodes.map((code) => ({
      queryKey: ['unit', code],
      queryFn: () => api.get<UnitWithAncestors>(`/units/${code}`),
      staleTime: 5 * 60_000,
    })),
  });
  const parentName = (unit: UnitOut) => {
    const parent =
      provinces.data?.items.find((p) => p.code === unit.parentCode) ??
      communes.find((c) => c.data?.code === unit.parentCode)?.data;
    return parent ? unitName(parent) : unit.parentCode;
  };

  const pick = (code: string) => {
    const unit = items.find((u) => u.code === code);
    if (!unit) return;
    combobox.closeDropdown();
    setSearch('');
    navigate(targetFor(unit, location.pathname));
  };

  const pending = search.trim().length >= 2 && (debounced !== search || result.isFetching);

  return (
    <Combobox store={combobox} onOptionSubmit={pick} withinPortal>
      <Combobox.Target withExpandedAttribute>
        <TextInput
          id={id}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => search && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          placeholder={t('picker.placeholder')}
          aria-label={t('picker.label')}
          leftSection={<IconSearch size={18} />}
          rightSection={pending ? <Loader size={16} /> : null}
          radius="xl"
          autoComplete="off"
          spellCheck={false}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!search}>
        <Combobox.Options aria-label={t('picker.label')} mah={360} style={{ overflowY: 'auto' }}>
          {items.map((unit) => (
            <Combobox.Option value={unit.code} key={unit.code} className="unit-option">
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} truncate>
                    {unitName(unit)}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {t(`levels.${unit.level}`)}
                    {unit.parentCode && unit.level !== 'province'
                      ? ` · ${t('picker.in', { parent: parentName(unit) })}`
                      : ''}
                  </Text>
                </div>
                <Text size="xs" c="dimmed" ff="monospace">
                  {unit.code}
                </Text>
              </Group>
            </Combobox.Option>
          ))}
          {!active && <Combobox.Empty>{t('picker.hint')}</Combobox.Empty>}
          {active && !pending && items.length === 0 && <Combobox.Empty>{t('picker.empty')}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
