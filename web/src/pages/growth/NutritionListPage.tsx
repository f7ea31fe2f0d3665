import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useNutritionList } from '../../api/maternal';
import { useUnit } from '../../api/queries';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { UnitBreadcrumbs } from '../../components/UnitBreadcrumbs';
import { formatDate, formatNumber } from '../../lib/format';
import { useAnnounceUnit, useUnitName } from '../../lib/units';

const z = (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN', { maximumFractionDigits: 1 }));

/**
 * Children to follow for nutrition (danh sách trẻ suy dinh dưỡng): children under 5 whose latest
 * measurement of the last 12 months is below −2 SD (stunted, underweight or wasted), by hamlet, for
 * the village health worker's home visits and the station's community nutrition work. Phone first.
 */
export default function NutritionListPage() {
  const { code } = useParams();
  const { t, i18n } = useTranslation();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const list = useNutritionList(code);
  const title = t('maternal.nutritionList.title');
  const english = i18n.language === 'en';

  if (unit.isError) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  const hamlets = list.data?.hamlets.filter((h) => h.children.length) ?? [];
  const total = hamlets.reduce((n, h) => n + h.children.length, 0);
  return (
    <Stack gap="md">
      <div>
        {unit.data && <UnitBreadcrumbs unit={unit.data} extra={{ label: title }} />}
        <PageHeader
          eyebrow={unit.data ? unitName(unit.data) : code}
          title={title}
          description={list.data ? t('maternal.nutritionList.count', { count: total }) : undefined}
        />
      </div>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : !hamlets.length ? (
        <Paper withBorder p="lg">
          <EmptyNote>{t('maternal.nutritionList.none')}</EmptyNote>
        </Paper>
      ) : (
        hamlets.map((h) => (
          <section key={h.unitCode} aria-label={h.name}>
            <Title order={2} fz={{ base: 16, sm: 18 }} mb="xs">
              {h.name}{' '}
              <Text span c="dimmed" fz="sm">
                ({formatNumber(h.children.length)})
              </Text>
            </Title>
            <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={h.name}>
              {h.children.map((c) => (
                <Paper key={c.residentId} withBorder p="sm" radius="md" component="li">
                  <Group justify="space-between" align="flex-start" gap={6} wrap="wrap">
                    <div style={{ minWidth: 0, flex: '1 1 180px' }}>
                      <Anchor component={Link} to={`/residents/${c.residentId}?tab=growth`} fw={700}>
                        {c.fullName}
                      </Anchor>
                      <Text size="sm" c="dimmed">
                        {t('maternal.nutritionList.born', {
                          date: formatDate(c.birthDate),
                          months: Math.floor(c.ageDays / 30.4375),
                        })}
                        {' · '}
                        {t('maternal.nutritionList.measured', { date: formatDate(c.measuredOn) })}
                      </Text>
                    </div>
                    <Group gap={4}>
                      {c.statuses.map((s) => (
                        <Badge key={s} color="orange" variant="light">
                          {(english ? list.data.statusNames[s]?.en : list.data.statusNames[s]?.vi) ?? s}
                        </Badge>
                      ))}
                    </Group>
                  </Group>
                  <Text size="sm" mt={4}>
                    {t('maternal.nutritionList.zscores', {
                      wfa: z(c.weightForAge),
                      lfa: z(c.lengthForAge),
                      wfl: z(c.weightForLength),
                    })}
                  </Text>
                </Paper>
              ))}
            </Stack>
          </section>
        ))
      )}
    </Stack>
  );
}
