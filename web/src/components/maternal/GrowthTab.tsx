import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useChildGrowth,
  useGrowthCurves,
  useRecordMeasurement,
  type ChildGrowthOut,
  type MeasurementOut,
} from '../../api/maternal';
import { ApiError } from '../../api/client';
import { formatDate, parseDate, todayIso } from '../../lib/format';
import { isSavedOnDevice } from '../../offline/device-state';
import { EmptyNote, ErrorState, PageLoader, SectionTitle, useErrorMessage } from '../common';
import { DateField } from '../DateField';
import { CHART_COLORS, EChart, type ChartOption } from '../indicators/EChart';

const DAYS_PER_MONTH = 30.4375;
/** From two years (731 days) a child is measured standing, and weight goes by height. */
const STANDING_FROM_DAYS = 731;

type ChartKind = 'wfa' | 'lhfa' | 'wflh';

/**
 * The child's growth (theo dõi tăng trưởng) on the resident's profile: the latest measurement in
 * words a mother understands, a measurement form, the WHO growth chart with the child's points, and
 * every measurement with its z-scores.
 */
export function GrowthTab({
  residentId,
  birthDate,
  writable,
}: {
  residentId: string;
  birthDate: string | null;
  writable: boolean;
}) {
  const { t } = useTranslation();
  const growth = useChildGrowth(residentId);
  if (growth.isPending) return <PageLoader />;
  if (growth.isError) return <ErrorState error={growth.error} onRetry={() => void growth.refetch()} />;
  const g = growth.data;
  const latest = g.measurements[0];
  return (
    <Stack gap="lg">
      {!birthDate && <Alert color="amber">{t('maternal.growth.noBirthDate')}</Alert>}
      {latest ? (
        <Summary m={latest} names={g.statusNames} />
      ) : (
        <EmptyNote>{t('maternal.growth.none')}</EmptyNote>
      )}
      {writable && birthDate && <MeasurementForm residentId={residentId} birthDate={birthDate} />}
      <Paper withBorder p="md">
        <GrowthChart growth={g} />
      </Paper>
      {g.measurements.length > 0 && <MeasurementTable growth={g} />}
    </Stack>
  );
}

/** The latest measurement's statuses, in words. */
function Summary({ m, names }: { m: MeasurementOut; names: ChildGrowthOut['statusNames'] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {t('maternal.growth.latest', { date: formatDate(m.measuredOn), age: ageText(t, m.ageDays) })}
      </Text>
      <Group gap={6} mt={6}>
        {m.statuses.length === 0 && m.flags.length === 0 && (
          <Badge color="ytcs" size="lg">
            {t('maternal.growth.normal')}
          </Badge>
        )}
        {m.statuses.map((s) => (
          <Badge key={s} color="red" size="lg" variant="light">
            {names[s]?.[lang] ?? s}
          </Badge>
        ))}
        {m.flags.length > 0 && (
          <Badge color="amber" size="lg" variant="light">
            {t('maternal.growth.flagged')}
          </Badge>
        )}
      </Group>
      <Stack gap={2} mt="sm">
        {(['weightForAge', 'lengthForAge', 'weightForLength'] as const).map((k) =>
          m[k] === null ? null : (
            <Text key={k} size="sm">
              {t(`maternal.growth.words.${k}`, {
                z: formatZ(m[k]),
                words: t(`maternal.growth.band.${band(m[k])}`),
              })}
            </Text>
          ),
        )}
      </Stack>
    </Paper>
  );
}

/** Where a z-score lies, for words: the WHO chart's lines at ±2 and ±3 SD. */
function band(z: number): 'veryLow' | 'low' | 'normal' | 'high' | 'veryHigh' {
  if (z < -3) return 'veryLow';
  if (z < -2) return 'low';
  if (z <= 2) return 'normal';
  if (z <= 3) return 'high';
  return 'veryHigh';
}

const formatZ = (z: number | null) =>
  z === null ? '—' : (z > 0 ? '+' : '') + z.toFixed(2).replace('.', ',');

function ageText(t: (k: string, o?: Record<string, unknown>) => string, days: number): string {
  const months = Math.floor(days / DAYS_PER_MONTH);
  return months < 1
    ? t('maternal.growth.ageDays', { count: days })
    : t('maternal.growth.ageMonths', { count: months });
}

