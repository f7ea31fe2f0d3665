import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useCreatePlan, usePlan, useUpdatePlan, type PlanOut } from '../../api/resources';
import { can, useUser } from '../../auth/session';
import { ErrorState, PageHeader, PageLoader, SectionTitle, useErrorMessage } from '../../components/common';
import { DateField } from '../../components/DateField';
import { IconAlert } from '../../components/Icons';
import { useIndicators } from '../../components/indicators/data';
import { formatDate, parseDate } from '../../lib/format';

const OPERATORS = ['>=', '>', '<=', '<'] as const;
type Operator = (typeof OPERATORS)[number];

interface TargetDraft {
  /** The saved target's id (kept through an edit), or a local key for a new one. */
  id?: string;
  key: string;
  textVi: string;
  indicatorCode: string;
  measure: 'value' | 'numerator';
  operator: Operator;
  targetValue: number | '';
  deadline: string;
  agency: string;
}
interface Draft {
  number: string;
  title: string;
  issuer: string;
  issuedOn: string;
  endsOn: string;
  source: string;
  targets: TargetDraft[];
}

let nextKey = 1;
const blankTarget = (deadline = ''): TargetDraft => ({
  key: `new-${nextKey++}`,
  textVi: '',
  indicatorCode: '',
  measure: 'value',
  operator: '>=',
  targetValue: '',
  deadline,
  agency: '',
});
const fromPlan = (p: PlanOut): Draft => ({
  number: p.number,
  title: p.title,
  issuer: p.issuer,
  issuedOn: formatDate(p.issuedOn),
  endsOn: formatDate(p.endsOn),
  source: p.source ?? '',
  targets: p.targets.map((x) => ({ ...x, key: x.id, deadline: formatDate(x.deadline) })),
});
/** dd/mm/yyyy → ISO; a text that is no date goes as typed, for the server to name the field. */
const iso = (text: string) => parseDate(text) ?? text;

/**
 * Creating a plan for a unit, or editing one: its head (number, title, issuer, days) and its targets,
 * each following an indicator of the catalogue with a direction (≥, >, ≤, <), a value and a deadline,
 * and the agency responsible. The server checks every field; its refusals show beside the field.
 */
