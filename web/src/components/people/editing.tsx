/**
 * What the everyday-edit dialogs of households, residents and life events share: field errors from
 * the server's schema (run in the browser) and from the server's problem+json, the dialog's frame,
 * code-list options, and pickers for a place, a resident and a household.
 */
import { Alert, Autocomplete, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useHouseholds, usePlaceSearch, useResidentSearch } from '../../api/people';
import { useCodes, useHamlets } from '../../api/queries';
import { formatDate, todayIso } from '../../lib/format';
import { useErrorMessage } from '../common';
import { IconAlert } from '../Icons';
import { birthText } from './common';

/** A client-side message for a zod issue of a field: this area's wording first, then the people pages'. */
export function fieldMessage(t: TFunction, path: string, code: string): string {
  const parts = path.split('.');
  const last = parts[parts.length - 1] ?? path;
  // `phones.0` is the phone; `currentAddress.unitCode` the hamlet of the address.
  const field = /^\d+$/.test(last) && parts.length > 1 ? parts[parts.length - 2]! : last;
  return t([
    `peopleEdit.errors.${field}.${code}`,
    `peopleEdit.errors.${field}.any`,
    `people.errors.field.${field}.${code}`,
    `people.errors.field.${field}.any`,
    `people.errors.code.${code}`,
    'errors.invalid',
  ]);
}

export type FieldErrors = Record<string, string>;

/** zod issues of the client-side check, keyed by path (`currentAddress.unitCode`). */
export function clientErrors(
  t: TFunction,
  issues: readonly { path: readonly PropertyKey[]; code: string }[],
): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const path = i.path.map(String).join('.');
    out[path] ??= fieldMessage(t, path, i.code);
  }
  return out;
}

/**
 * The server's field errors by path (`body.currentAddress.unitCode` → `currentAddress.unitCode`), with
 * the server's own message: it is written in the user's language (Accept-Language).
 */
export function serverErrors(error: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    const path = e.path.replace(/^(body|query|params)\.?/, '');
    if (path) out[path] ??= e.message;
  }
  return out;
}

/** The first of several paths that has an error (a field shown once for `phones` and `phones.0`). */
export function errorOf(errors: FieldErrors, ...paths: string[]): string | undefined {
  for (const p of paths) if (errors[p]) return errors[p];
  return undefined;
}

/**
 * The state of a dialog's form: its field errors and the message above the fields. `fail` places a
 * refused request's errors next to their fields (those of `known` paths), the rest above them.
 */
export function useFormErrors(known: readonly string[]) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const placed = (found: FieldErrors) => {
    const here: FieldErrors = {};
    const elsewhere: string[] = [];
    for (const [path, message] of Object.entries(found)) {
      if (known.some((k) => path === k || path.startsWith(`${k}.`))) here[path] = message;
      else elsewhere.push(message);
    }
    return { here, elsewhere };
  };
  return {
    errors,
    general,
    clear: (...paths: string[]) => {
      if (paths.some((p) => errors[p]))
        setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !paths.includes(k))));
    },
    reset: () => {
      setErrors({});
      setGeneral(null);
    },
    /** Client-side errors: shown, and the first field with one takes the focus. */
    show: (found: FieldErrors, idOf: (path: string) => string) => {
      const { here, elsewhere } = placed(found);
      setErrors(here);
      setGeneral(elsewhere.length ? elsewhere.join(' · ') : t('form.fixErrors'));
      const first = Object.keys(here)[0];
      if (first) document.getElementById(idOf(first))?.focus();
    },
    /** A refused request: its field errors next to their fields, anything else above the form. */
    fail: (error: unknown, idOf: (path: string) => string) => {
      const { here, elsewhere } = placed(serverErrors(error));
      if (Object.keys(here).length || elsewhere.length) {
        setErrors(here);
        setGeneral(elsewhere.length ? elsewhere.join(' · ') : t('form.fixErrors'));
        const first = Object.keys(here)[0];
        if (first) document.getElementById(idOf(first))?.focus();
      } else setGeneral(errorMessage(error));
    },
  };
}