export function MeasurementForm({ residentId, birthDate }: { residentId: string; birthDate: string }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const record = useRecordMeasurement(residentId);
  const [measuredOn, setMeasuredOn] = useState(formatDate(todayIso()));
  const [weight, setWeight] = useState<number | string>('');
  const [length, setLength] = useState<number | string>('');
  const ageNow = Math.round((Date.parse(todayIso()) - Date.parse(birthDate)) / 86_400_000);
  const [position, setPosition] = useState<'lying' | 'standing'>(
    ageNow < STANDING_FROM_DAYS ? 'lying' : 'standing',
  );
  const [head, setHead] = useState<number | string>('');
  const [muac, setMuac] = useState<number | string>('');
  const [oedema, setOedema] = useState(false);
  const [acceptFlagged, setAcceptFlagged] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const flagged =
    Object.values(errors).length > 0 && record.error instanceof ApiError && record.error.status === 422;
  const num = (v: number | string) => (typeof v === 'number' ? v : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const day = parseDate(measuredOn);
    if (!day) {
      setErrors({ measuredOn: t('errors.invalidDate') });
      return;
    }
    setErrors({});
    record.mutate(
      {
        measuredOn: day,
        weightKg: num(weight),
        lengthCm: num(length),
        measured: num(length) !== undefined ? position : undefined,
        headCm: num(head),
        muacCm: num(muac),
        oedema: oedema || undefined,
        acceptFlagged: acceptFlagged || undefined,
      },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'ytcs',
            // No network: the measurement went to this device's outbox (web/src/offline/writes.ts).
            message: isSavedOnDevice(saved) ? t('offline.device.savedRecord') : t('maternal.growth.saved'),
          });
          setWeight('');
          setLength('');
          setHead('');
          setMuac('');
          setOedema(false);
          setAcceptFlagged(false);
        },
        onError: (err) => {
          if (err instanceof ApiError) {
            const fields = err.fieldErrors();
            setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.message])));
            if (Object.keys(fields).length) return;
          }
          notifications.show({ color: 'red', message: message(err) });
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <SectionTitle>{t('maternal.growth.form.title')}</SectionTitle>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
        <DateField
          label={t('maternal.growth.form.measuredOn')}
          value={measuredOn}
          onChange={setMeasuredOn}
          error={errors.measuredOn}
          required
        />
        <NumberInput
          label={t('maternal.growth.form.weight')}
          value={weight}
          onChange={setWeight}
          min={0}
          decimalScale={3}
          decimalSeparator=","
          error={errors.weightKg}
        />
        <NumberInput
          label={t('maternal.growth.form.length')}
          value={length}
          onChange={setLength}
          min={0}
          decimalScale={1}
          decimalSeparator=","
          error={errors.lengthCm}
        />
        <div>
          <Text size="sm" fw={500} mb={4} id="growth-position">
            {t('maternal.growth.form.position')}
          </Text>
          <SegmentedControl
            aria-labelledby="growth-position"
            value={position}
            onChange={(v) => setPosition(v as 'lying' | 'standing')}
            data={[
              { value: 'lying', label: t('maternal.growth.form.lying') },
              { value: 'standing', label: t('maternal.growth.form.standing') },
            ]}
          />
        </div>
        <NumberInput
          label={t('maternal.growth.form.head')}
          value={head}
          onChange={setHead}
          min={0}
          decimalScale={1}
          decimalSeparator=","
          error={errors.headCm}
        />
        <NumberInput
          label={t('maternal.growth.form.muac')}
          value={muac}
          onChange={setMuac}
          min={0}
          decimalScale={1}
          decimalSeparator=","
          error={errors.muacCm}
        />
      </SimpleGrid>
      <Group mt="sm" justify="space-between">
        <Stack gap={4}>
          <Checkbox
            label={t('maternal.growth.form.oedema')}
            checked={oedema}
            onChange={(e) => setOedema(e.currentTarget.checked)}
          />
          {flagged && (
            <Checkbox
              label={t('maternal.growth.form.acceptFlagged')}
              checked={acceptFlagged}
              onChange={(e) => setAcceptFlagged(e.currentTarget.checked)}
            />
          )}
        </Stack>
        <Button type="submit" loading={record.isPending}>
          {t('maternal.growth.form.save')}
        </Button>
      </Group>
    </Paper>
  );
}

