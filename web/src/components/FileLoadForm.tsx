import { Alert, Badge, Button, FileInput, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { formatNumber } from '../lib/format';
import { useErrorMessage } from './common';
import { IconAlert, IconCheck } from './Icons';
import { DataTable, Th } from './tables';

/** A row's error as a loader answers it: the message in English, or in both languages. */
export interface FileRowError {
  row: number;
  column: string;
  code: string;
  message: string | { vi: string; en: string };
  /** The message in Vietnamese, when `message` is in English only. */
  messageVi?: string;
}
/** What a loader answers for a dry run or a load. */
export interface FileLoadResult {
  dryRun: boolean;
  rows: number;
  /** Rows or items stored (0 on a dry run). */
  stored: number;
  errors: FileRowError[];
}

/** The file's bytes as base64, as the JSON loaders take them. */
export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const MAX_BYTES = 2_900_000; // the loaders take 4 MB of base64

/**
 * Loading an administrator's table (CSV or XLSX): choose a file, check it (a dry run: errors by row
 * and column, nothing stored), then load it. `fields` are the loader's own inputs (a first day, a
 * source); `onLoad` sends the file and answers the loader's result. A refusal of the whole request
 * (a file that cannot be read, a field) shows as an alert with its detail.
 */
export function FileLoadForm({
  label,
  hint,
  fields,
  onLoad,
  summary,
}: {
  /** The form's accessible name. */
  label: string;
  hint?: ReactNode;
  fields?: ReactNode;
  onLoad: (file: File, dryRun: boolean) => Promise<FileLoadResult>;
  /** A line about a successful result (what was read or stored). */
  summary?: (result: FileLoadResult) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'dry' | 'load' | null>(null);
  const [result, setResult] = useState<FileLoadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const english = i18n.language === 'en';

  const run = async (dryRun: boolean) => {
    setError(null);
    setResult(null);
    if (!file) return setError(t('upload.chooseFirst'));
    if (file.size > MAX_BYTES) return setError(t('upload.tooLarge'));
    setBusy(dryRun ? 'dry' : 'load');
    try {
      setResult(await onLoad(file, dryRun));
    } catch (err) {
      const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      setError(
        [errorMessage(err), ...fields.map((f) => f.message)].filter(Boolean).join(' — ') ||
          t('upload.failed'),
      );
    } finally {
      setBusy(null);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };
  const text = (e: FileRowError) =>
    typeof e.message !== 'string'
      ? english
        ? e.message.en
        : e.message.vi
      : english
        ? e.message
        : (e.messageVi ?? e.message);
  const ok = result && result.errors.length === 0;

  return (
    <Stack gap="md">
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <form onSubmit={submit} aria-label={label}>
          <Stack gap="md">
            {hint && (
              <Text size="sm" c="dimmed">
                {hint}
              </Text>
            )}
            <FileInput
              label={t('upload.file')}
              description={t('upload.fileHint')}
              inputWrapperOrder={['label', 'input', 'description']}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              value={file}
              onChange={(f) => {
                setFile(f);
                setResult(null);
              }}
              clearable
              placeholder={t('upload.choose')}
            />
            {fields}
            {error && (
              <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
                {error}
              </Alert>
            )}
            <Group gap="sm">
              <Button type="submit" variant="light" loading={busy === 'dry'} disabled={busy === 'load'}>
                {t('upload.check')}
              </Button>
              <Button
                type="button"
                onClick={() => void run(false)}
                loading={busy === 'load'}
                disabled={busy === 'dry' || !ok || !result?.dryRun}
              >
                {t('upload.load')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {result && (
        <Stack gap="sm" role="status" aria-live="polite">
          {ok ? (
            <Alert color="ytcs" variant="light" icon={<IconCheck />}>
              <Group gap="xs">
                {result.dryRun && <Badge color="gray">{t('upload.dryRun')}</Badge>}
                <span>
                  {result.dryRun
                    ? t('upload.checked', { rows: formatNumber(result.rows) })
                    : t('upload.loaded', {
                        rows: formatNumber(result.rows),
                        stored: formatNumber(result.stored),
                      })}
                </span>
              </Group>
              {summary && <Text size="sm">{summary(result)}</Text>}
            </Alert>
          ) : (
            <Alert color="red" variant="light" icon={<IconAlert />}>
              {t('upload.hasErrors', {
                count: result.errors.length,
                value: formatNumber(result.errors.length),
              })}
            </Alert>
          )}
          {result.errors.length > 0 && (
            <DataTable caption={t('upload.errorsCaption')} minWidth={560}>
              <Table.Thead>
                <Table.Tr>
                  <Th numeric>{t('upload.row')}</Th>
                  <Th>{t('upload.column')}</Th>
                  <Th>{t('upload.message')}</Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.errors.map((e, i) => (
                  <Table.Tr key={`${e.row}-${e.column}-${i}`}>
                    <Table.Td ta="right">{e.row || '—'}</Table.Td>
                    <Table.Td>{e.column}</Table.Td>
                    <Table.Td>{text(e)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </Stack>
      )}
    </Stack>
  );
}