/**
 * Binds a form's inputs to its state and errors: `<TextInput {...bind.text('reason', reason, setReason)} …/>`
 * gives the input its id (for focus on error), its error, its value, and a change handler that also
 * clears the field's error; `bind.date` does the same for a DateField.
 */
export function fieldBinder(
  form: { errors: FieldErrors; clear: (...paths: string[]) => void },
  ids: (path: string) => string,
) {
  return {
    text: (name: string, value: string, set: (v: string) => void) => ({
      id: ids(name),
      error: form.errors[name],
      value,
      autoComplete: 'off',
      onChange: (e: { currentTarget: { value: string } }) => {
        set(e.currentTarget.value);
        form.clear(name);
      },
    }),
    date: (name: string, value: string, set: (v: string) => void) => ({
      id: ids(name),
      error: form.errors[name],
      value,
      onChange: (s: string) => {
        set(s);
        form.clear(name);
      },
    }),
  };
}

/** A mutation's outcome: on success a notice and `done`, on refusal the errors placed by the form. */
export function savedThen(
  form: { fail: (error: unknown, idOf: (path: string) => string) => void },
  ids: (path: string) => string,
  message: string,
  done: () => void,
) {
  return {
    onSuccess: () => {
      notifications.show({ color: 'ytcs', message });
      done();
    },
    onError: (err: unknown) => form.fail(err, ids),
  };
}

