import { Anchor, Box, Breadcrumbs, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { UnitOut, UnitWithAncestors } from '../api/types';
import { useUser } from '../auth/session';
import { inScope, useUnitName } from '../lib/units';
import { IconArrowLeft, IconChevronRight } from './Icons';

/**
 * The unit's place, up to the province (and the country for national users). Units above the user's
 * scope are shown but not linked: their pages would show nothing more.
 */
export function UnitBreadcrumbs({ unit, extra }: { unit: UnitWithAncestors; extra?: { label: string } }) {
  const { t } = useTranslation();
  const user = useUser();
  const unitName = useUnitName();
  const national = user.scopePath === 'post2025';
  const chain: UnitOut[] = [...unit.ancestors.filter((a) => national || a.level !== 'country'), unit];
  const last = extra ? null : unit.code;
  // On a phone the whole trail would wrap awkwardly: one step up is what a thumb needs.
  const up = [...chain].reverse().find((u) => u.code !== last && inScope(user.scopePath, u.path));
  return (
    <>
      <Box hiddenFrom="sm" mb="sm">
        {up && (
          <nav aria-label={t('header.breadcrumb')}>
            <Anchor component={Link} to={`/units/${up.code}`} size="sm" fw={500}>
              <Group gap={6} component="span" wrap="nowrap">
                <IconArrowLeft size={16} />
                {unitName(up)}
              </Group>
            </Anchor>
          </nav>
        )}
      </Box>
      <nav aria-label={t('header.breadcrumb')} className="breadcrumb-full">
        <Breadcrumbs
          separator={<IconChevronRight size={14} />}
          separatorMargin={6}
          mb="md"
          style={{ flexWrap: 'wrap' }}
        >
          {chain.map((u) =>
            u.code === last ? (
              <Text key={u.code} size="sm" fw={600} aria-current="page">
                {unitName(u)}
              </Text>
            ) : inScope(user.scopePath, u.path) ? (
              <Anchor key={u.code} component={Link} to={`/units/${u.code}`} size="sm">
                {unitName(u)}
              </Anchor>
            ) : (
              <Text key={u.code} size="sm" c="dimmed">
                {unitName(u)}
              </Text>
            ),
          )}
          {extra && (
            <Text size="sm" fw={600} aria-current="page">
              {extra.label}
            </Text>
          )}
        </Breadcrumbs>
      </nav>
    </>
  );
}
