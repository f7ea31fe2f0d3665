import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import {
  loadCriteriaFile,
  useCriteriaSets,
  useSaveCriteriaSet,
  type CriteriaSetDefinition,
  type CriteriaSetOut,
} from '../../api/criteria';
import { can, useUser } from '../../auth/session';
import {
  EmptyNote,
  ErrorState,
  PageHeader,
  PageLoader,
  SectionTitle,
  useErrorMessage,
} from '../../components/common';
import { DateField } from '../../components/DateField';
import { fileBase64, FileLoadForm } from '../../components/FileLoadForm';
import { IconAlert, IconCheck } from '../../components/Icons';
import { DataTable, Th } from '../../components/tables';
import { formatDate, formatNumber, parseDate } from '../../lib/format';

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The versions of the national commune health criteria (1300/QĐ-BYT) as data: each version's
 * criteria and indicators with their points and knock-outs; for an administrator, a version loaded
 * from a table (dry run, errors by row) or edited here and saved as a new version.
 */
export default function CriteriaSetsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const sets = useCriteriaSets();
  const [chosen, setChosen] = useState<string | null>(null);
  if (sets.isPending) return <PageLoader />;
  if (sets.isError) return <ErrorState error={sets.error} onRetry={() => void sets.refetch()} />;
  const items = sets.data.items;
  const current = items.find((s) => s.id === chosen) ?? items[0];
  const manage = can(user, 'criteria.manage');
  return (
    <Stack gap="lg">
      <PageHeader title={t('criteria.sets.title')} description={t('criteria.sets.description')} />
      {manage && <LoadFromFile />}
      <section aria-labelledby="criteria-versions">
        <SectionTitle>
          <span id="criteria-versions">{t('criteria.sets.versions')}</span>
        </SectionTitle>
        {!current ? (
          <EmptyNote>{t('criteria.sets.none')}</EmptyNote>
        ) : (
          <Stack gap="md">
            <Select
              label={t('criteria.sets.version')}
              data={items.map((s) => ({
                value: s.id,
                label: t('criteria.sets.versionLabel', {
                  code: s.code,
                  version: s.version,
                  from: formatDate(s.validFrom),
                }),
              }))}
              value={current.id}
              onChange={setChosen}
              allowDeselect={false}
              maw={520}
              comboboxProps={{ withinPortal: true }}
            />
            {manage ? <SetEditor key={current.id} set={current} /> : <SetView def={current.definition} />}
          </Stack>
        )}
      </section>
    </Stack>
  );
}

function LoadFromFile() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState('1300/QĐ-BYT');
  const [version, setVersion] = useState<number | ''>(2);
  const [validFrom, setValidFrom] = useState('');
  const [source, setSource] = useState('');
  return (
    <section aria-labelledby="criteria-load">
      <SectionTitle>
        <span id="criteria-load">{t('criteria.sets.loadTitle')}</span>
      </SectionTitle>
      <FileLoadForm
        label={t('criteria.sets.loadTitle')}
        hint={t('criteria.sets.columns')}
        fields={
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label={t('criteria.sets.code')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              required
            />
            <NumberInput
              label={t('criteria.sets.versionNo')}
              value={version}
              onChange={(v) => setVersion(typeof v === 'number' ? v : '')}
              min={1}
              allowDecimal={false}
              required
            />
            <DateField
              label={t('criteria.sets.validFrom')}
              value={validFrom}
              onChange={setValidFrom}
              required
            />
            <TextInput
              label={t('criteria.sets.source')}
              value={source}
              onChange={(e) => setSource(e.currentTarget.value)}
              required
            />
          </Group>
        }
        onLoad={async (file, dryRun) => {
          const r = await loadCriteriaFile({
            fileName: file.name,
            contentBase64: await fileBase64(file),
            dryRun,
            code,
            version: version === '' ? 0 : version,
            validFrom: parseDate(validFrom) ?? validFrom,
            source,
          });
          if (r.set) await client.invalidateQueries({ queryKey: ['criteria', 'sets'] });
          return { dryRun: r.dryRun, rows: r.rows, stored: r.set ? r.indicators : 0, errors: r.errors };
        }}
        summary={(r) => r.errors.length === 0 && t('criteria.sets.read')}
      />
    </section>
  );
}