/** A dialog holding a form: full screen on a phone, the error above the fields, Cancel and a submit button. */
export function FormDialog({
  title,
  onClose,
  onSubmit,
  general,
  saving,
  submitLabel,
  size = 'lg',
  danger = false,
  children,
}: {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  general: string | null;
  saving: boolean;
  submitLabel?: string;
  size?: string;
  danger?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal opened onClose={onClose} title={title} size={size} fullScreen={!!phone}>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="md">
          {general && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {general}
            </Alert>
          )}
          {children}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} color={danger ? 'red' : undefined} miw={110}>
              {submitLabel ?? t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A code list as select options, in the interface language, with an empty first option when asked. */
export function useCodeOptions(system: string, empty?: string): { value: string; label: string }[] {
  const { i18n } = useTranslation();
  const codes = useCodes(system);
  const english = i18n.language === 'en';
  const options = (codes.data ?? []).map((c) => ({
    value: c.code,
    label: english ? c.displayEn : c.displayVi,
  }));
  return empty !== undefined ? [{ value: '', label: empty }, ...options] : options;
}

/** The hamlets of a commune in use today, as select options; the commune itself first. */
export function useHamletOptions(commune: string | undefined, communeLabel: string) {
  const hamlets = useHamlets(commune);
  const today = todayIso();
  return [
    { value: commune ?? '', label: communeLabel },
    ...(hamlets.data?.items ?? [])
      .filter((h) => !h.validTo || h.validTo >= today)
      .map((h) => ({ value: h.code, label: h.fullName })),
  ];
}

/** A choice from a server search: the id or code sent, and what the input shows. */
export interface Picked {
  value: string;
  text: string;
}
export const NOTHING: Picked = { value: '', text: '' };

function Search({
  id,
  label,
  description,
  error,
  value,
  onChange,
  options,
  loading,
  withAsterisk,
  placeholder,
}: {
  id: string;
  label: string;
  description?: string;
  error?: string | undefined;
  value: Picked;
  onChange: (v: Picked) => void;
  options: { value: string; label: string }[];
  loading: boolean;
  withAsterisk?: boolean;
  placeholder?: string;
}) {
  return (
    <Autocomplete
      id={id}
      label={label}
      description={description}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      error={error}
      placeholder={placeholder}
      withAsterisk={withAsterisk}
      value={value.text}
      data={options}
      filter={({ options: all }) => all}
      selectFirstOptionOnChange
      autoComplete="off"
      comboboxProps={{ withinPortal: true }}
      rightSection={loading ? <Loader size="xs" /> : null}
      onChange={(text) => {
        const option = options.find((o) => o.label === text);
        onChange(option ? { value: option.value, text } : { value: '', text });
      }}
      onOptionSubmit={(v) => {
        const option = options.find((o) => o.value === v);
        onChange({ value: v, text: option?.label ?? v });
      }}
    />
  );
}

type SearchProps = {
  id: string;
  label: string;
  description?: string;
  error?: string | undefined;
  value: Picked;
  onChange: (v: Picked) => void;
  withAsterisk?: boolean;
  placeholder?: string;
};

/**
 * A commune or hamlet anywhere in the country, found by name with or without diacritics or by code;
 * the value is its code. Hamlets are named with their commune, every place with its province.
 */
export function PlaceSearch({ exclude, ...props }: SearchProps & { exclude?: string }) {
  const [q] = useDebouncedValue(props.value.value ? '' : props.value.text, 200);
  const search = usePlaceSearch(q);
  const options = (search.data ?? [])
    .filter((u) => !exclude || !(u.code === exclude || u.code.startsWith(`${exclude}-`)))
    .map((u) => ({
      value: u.code,
      label: `${[u.name, u.level === 'hamlet' ? u.communeName : null, u.provinceName]
        .filter(Boolean)
        .join(', ')} (${u.code})`,
    }));
  return <Search {...props} options={options} loading={search.isFetching} />;
}

/** A resident of a commune found by name, ID, phone or birth year; the value is the resident's id. */
export function ResidentPick({
  unit,
  filter,
  ...props
}: SearchProps & {
  unit: string;
  filter?: (r: { id: string; status: string; householdId: string | null }) => boolean;
}) {
  const { t } = useTranslation();
  const [q] = useDebouncedValue(props.value.value ? '' : props.value.text, 200);
  const search = useResidentSearch(unit, q, 12);
  const options = (search.data?.items ?? [])
    .filter((r) => r.status === 'active' && (!filter || filter(r)))
    .map((r) => ({
      value: r.id,
      label: `${r.fullName} · ${t(`people.sex.${r.sex}`)} · ${birthText(r)}${
        r.hamletName ? ` · ${r.hamletName}` : ''
      }`,
    }));
  return <Search {...props} options={options} loading={search.isFetching} />;
}

/** A household of a commune found by a member's name or its code; the value is the household's id. */
export function HouseholdPick({ unit, exclude, ...props }: SearchProps & { unit: string; exclude?: string }) {
  const { t } = useTranslation();
  const [q] = useDebouncedValue(props.value.value ? '' : props.value.text, 200);
  const search = useHouseholds(q.trim().length >= 2 ? unit : undefined, q, 0, 12);
  const options = (search.data?.items ?? [])
    .filter((h) => h.id !== exclude)
    .map((h) => ({
      value: h.id,
      label: `${t('people.household.titleOf', { name: h.headName ?? t('people.household.noHead') })} · ${
        h.address.text
      }`,
    }));
  return <Search {...props} options={options} loading={search.isFetching} />;
}

/**
 * What a saved change warns about, in the user's language: a likely duplicate already on record (its
 * name), or a value the plausibility rules find unusual (the server's text in vi and en).
 */
export function warningNotes(
  t: TFunction,
  language: string,
  warnings: readonly unknown[] | undefined,
): string[] {
  const out: string[] = [];
  for (const w of warnings ?? []) {
    if (!w || typeof w !== 'object') continue;
    const o = w as {
      candidate?: { fullName?: string };
      text?: { vi?: string; en?: string };
      message?: string;
    };
    if (o.candidate?.fullName)
      out.push(t('people.household.possibleDuplicate', { name: o.candidate.fullName }));
    else if (o.text) out.push((language === 'en' ? o.text.en : o.text.vi) ?? o.message ?? '');
    else if (o.message) out.push(o.message);
  }
  return out.filter(Boolean);
}

/** Shows a saved change's warnings as amber notifications. */
export function notifyWarnings(t: TFunction, language: string, warnings: readonly unknown[] | undefined) {
  for (const message of warningNotes(t, language, warnings))
    notifications.show({ color: 'amber', message, autoClose: 10_000 });
}

/** A short note under a form: what the change does. */
export function Hint({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

/** dd/mm/yyyy of today, for date inputs that start on today. */
export function todayText(): string {
  return formatDate(todayIso());
}
