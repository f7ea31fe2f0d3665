import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconPlus, IconX } from '../Icons';
import { DataTable, Th } from '../tables';
import {
  displayOf,
  getPath,
  KEPT,
  keptRowOf,
  keptValueOf,
  rowOf,
  type FieldDef,
  type FormRow,
} from './fields';
import type { SectionDef } from './sections';

/** One input of a record field, labelled, with its error. */
function FieldInput({
  def,
  id,
  value,
  error,
  onChange,
}: {
  def: FieldDef;
  id: string;
  value: string;
  error?: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const label = t(def.label);
  const common = { id, label, error, withAsterisk: def.required && def.type !== 'select' };
  switch (def.type) {
    case 'select':
      return (
        <NativeSelect
          {...common}
          withAsterisk={def.required}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          data={[
            { value: '', label: t('people.record.choose') },
            ...(def.options ?? []).map((o) => ({ value: o, label: t(`${def.optionLabels}.${o}`) })),
          ]}
        />
      );
    case 'yesno':
      return (
        <NativeSelect
          {...common}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          data={[
            { value: '', label: t('people.record.unknown') },
            { value: 'yes', label: t('common.yes') },
            { value: 'no', label: t('common.no') },
          ]}
        />
      );
    case 'check':
      return (
        <Checkbox
          id={id}
          label={label}
          error={error}
          checked={value === 'yes'}
          onChange={(e) => onChange(e.currentTarget.checked ? 'yes' : '')}
          mt={{ base: 0, sm: 28 }}
        />
      );
    case 'textarea':
      return (
        <Textarea
          {...common}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={2}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          placeholder={t('form.datePlaceholder')}
          inputMode="numeric"
          maxLength={10}
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'number':
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

/** The fields of one row of a section, in a grid. */
function FieldGrid({
  fields,
  row,
  idPrefix,
  errors,
  errorPrefix = '',
  onChange,
}: {
  fields: readonly FieldDef[];
  row: FormRow;
  idPrefix: string;
  errors: Record<string, string>;
  errorPrefix?: string;
  onChange: (key: string, value: string) => void;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
      {fields.map((f) => (
        <div key={f.key} style={f.wide ? { gridColumn: '1 / -1' } : undefined}>
          <FieldInput
            def={f}
            id={`${idPrefix}-${f.key.replace(/\./g, '-')}`}
            value={row[f.key] ?? ''}
            error={errors[`${errorPrefix}${f.key}`]}
            onChange={(v) => onChange(f.key, v)}
          />
        </div>
      ))}
    </SimpleGrid>
  );
}

/** A section as it reads: label–value pairs for an object, a table for a list. */
export function SectionView({ section, value }: { section: SectionDef; value: unknown }) {
  const { t } = useTranslation();
  if (section.kind === 'list') {
    const items = (value as unknown[] | undefined) ?? [];
    if (!items.length)
      return (
        <Text size="sm" c="dimmed">
          {t('people.record.none')}
        </Text>
      );
    return (
      <DataTable minWidth={480} caption={t(section.title)}>
        <Table.Thead>
          <Table.Tr>
            {section.fields.map((f) => (
              <Th key={f.key}>{t(f.label)}</Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item, i) => (
            <Table.Tr key={i}>
              {section.fields.map((f) => (
                <Table.Td key={f.key}>{displayOf(t, f, getPath(item, f.key))}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    );
  }
  const filled = section.fields
    .map((f) => [f, displayOf(t, f, getPath(value, f.key))] as const)
    .filter(([, text]) => text);
  if (!filled.length)
    return (
      <Text size="sm" c="dimmed">
        {t('people.record.none')}
      </Text>
    );
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="xs" component="dl" m={0}>
      {filled.map(([f, text]) => (
        <div key={f.key}>
          <Text component="dt" size="xs" c="dimmed" fw={600}>
            {t(f.label)}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {text}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

/**
 * Edits one section in a dialog. `onSave` gets the cleaned value and answers the field errors (keyed
 * `0.agent` for a list, `tobacco.status` for an object) or a general message; the dialog stays open
 * with the person's edits until the save succeeds.
 */
export function SectionEditor({
  section,
  value,
  opened,
  onClose,
  onSave,
  saving,
  notice,
}: {
  section: SectionDef;
  value: unknown;
  opened: boolean;
  onClose: () => void;
  onSave: (value: unknown) => Promise<{ errors: Record<string, string>; general?: string | null } | null>;
  saving: boolean;
  notice?: string | null;
}) {
  const { t } = useTranslation();
  const title = `${section.number}. ${t(section.title)}`;
  const [rows, setRows] = useState<FormRow[]>(() =>
    section.kind === 'list'
      ? ((value as unknown[] | undefined) ?? []).map((item) => keptRowOf(section.fields, item))
      : [rowOf(section.fields, value)],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const list = section.kind === 'list';

  const change = (index: number, key: string, text: string) => {
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, [key]: text } : r)));
    const errorKey = list ? `${index}.${key}` : key;
    if (errors[errorKey]) setErrors((e) => ({ ...e, [errorKey]: '' }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    const values = rows.map((r) => {
      const v = keptValueOf(section.fields, r);
      return section.clean ? section.clean(v) : v;
    });
    const result = await onSave(list ? values : values[0]);
    if (!result) return;
    setErrors(result.errors);
    setGeneral(result.general ?? (Object.keys(result.errors).length ? t('form.fixErrors') : null));
    const first = Object.keys(result.errors)[0];
    if (first) {
      const [index, ...rest] = list ? first.split('.') : ['', ...first.split('.')];
      const id = list
        ? `${section.id}-${index}-${rest.join('-')}`
        : `${section.id}-0-${rest.filter(Boolean).join('-')}`;
      document.getElementById(id)?.focus();
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={title} size="xl" centered={false}>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
        <Stack gap="md">
          {(notice || general) && (
            <Alert color={general ? 'red' : 'amber'} variant="light" icon={<IconAlert />} role="alert">
              {general ?? notice}
            </Alert>
          )}
          {list ? (
            <>
              {rows.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('people.record.none')}
                </Text>
              )}
              {rows.map((row, i) => (
                <Paper
                  key={i}
                  withBorder
                  p="sm"
                  radius="md"
                  role="group"
                  aria-labelledby={`${section.id}-${i}-legend`}
                >
                  <Group justify="space-between" mb="xs">
                    <Text fw={600} size="sm" id={`${section.id}-${i}-legend`}>
                      {t('people.record.rowN', { n: i + 1 })}
                      {row[KEPT]?.includes('"sourceId"') && (
                        <Text span c="dimmed" fw={400}>
                          {' · '}
                          {t('people.record.fromRegister')}
                        </Text>
                      )}
                    </Text>
                    <Button
                      variant="subtle"
                      color="red"
                      size="xs"
                      leftSection={<IconX size={14} />}
                      onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
                      aria-label={t('people.record.removeRow', { n: i + 1 })}
                    >
                      {t('people.record.remove')}
                    </Button>
                  </Group>
                  <FieldGrid
                    fields={section.fields}
                    row={row}
                    idPrefix={`${section.id}-${i}`}
                    errors={errors}
                    errorPrefix={`${i}.`}
                    onChange={(key, v) => change(i, key, v)}
                  />
                </Paper>
              ))}
              <Group>
                <Button
                  variant="light"
                  leftSection={<IconPlus size={16} />}
                  onClick={() =>
                    setRows((rs) => [
                      ...rs,
                      rowOf(section.fields, section.id === 'vaccinations' ? { program: 'epi' } : {}),
                    ])
                  }
                >
                  {t('people.record.addRow')}
                </Button>
              </Group>
            </>
          ) : (
            <FieldGrid
              fields={section.fields}
              row={rows[0] ?? {}}
              idPrefix={`${section.id}-0`}
              errors={errors}
              onChange={(key, v) => change(0, key, v)}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('people.record.saveVersion')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