export default function PlanEditPage() {
  const { code, id } = useParams();
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const existing = usePlan(id);
  const indicators = useIndicators();
  const create = useCreatePlan();
  const update = useUpdatePlan(id ?? '');
  const [draft, setDraft] = useState<Draft | null>(
    id
      ? null
      : { number: '', title: '', issuer: '', issuedOn: '', endsOn: '', source: '', targets: [blankTarget()] },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  useEffect(() => {
    if (id && existing.data && !draft) setDraft(fromPlan(existing.data));
  }, [id, existing.data, draft]);

  if (!can(user, 'plans.manage'))
    return <ErrorState error={new ApiError({ type: 'forbidden', title: '', status: 403 })} />;
  if (existing.isError) return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  if (!draft) return <PageLoader />;

  const english = i18n.language === 'en';
  const options = (indicators.data ?? []).map((d) => ({
    value: d.code,
    label: `${d.code} — ${english ? d.nameEn : d.nameVi}`,
  }));
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const setTarget = (i: number, patch: Partial<TargetDraft>) =>
    set({ targets: draft.targets.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const move = (i: number, by: number) => {
    const list = [...draft.targets];
    const [x] = list.splice(i, 1);
    list.splice(i + by, 0, x!);
    set({ targets: list });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setGeneral(null);
    const body = {
      number: draft.number,
      title: draft.title,
      issuer: draft.issuer,
      issuedOn: iso(draft.issuedOn),
      endsOn: iso(draft.endsOn),
      source: draft.source || null,
      targets: draft.targets.map((x) => ({
        ...(x.id ? { id: x.id } : {}),
        textVi: x.textVi,
        indicatorCode: x.indicatorCode,
        measure: x.measure,
        operator: x.operator,
        targetValue: x.targetValue === '' ? (undefined as unknown as number) : x.targetValue,
        deadline: iso(x.deadline),
        agency: x.agency,
      })),
    };
    try {
      const saved = id
        ? await update.mutateAsync(body)
        : await create.mutateAsync({ ...body, unitCode: code! });
      navigate(`/plans/${saved.id}`);
    } catch (err) {
      if (!(err instanceof ApiError)) return setGeneral(errorMessage(err));
      const placed: Record<string, string> = {};
      const rest: string[] = [];
      for (const e of err.problem.errors ?? []) {
        const key = e.path.replace(/^body\.?/, '');
        if (key && !placed[key]) placed[key] = e.message;
        else if (!key) rest.push(e.message);
      }
      setErrors(placed);
      setGeneral([errorMessage(err), ...rest].join(' — '));
    }
  };
  const err = (key: string) => errors[key];
  const saving = create.isPending || update.isPending;
  const title = id
    ? t('plans.edit.editTitle', { number: existing.data?.number ?? '' })
    : t('plans.edit.newTitle');

  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader title={title} description={t('plans.edit.description')} />
      <form onSubmit={(e) => void submit(e)} aria-label={title} noValidate>
        <Stack gap="lg">
          {general && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {general}
            </Alert>
          )}
          <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
            <Stack gap="sm">
              <Group grow align="flex-start" wrap="wrap">
                <TextInput
                  label={t('plans.edit.number')}
                  value={draft.number}
                  onChange={(e) => set({ number: e.currentTarget.value })}
                  error={err('number')}
                  required
                />
                <TextInput
                  label={t('plans.edit.issuer')}
                  value={draft.issuer}
                  onChange={(e) => set({ issuer: e.currentTarget.value })}
                  error={err('issuer')}
                  required
                />
              </Group>
              <Textarea
                label={t('plans.edit.title')}
                value={draft.title}
                onChange={(e) => set({ title: e.currentTarget.value })}
                error={err('title')}
                autosize
                minRows={2}
                required
              />
              <Group grow align="flex-start" wrap="wrap">
                <DateField
                  label={t('plans.edit.issuedOn')}
                  value={draft.issuedOn}
                  onChange={(v) => set({ issuedOn: v })}
                  error={err('issuedOn')}
                  required
                />
                <DateField
                  label={t('plans.edit.endsOn')}
                  value={draft.endsOn}
                  onChange={(v) => set({ endsOn: v })}
                  error={err('endsOn')}
                  required
                />
              </Group>
              <TextInput
                label={t('plans.edit.source')}
                value={draft.source}
                onChange={(e) => set({ source: e.currentTarget.value })}
                error={err('source')}
              />
            </Stack>
          </Paper>
          <section aria-labelledby="plan-edit-targets">
            <SectionTitle
              right={
                <Button
                  variant="light"
                  onClick={() => set({ targets: [...draft.targets, blankTarget(draft.endsOn)] })}
                  disabled={draft.targets.length >= 200}
                >
                  {t('plans.edit.addTarget')}
                </Button>
              }
            >
              <span id="plan-edit-targets">{t('plans.targets')}</span>
            </SectionTitle>
            {err('targets') && (
              <Text c="red" size="sm" mb="xs">
                {err('targets')}
              </Text>
            )}
            <Stack gap="sm">
              {draft.targets.map((x, i) => {
                const f = (name: string) => err(`targets.${i}.${name}`);
                const n = i + 1;
                return (
                  <Paper
                    key={x.key}
                    withBorder
                    p="md"
                    component="fieldset"
                    aria-label={t('plans.edit.targetN', { n })}
                    style={{ margin: 0 }}
                  >
                    <Stack gap="sm">
                      <Group justify="space-between">
                        <Text fw={700}>{t('plans.edit.targetN', { n })}</Text>
                        <Group gap={4}>
                          <ActionIcon
                            variant="subtle"
                            onClick={() => move(i, -1)}
                            disabled={i === 0}
                            aria-label={t('plans.edit.up', { n })}
                          >
                            ↑
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            onClick={() => move(i, 1)}
                            disabled={i === draft.targets.length - 1}
                            aria-label={t('plans.edit.down', { n })}
                          >
                            ↓
                          </ActionIcon>
                          <Button
                            variant="subtle"
                            color="red"
                            size="compact-sm"
                            onClick={() => set({ targets: draft.targets.filter((_, j) => j !== i) })}
                            disabled={draft.targets.length === 1}
                            aria-label={t('plans.edit.remove', { n })}
                          >
                            {t('plans.edit.removeShort')}
                          </Button>
                        </Group>
                      </Group>
                      <Select
                        label={t('plans.edit.indicator')}
                        data={options}
                        value={x.indicatorCode || null}
                        onChange={(v) => setTarget(i, { indicatorCode: v ?? '' })}
                        searchable
                        error={f('indicatorCode')}
                        required
                        comboboxProps={{ withinPortal: true }}
                      />
                      <Textarea
                        label={t('plans.edit.text')}
                        value={x.textVi}
                        onChange={(e) => setTarget(i, { textVi: e.currentTarget.value })}
                        error={f('textVi')}
                        autosize
                        minRows={1}
                        required
                      />
                      <Group grow align="flex-start" wrap="wrap">
                        <Select
                          label={t('plans.edit.measure')}
                          data={[
                            { value: 'value', label: t('plans.edit.measures.value') },
                            { value: 'numerator', label: t('plans.edit.measures.numerator') },
                          ]}
                          value={x.measure}
                          onChange={(v) =>
                            setTarget(i, { measure: (v ?? 'value') as TargetDraft['measure'] })
                          }
                          allowDeselect={false}
                          comboboxProps={{ withinPortal: true }}
                        />
                        <Select
                          label={t('plans.edit.direction')}
                          data={OPERATORS.map((o) => ({ value: o, label: t(`plans.edit.operators.${o}`) }))}
                          value={x.operator}
                          onChange={(v) => setTarget(i, { operator: (v ?? '>=') as Operator })}
                          allowDeselect={false}
                          error={f('operator')}
                          comboboxProps={{ withinPortal: true }}
                        />
                        <NumberInput
                          label={t('plans.edit.value')}
                          value={x.targetValue}
                          onChange={(v) => setTarget(i, { targetValue: typeof v === 'number' ? v : '' })}
                          min={0}
                          decimalSeparator=","
                          error={f('targetValue')}
                          required
                        />
                        <DateField
                          label={t('plans.edit.deadline')}
                          value={x.deadline}
                          onChange={(v) => setTarget(i, { deadline: v })}
                          error={f('deadline')}
                          required
                        />
                      </Group>
                      <TextInput
                        label={t('plans.edit.agency')}
                        value={x.agency}
                        onChange={(e) => setTarget(i, { agency: e.currentTarget.value })}
                        error={f('agency')}
                        required
                      />
                    </Stack>
                  </Paper>
                );
              })}
            </Stack>
          </section>
          <Group>
            <Button type="submit" loading={saving}>
              {t('plans.edit.save')}
            </Button>
            <Button variant="default" onClick={() => navigate(-1)}>
              {t('plans.edit.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
