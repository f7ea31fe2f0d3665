import { Autocomplete, Loader, type AutocompleteProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useIcd10Search, type CatalogueItemOut } from '../../api/visits';

/** A code chosen from a server list: the code sent, and the text the input shows. */
export interface PickedCode {
  code: string;
  text: string;
}

export const NO_CODE: PickedCode = { code: '', text: '' };

type BaseProps = Omit<AutocompleteProps, 'value' | 'onChange' | 'data' | 'onOptionSubmit'> & {
  value: PickedCode;
  onChange: (value: PickedCode) => void;
  /** Called after an option was chosen (the form moves the focus on). */
  onPicked?: () => void;
};

/**
 * Typing searches the server; the first hit is highlighted so that Enter takes it. Editing the text
 * after a choice drops the code (the form then asks to choose from the list).
 */
function ServerSearch({
  value,
  onChange,
  onPicked,
  options,
  loading,
  ...rest
}: BaseProps & { options: { value: string; label: string }[]; loading: boolean }) {
  return (
    <Autocomplete
      {...rest}
      value={value.text}
      data={options}
      filter={({ options: all }) => all}
      selectFirstOptionOnChange
      autoComplete="off"
      rightSection={loading ? <Loader size="xs" /> : null}
      onChange={(text) => {
        const option = options.find((o) => o.label === text);
        onChange(option ? { code: option.value, text } : { code: '', text });
      }}
      onKeyDown={(event) => {
        rest.onKeyDown?.(event);
        // Mantine highlights the first option when the text changes, but results arrive after the
        // typing ("tang huyet ap", then Enter): with nothing highlighted, Enter takes the first result.
        if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || value.code || !options.length) return;
        const list = document.getElementById(event.currentTarget.getAttribute('aria-controls') ?? '');
        if (!list || list.querySelector('[data-combobox-selected]')) return;
        event.preventDefault();
        onChange({ code: options[0]!.value, text: options[0]!.label });
        onPicked?.();
      }}
      onOptionSubmit={(code) => {
        const option = options.find((o) => o.value === code);
        onChange({ code, text: option?.label ?? code });
        onPicked?.();
      }}
    />
  );
}

/** Search text: the part before " — " when a choice is shown, so reopening the list shows it again. */
function searchText(value: PickedCode): string {
  return value.code ? value.code : value.text;
}

/**
 * ICD-10 by code prefix or title words (Vietnamese with or without diacritics, any order, or English),
 * as valid on the visit date; titles in the user's language (the Ministry's Vietnamese title in vi).
 */
export function Icd10Search({ on, ...props }: BaseProps & { on: string }) {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  const [q] = useDebouncedValue(searchText(props.value), 150);
  const search = useIcd10Search(q, on);
  const options = (search.data ?? []).map((c) => ({
    value: c.code,
    label: `${c.code} — ${english ? c.titleEn : c.title}`,
  }));
  return <ServerSearch {...props} options={options} loading={search.isFetching} />;
}

/** "Amlodipin 5 mg": the name with its strength, unless the name already says it. */
export function drugName(d: { name: string; strength?: string | null }): string {
  const squash = (v: string) => v.toLowerCase().replace(/\s+/g, '');
  if (!d.strength || squash(d.name).includes(squash(d.strength))) return d.name;
  return `${d.name} ${d.strength}`;
}

export function drugLabel(d: Pick<CatalogueItemOut, 'code' | 'name' | 'strength' | 'unit'>): string {
  return `${drugName(d)} (${d.unit}) · ${d.code}`;
}

/** A drug of the catalogue valid on the visit date; `onItem` receives the chosen row (unit, price). */
export function DrugSearch({
  on,
  onItem,
  ...props
}: BaseProps & { on: string; onItem?: (item: CatalogueItemOut) => void }) {
  const [q] = useDebouncedValue(props.value.code ? '' : props.value.text, 150);
  const search = useCatalogue('drug', q, on);
  const items = search.data ?? [];
  const options = items.map((d) => ({ value: d.code, label: drugLabel(d) }));
  return (
    <ServerSearch
      {...props}
      onChange={(v) => {
        props.onChange(v);
        const item = v.code ? items.find((d) => d.code === v.code) : undefined;
        if (item) onItem?.(item);
      }}
      onPicked={() => {
        props.onPicked?.();
      }}
      options={options}
      loading={search.isFetching}
    />
  );
}
