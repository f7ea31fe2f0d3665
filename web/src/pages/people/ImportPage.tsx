import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ERRORS } from '../../../../src/modules/people/import/contracts';
import { startImport, useImportJob, type ImportJobOut } from '../../api/people';
import { useUnit } from '../../api/queries';
import { can, useUser } from '../../auth/session';
import { ErrorState, PageHeader, SectionTitle, useErrorMessage } from '../../components/common';
import { IconAlert, IconCheck } from '../../components/Icons';
import { DataTable, Th } from '../../components/tables';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatNumber } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';
import { ApiError } from '../../api/client';

/**
 * Imports households and residents of a commune from a CSV or Excel file: a dry run checks every
 * row and stores nothing; an import stores all the rows or none. The job is polled for its progress
 * and its error rows (row, column, message).
 */
export default function ImportPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  const errorMessage = useErrorMessage();
  const client = useQueryClient();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'dry' | 'import'>('dry');
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const job = useImportJob(jobId);
  const title = t('people.import.title');
  const commune = code && /^\d{5}$/.test(code) ? code : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!file) return setError(t('people.import.chooseFirst'));
    if (file.size > IMPORT_MAX_BYTES) return setError(t('people.import.tooLarge'));
    if (!commune) return;
    setStarting(true);
    try {
      const started = await startImport(file, commune, mode === 'dry');
      client.setQueryData(['imports', started.id], started);
      setJobId(started.id);
    } catch (err) {
      setError(
        err instanceof ApiError && err.problem.detail
          ? `${errorMessage(err)} ${err.problem.detail}`
          : errorMessage(err),
      );
    } finally {
      setStarting(false);
    }
  };

  if (!can(user, 'person.write'))
    return <ErrorState error={new ApiError({ type: 'forbidden', title: '', status: 403 })} />;

  const running = !!job.data && !['done', 'failed'].includes(job.data.status);

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          description={t('people.import.hint')}
        />
      </div>
      {!commune ? (
        <Alert color="amber" variant="light" icon={<IconAlert />}>
          {t('people.import.communeOnly')}
        </Alert>
      ) : (
        <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
          <form onSubmit={(e) => void submit(e)} aria-label={title}>
            <Stack gap="md">
              {error && (
                <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
                  {error}
                </Alert>
              )}
              <FileInput
                label={t('people.import.file')}
                description={t('people.import.fileHint')}
                inputWrapperOrder={['label', 'input', 'description']}
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                value={file}
                onChange={setFile}
                clearable
                placeholder={t('people.import.choose')}
              />
              <Group gap="md" align="center">
                <SegmentedControl
                  value={mode}
                  onChange={(v) => setMode(v as 'dry' | 'import')}
                  aria-label={t('people.import.mode')}
                  data={[
                    { value: 'dry', label: t('people.import.dryRun') },
                    { value: 'import', label: t('people.import.import') },
                  ]}
                />
                <Button type="submit" loading={starting} disabled={running}>
                  {mode === 'dry' ? t('people.import.startDry') : t('people.import.start')}
                </Button>
              </Group>
              <Text size="sm">
                {t('people.import.template')}{' '}
                <Anchor href="/api/v1/people/imports/template.xlsx">Excel (.xlsx)</Anchor>
                {' · '}
                <Anchor href="/api/v1/people/imports/template.csv">CSV</Anchor>
              </Text>
            </Stack>
          </form>
        </Paper>
      )}
      {job.isError && <ErrorState error={job.error} onRetry={() => void job.refetch()} />}
      {job.data && <JobReport job={job.data} />}
    </Stack>
  );
}

function JobReport({ job }: { job: ImportJobOut }) {
  const { t } = useTranslation();
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  const done = job.status === 'done';
  const failed = job.status === 'failed';
  const phaseTotal = job.total || 1;
  const progress =
    job.status === 'writing'
      ? (job.written / phaseTotal) * 100
      : job.status === 'validating'
        ? (job.validated / phaseTotal) * 100
        : done || failed
          ? 100
          : 0;
  const label = t(`people.import.status.${job.status}`);
  return (
    <Stack gap="md">
      <Paper withBorder p="lg">
        <Group justify="space-between" mb="sm">
          <Text fw={650}>
            {job.fileName} {job.dryRun && <Badge color="gray">{t('people.import.dryRun')}</Badge>}
          </Text>
          <Badge
            color={failed ? 'red' : done ? 'ytcs' : 'amber'}
            leftSection={done ? <IconCheck size={12} /> : undefined}
          >
            {label}
          </Badge>
        </Group>
        <Progress
          value={progress}
          size="lg"
          radius="xl"
          color={failed ? 'red' : 'ytcs'}
          animated={!done && !failed}
          aria-label={t('people.import.progress')}
        />
        <Text size="sm" c="dimmed" mt="xs" role="status" aria-live="polite">
          {t('people.import.counts', {
            validated: formatNumber(job.validated),
            written: formatNumber(job.written),
            total: formatNumber(job.total),
          })}
        </Text>
        {done && (
          <Alert color="ytcs" variant="light" mt="md" icon={<IconCheck />}>
            {t(job.dryRun ? 'people.import.dryDone' : 'people.import.done', {
              households: formatNumber(job.created.households),
              residents: formatNumber(job.created.residents),
              cards: formatNumber(job.created.cards),
            })}
          </Alert>
        )}
        {failed && (
          <Alert color="red" variant="light" mt="md" icon={<IconAlert />} role="alert">
            {job.errorCount > 0 || !job.message
              ? t('people.import.failed', { count: job.errorCount, value: formatNumber(job.errorCount) })
              : job.message}
          </Alert>
        )}
        {job.unknownColumns.length > 0 && (
          <Text size="sm" mt="sm">
            {t('people.import.unknownColumns', { columns: job.unknownColumns.join(', ') })}
          </Text>
        )}
      </Paper>
      {job.errors.length > 0 && (
        <section aria-labelledby="import-errors-title">
          <SectionTitle>
            <span id="import-errors-title">
              {t('people.import.errorsTitle', { value: formatNumber(job.errorCount) })}
            </span>
          </SectionTitle>
          {job.errorCount > job.errors.length && (
            <Text size="sm" c="dimmed" mb="xs">
              {t('people.import.firstErrors', { value: formatNumber(IMPORT_MAX_ERRORS) })}
            </Text>
          )}
          <DataTable caption={t('people.import.errorsCaption')} minWidth={640}>
            <Table.Thead>
              <Table.Tr>
                <Th numeric>{t('people.import.row')}</Th>
                <Th>{t('people.import.column')}</Th>
                <Th>{t('people.import.value')}</Th>
                <Th>{t('people.import.message')}</Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {job.errors.map((e, i) => (
                <Table.Tr key={`${e.row}-${e.column}-${i}`}>
                  <Table.Td ta="right">{e.row || '—'}</Table.Td>
                  <Table.Td>{e.column ?? ''}</Table.Td>
                  <Table.Td>{e.value ?? ''}</Table.Td>
                  <Table.Td>{english ? e.message : e.messageVi}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        </section>
      )}
    </Stack>
  );
}