function SetView({ def }: { def: CriteriaSetDefinition }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {def.source}
      </Text>
      {def.criteria.map((c) => (
        <DataTable key={c.no} caption={`${c.no}. ${english ? c.name.en : c.name.vi}`} minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Th>{t('criteria.sets.indicatorCode')}</Th>
              <Th>{t('criteria.sets.indicatorText')}</Th>
              <Th numeric>{t('criteria.sets.points')}</Th>
              <Th>{t('criteria.sets.mandatory')}</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.indicators.map((i) => (
              <Table.Tr key={i.code}>
                <Table.Td>{i.code}</Table.Td>
                <Table.Td>{english ? i.name.en : i.name.vi}</Table.Td>
                <Table.Td ta="right">{formatNumber(i.maxPoints)}</Table.Td>
                <Table.Td>
                  {i.mandatory ? <Badge color="red">{t('criteria.sets.knockout')}</Badge> : '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      ))}
    </Stack>
  );
}

/** Editing a version's indicators (text, points, knock-out), saved as a new version from a day. */
function SetEditor({ set }: { set: CriteriaSetOut }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useSaveCriteriaSet();
  const [def, setDef] = useState<CriteriaSetDefinition>(() => structuredClone(set.definition));
  const [version, setVersion] = useState<number | ''>(set.version + 1);
  const [validFrom, setValidFrom] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState<CriteriaSetOut | null>(null);
  const english = i18n.language === 'en';
  type Ind = CriteriaSetDefinition['criteria'][number]['indicators'][number];
  const edit = (ci: number, ii: number, patch: Partial<Ind>) =>
    setDef({
      ...def,
      criteria: def.criteria.map((c, i) =>
        i !== ci
          ? c
          : {
              ...c,
              indicators: c.indicators.map((x, j) =>
                j === ii ? { ...x, ...patch, name: { ...x.name, ...patch.name } } : x,
              ),
            },
      ),
    });
  const add = (ci: number) =>
    setDef({
      ...def,
      criteria: def.criteria.map((c, i) =>
        i !== ci
          ? c
          : {
              ...c,
              indicators: [
                ...c.indicators,
                {
                  code: `${c.no}.${c.indicators.length + 1}`,
                  name: { vi: '', en: '' },
                  maxPoints: 1,
                  mandatory: false,
                  prefill: [],
                },
              ],
            },
      ),
    });
  const remove = (ci: number, ii: number) =>
    setDef({
      ...def,
      criteria: def.criteria.map((c, i) =>
        i !== ci ? c : { ...c, indicators: c.indicators.filter((_, j) => j !== ii) },
      ),
    });
  const submit = async () => {
    setErrors([]);
    setSaved(null);
    const body: CriteriaSetDefinition = {
      ...def,
      version: version === '' ? 0 : version,
      validFrom: parseDate(validFrom) ?? validFrom,
      criteria: def.criteria.map((c) => ({
        ...c,
        indicators: c.indicators.map((x) => ({ ...x, name: { vi: x.name.vi, en: x.name.en || x.name.vi } })),
      })),
    };
    try {
      setSaved(await save.mutateAsync(body));
    } catch (err) {
      const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      setErrors([errorMessage(err), ...fields.map((f) => `${f.path.replace(/^body\./, '')}: ${f.message}`)]);
    }
  };
  return (
    <Stack gap="md">
      {def.criteria.map((c, ci) => {
        const sum = round(c.indicators.reduce((s, x) => s + (x.maxPoints || 0), 0));
        return (
          <Paper
            key={c.no}
            withBorder
            p="md"
            component="fieldset"
            aria-label={t('criteria.sets.criterionN', { no: c.no })}
            style={{ margin: 0 }}
          >
            <Group justify="space-between" mb="xs">
              <Text fw={700}>
                {c.no}. {english ? c.name.en : c.name.vi}
              </Text>
              <Text size="sm" c={sum === c.maxPoints ? 'dimmed' : 'red'}>
                {t('criteria.sets.sum', { sum: formatNumber(sum), max: formatNumber(c.maxPoints) })}
              </Text>
            </Group>
            <Stack gap="xs">
              {c.indicators.map((x, ii) => (
                <Group key={ii} align="flex-end" wrap="wrap" gap="xs">
                  <TextInput
                    label={t('criteria.sets.indicatorCode')}
                    value={x.code}
                    onChange={(e) => edit(ci, ii, { code: e.currentTarget.value })}
                    w={90}
                  />
                  <TextInput
                    label={t('criteria.sets.indicatorText')}
                    value={x.name.vi}
                    onChange={(e) => edit(ci, ii, { name: { vi: e.currentTarget.value, en: x.name.en } })}
                    style={{ flex: 1, minWidth: 220 }}
                  />
                  <NumberInput
                    label={t('criteria.sets.points')}
                    value={x.maxPoints}
                    onChange={(v) => edit(ci, ii, { maxPoints: typeof v === 'number' ? v : 0 })}
                    min={0}
                    decimalSeparator=","
                    w={100}
                  />
                  <Checkbox
                    label={t('criteria.sets.mandatory')}
                    checked={x.mandatory}
                    onChange={(e) => edit(ci, ii, { mandatory: e.currentTarget.checked })}
                    mb={8}
                  />
                  <Button
                    variant="subtle"
                    color="red"
                    onClick={() => remove(ci, ii)}
                    disabled={c.indicators.length === 1}
                    aria-label={t('criteria.sets.removeIndicator', { code: x.code })}
                  >
                    {t('criteria.sets.remove')}
                  </Button>
                </Group>
              ))}
              <Group>
                <Button variant="light" size="compact-sm" onClick={() => add(ci)}>
                  {t('criteria.sets.addIndicator', { no: c.no })}
                </Button>
              </Group>
            </Stack>
          </Paper>
        );
      })}
      <Paper withBorder p="md">
        <Group align="flex-end" wrap="wrap">
          <NumberInput
            label={t('criteria.sets.newVersion')}
            value={version}
            onChange={(v) => setVersion(typeof v === 'number' ? v : '')}
            min={1}
            allowDecimal={false}
            w={160}
          />
          <DateField label={t('criteria.sets.validFrom')} value={validFrom} onChange={setValidFrom} w={180} />
          <Button onClick={() => void submit()} loading={save.isPending}>
            {t('criteria.sets.saveVersion')}
          </Button>
        </Group>
        {errors.length > 0 && (
          <Alert color="red" variant="light" icon={<IconAlert />} role="alert" mt="sm">
            {errors.map((e, i) => (
              <div key={i}>{e}</div>
            ))}
          </Alert>
        )}
        {saved && (
          <Alert color="ytcs" variant="light" icon={<IconCheck />} mt="sm" role="status">
            {t('criteria.sets.saved', {
              code: saved.code,
              version: saved.version,
              from: formatDate(saved.validFrom),
            })}
          </Alert>
        )}
      </Paper>
    </Stack>
  );
}
