/**
 * The tile map (bản đồ ô) of a province's communes for one indicator: no commune boundaries are
 * needed — each commune is a tile coloured by how far its value is from the target (tiles.ts), in
 * rank order (or by name), with a legend that counts the tiles of each colour. A tile opens that
 * commune's dashboard; its tooltip and its accessible name say the value and the fraction behind it.
 */
import { Group, Paper, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatNumber, formatValue } from '../../lib/format';
import type { IndicatorDefinition, IndicatorValue } from './data';
import { useIndicatorText } from './text';
import {
  orderTiles,
  TILE_COLORS,
  tileBand,
  tileLegend,
  valueRange,
  type LegendEntry,
  type TileBand,
} from './tiles';
import classes from './tiles.module.css';

export function CommuneTiles({
  indicator,
  values,
  unitName,
  hrefOf,
}: {
  indicator: IndicatorDefinition;
  /** The communes' values, ranked best first. */
  values: IndicatorValue[];
  unitName: string;
  hrefOf: (unitCode: string) => string;
}) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const [order, setOrder] = useState<'rank' | 'name'>('rank');
  const name = text.name(indicator);
  const range = useMemo(() => valueRange(values), [values]);
  const legend = useMemo(() => tileLegend(indicator, values), [indicator, values]);
  const tiles = useMemo(
    () =>
      orderTiles(
        values.map((v, i) => ({ ...v, rank: i + 1 })),
        order,
      ),
    [values, order],
  );
  const bandName = (band: TileBand) =>
    t(indicator.target ? `indicatorsUi.tiles.bands.${band}` : `indicatorsUi.tiles.bandsNoTarget.${band}`);
  const id = 'commune-tiles-title';

  return (
    <section aria-labelledby={id}>
      <Paper withBorder p={{ base: 'xs', sm: 'sm' }}>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" gap="xs">
            <div style={{ flex: '1 1 18rem' }}>
              <Text fw={650} id={id} component="h3" fz="md" m={0}>
                {t('indicatorsUi.tiles.title', { name })}
              </Text>
              <Text size="sm" c="dimmed">
                {t(indicator.target ? 'indicatorsUi.tiles.note' : 'indicatorsUi.tiles.noteNoTarget')}
              </Text>
            </div>
            <SegmentedControl
              size="xs"
              value={order}
              onChange={(v) => setOrder(v === 'name' ? 'name' : 'rank')}
              aria-label={t('indicatorsUi.tiles.order')}
              data={[
                { value: 'rank', label: t('indicatorsUi.tiles.byRank') },
                { value: 'name', label: t('indicatorsUi.tiles.byName') },
              ]}
            />
          </Group>
          <Legend entries={legend} indicator={indicator} bandName={bandName} />
          <ol
            className={classes.grid}
            aria-label={t('indicatorsUi.tiles.listLabel', { unit: unitName, name })}
          >
            {tiles.map((v) => {
              const band = tileBand(indicator, v.value, range);
              const colors = TILE_COLORS[band];
              const value = text.value(indicator, v.value);
              const fraction = t('indicatorsUi.tiles.fraction', {
                numerator: formatNumber(v.numerator),
                denominator: formatNumber(v.denominator),
              });
              return (
                <li key={v.unitCode}>
                  <Tooltip
                    multiline
                    w={240}
                    withArrow
                    events={{ hover: true, focus: true, touch: false }}
                    label={
                      <>
                        <Text fw={650} size="sm" c="inherit">
                          {v.unitName}
                        </Text>
                        <Text size="sm" c="inherit">
                          {value} · {bandName(band)}
                        </Text>
                        <Text size="xs" c="inherit">
                          {fraction}
                        </Text>
                      </>
                    }
                  >
                    <Link
                      to={hrefOf(v.unitCode)}
                      className={`${classes.tile}${band === 'none' ? ` ${classes.none}` : ''}`}
                      style={{ background: colors.background, color: colors.text }}
                      aria-label={t('indicatorsUi.tiles.tile', {
                        rank: v.rank,
                        unit: v.unitName,
                        value,
                        band: bandName(band),
                        numerator: formatNumber(v.numerator),
                        denominator: formatNumber(v.denominator),
                      })}
                    >
                      <span className={classes.rank} aria-hidden>
                        {t('indicatorsUi.tiles.rank', { rank: v.rank })}
                      </span>
                      <span className={classes.name} aria-hidden>
                        {v.unitName}
                      </span>
                      <span className={classes.value} aria-hidden>
                        {formatValue(v.value)}
                        {v.value != null && indicator.unit === '%' ? '%' : ''}
                      </span>
                    </Link>
                  </Tooltip>
                </li>
              );
            })}
          </ol>
        </Stack>
      </Paper>
    </section>
  );
}

/** The colour key: each band with its range in the indicator's unit and how many communes are in it. */
function Legend({
  entries,
  indicator,
  bandName,
}: {
  entries: LegendEntry[];
  indicator: IndicatorDefinition;
  bandName: (band: TileBand) => string;
}) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const higher = indicator.direction === 'higher';
  // A strict target (> 95 %) is not met at 95 %: the `met` band starts above it and the next band
  // ends at it, included.
  const strict = indicator.target?.operator === '>' || indicator.target?.operator === '<';
  const rangeOf = (e: LegendEntry): string | null => {
    const from = e.from == null ? null : text.value(indicator, e.from);
    const to = e.to == null ? null : text.value(indicator, e.to);
    const edge = strict && e.band === 'near';
    if (from != null && to != null)
      return t(
        edge
          ? 'indicatorsUi.tiles.range.betweenBoth'
          : higher
            ? 'indicatorsUi.tiles.range.between'
            : 'indicatorsUi.tiles.range.betweenDown',
        { from, to },
      );
    if (from != null)
      return t(
        higher && !(strict && e.band === 'met')
          ? 'indicatorsUi.tiles.range.from'
          : 'indicatorsUi.tiles.range.above',
        { from },
      );
    if (to != null)
      return t(
        higher || (strict && e.band === 'met')
          ? 'indicatorsUi.tiles.range.below'
          : 'indicatorsUi.tiles.range.upTo',
        { to },
      );
    return null;
  };
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed" mb={4} id="commune-tiles-legend">
        {t('indicatorsUi.tiles.legend')}
      </Text>
      <Group
        component="ul"
        gap="xs"
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
        aria-labelledby="commune-tiles-legend"
      >
        {entries.map((e) => {
          const range = rangeOf(e);
          return (
            <Group component="li" key={e.band} gap={6} wrap="nowrap" align="center">
              <span
                className={classes.swatch}
                style={{ background: TILE_COLORS[e.band].background }}
                aria-hidden
              />
              <Text size="xs">
                {bandName(e.band)}
                {range ? ` (${range})` : ''}
                {': '}
                <Text span size="xs" fw={650}>
                  {t('indicatorsUi.tiles.count', { count: e.count })}
                </Text>
              </Text>
            </Group>
          );
        })}
      </Group>
    </div>
  );
}