/** The WHO chart of one indicator: −3, −2, 0, +2, +3 SD and the child's points. */
function GrowthChart({ growth }: { growth: ChildGrowthOut }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ChartKind>('wfa');
  const latestAge = growth.measurements[0]?.ageDays ?? 0;
  const byHeight = latestAge >= STANDING_FROM_DAYS;
  const indicator = kind === 'wflh' ? (byHeight ? 'wfh' : 'wfl') : kind;
  const curves = useGrowthCurves(indicator, growth.sex);
  const points = useMemo(
    () =>
      growth.measurements
        .filter((m) => m.flags.length === 0)
        .map((m) => {
          if (kind === 'wfa') return m.weightKg === null ? null : [m.ageDays / DAYS_PER_MONTH, m.weightKg];
          if (kind === 'lhfa') return m.lengthCm === null ? null : [m.ageDays / DAYS_PER_MONTH, m.lengthCm];
          return m.weightKg === null || m.lengthCm === null || m.ageDays >= STANDING_FROM_DAYS !== byHeight
            ? null
            : [m.lengthCm, m.weightKg];
        })
        .filter((p): p is number[] => p !== null)
        .sort((a, b) => a[0]! - b[0]!),
    [growth.measurements, kind, byHeight],
  );
  const option = useMemo<ChartOption | null>(() => {
    const c = curves.data;
    if (!c) return null;
    const ageBased = kind !== 'wflh';
    const xs = c.x.map((x) => (ageBased ? x / DAYS_PER_MONTH : x));
    const line = (sd: string, color: string, type: 'solid' | 'dashed') => ({
      name: `${sd} SD`,
      type: 'line' as const,
      showSymbol: false,
      silent: true,
      lineStyle: { color, width: sd === '0' ? 2 : 1, type },
      color,
      data: xs.map((x, i) => [x, c.sd[sd]![i]!]),
    });
    return {
      grid: { left: 44, right: 12, top: 16, bottom: 40 },
      tooltip: { trigger: 'item' },
      xAxis: {
        type: 'value',
        name: ageBased ? t('maternal.growth.chart.months') : t('maternal.growth.chart.cm'),
        nameLocation: 'middle',
        nameGap: 26,
        min: ageBased ? 0 : Math.floor(xs[0]!),
        max: ageBased ? 60 : Math.ceil(xs.at(-1)!),
        splitLine: { lineStyle: { color: CHART_COLORS.grid } },
      },
      yAxis: { type: 'value', scale: true, splitLine: { lineStyle: { color: CHART_COLORS.grid } } },
      series: [
        line('-3', '#c92a2a', 'solid'),
        line('-2', '#e8590c', 'dashed'),
        line('0', CHART_COLORS.main, 'solid'),
        line('2', '#e8590c', 'dashed'),
        line('3', '#c92a2a', 'solid'),
        {
          name: t('maternal.growth.chart.child'),
          type: 'line' as const,
          data: points,
          color: '#1c3d5a',
          symbolSize: 9,
          lineStyle: { color: '#1c3d5a', width: 2 },
        },
      ],
    };
  }, [curves.data, points, kind, t]);

  return (
    <Stack gap="sm">
      <Stack gap={6}>
        <SectionTitle>{t('maternal.growth.chart.title')}</SectionTitle>
        <SegmentedControl
          size="xs"
          fullWidth
          value={kind}
          onChange={(v) => setKind(v as ChartKind)}
          data={[
            { value: 'wfa', label: t('maternal.growth.chart.wfa') },
            { value: 'lhfa', label: t('maternal.growth.chart.lhfa') },
            { value: 'wflh', label: t('maternal.growth.chart.wflh') },
          ]}
        />
      </Stack>
      {curves.isError ? (
        <ErrorState error={curves.error} onRetry={() => void curves.refetch()} />
      ) : !option ? (
        <PageLoader />
      ) : (
        <EChart
          option={option}
          height={300}
          label={t('maternal.growth.chart.label', {
            count: points.length,
            chart: t(`maternal.growth.chart.${kind}`),
          })}
        />
      )}
      <Text size="xs" c="dimmed">
        {t('maternal.growth.chart.legend')}
      </Text>
    </Stack>
  );
}

function MeasurementTable({ growth }: { growth: ChildGrowthOut }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const n = (v: number | null, unit: string) => (v === null ? '—' : `${String(v).replace('.', ',')} ${unit}`);
  return (
    <Paper withBorder p="md">
      <SectionTitle>{t('maternal.growth.table.title')}</SectionTitle>
      <Table.ScrollContainer minWidth={640} type="native">
        <Table striped aria-label={t('maternal.growth.table.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('maternal.growth.table.date')}</Table.Th>
              <Table.Th>{t('maternal.growth.table.age')}</Table.Th>
              <Table.Th>{t('maternal.growth.table.weight')}</Table.Th>
              <Table.Th>{t('maternal.growth.table.length')}</Table.Th>
              <Table.Th>{t('maternal.growth.table.wfa')}</Table.Th>
              <Table.Th>{t('maternal.growth.table.lhfa')}</Table.Th>
              <Table.Th>{t('maternal.growth.table.wflh')}</Table.Th>
              <Table.Th>{t('maternal.growth.table.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {growth.measurements.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{formatDate(m.measuredOn)}</Table.Td>
                <Table.Td>{ageText(t, m.ageDays)}</Table.Td>
                <Table.Td>{n(m.weightKg, 'kg')}</Table.Td>
                <Table.Td>
                  {n(m.measuredLengthCm, 'cm')}
                  {m.measured && ` (${t(`maternal.growth.form.${m.measured}`)})`}
                </Table.Td>
                <Table.Td>{formatZ(m.weightForAge)}</Table.Td>
                <Table.Td>{formatZ(m.lengthForAge)}</Table.Td>
                <Table.Td>{formatZ(m.weightForLength)}</Table.Td>
                <Table.Td>
                  {m.flags.length > 0
                    ? t('maternal.growth.flagged')
                    : m.statuses.length === 0
                      ? t('maternal.growth.normal')
                      : m.statuses.map((s) => growth.statusNames[s]?.[lang] ?? s).join(', ')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
