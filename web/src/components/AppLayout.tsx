import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Container,
  Divider,
  Group,
  Menu,
  NavLink,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useUnit } from '../api/queries';
import { useSignOut, useUser } from '../auth/session';
import { initials } from '../lib/format';
import { CurrentUnitContext, useUnitName, useUnitType } from '../lib/units';
import { PageLoader } from './common';
import { IconTargets } from './indicators/NavIcon';
import {
  IconAlert,
  IconCheck,
  IconChevronRight,
  IconHome,
  IconLogout,
  IconPhone,
  IconPin,
  IconPlus,
  IconSearch,
  IconStation,
  IconUsers,
  LogoMark,
} from './Icons';
import { LanguageSwitch } from './LanguageSwitch';
import { FromDeviceNotice, OfflineBadge } from '../offline/Badge';
import { UnitPicker } from './UnitPicker';

function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/" className="brand" aria-label={t('app.home')}>
      <span className="brand-mark">
        <LogoMark size={20} />
      </span>
      <Box lh={1.15}>
        <Text fw={750} fz={19} c="ytcs.9" style={{ letterSpacing: '-0.01em' }}>
          {t('app.name')}
        </Text>
        <Text fz={12} c="dimmed" visibleFrom="xs">
          {t('app.tagline')}
        </Text>
      </Box>
    </Link>
  );
}

function UserMenu({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <Menu position="bottom-end" width={260} withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={t('header.account', { name: user.displayName })}
          style={{ borderRadius: 8 }}
        >
          <Group gap={10} wrap="nowrap">
            <Avatar color="ytcs" radius="xl" size={36}>
              {initials(user.displayName)}
            </Avatar>
            <Box visibleFrom="lg" lh={1.25} maw={300}>
              <Text size="sm" fw={600} truncate>
                {user.displayName}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {t(`roles.${user.role}`)} · {user.unitName}
              </Text>
            </Box>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Box px="sm" py={8}>
          <Text size="sm" fw={600}>
            {user.displayName}
          </Text>
          <Text size="xs" c="dimmed">
            {user.username}
          </Text>
        </Box>
        <Menu.Divider />
        <Box px="sm" py={6}>
          <Text size="xs" c="dimmed">
            {t('header.role')}
          </Text>
          <Text size="sm">{t(`roles.${user.role}`)}</Text>
          <Text size="xs" c="dimmed" mt={6}>
            {t('header.scope')}
          </Text>
          <Text size="sm">{user.unitName}</Text>
        </Box>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={onSignOut}>
          {t('header.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The signed-in frame: header (brand, unit search, language, account), navigation by unit, the page. */
export default function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const signOut = useSignOut();
  const unitName = useUnitName();
  const unitType = useUnitType();
  const [opened, { toggle, close }] = useDisclosure(false);
  const [code, setCode] = useState(user.unitCode);
  const unit = useUnit(code);
  const context = useMemo(() => ({ code, setCode }), [code]);

  // A new page starts at its top, with the menu closed and the focus at the start of the content
  // (not on the first load: the browser puts the focus where it belongs then).
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    close();
    window.scrollTo(0, 0);
    if (location.pathname !== firstPath.current) {
      firstPath.current = '';
      document.getElementById('main')?.focus({ preventScroll: true });
    }
  }, [location.pathname, close]);

  const handleSignOut = () => {
    navigate('/sign-in?out=1', { replace: true });
    void signOut();
  };

  const isCommune = unit.data?.level === 'commune';
  const links = [
    ...(['station_head', 'clinician', 'village_health_worker'].includes(user.role)
      ? [{ to: '/', label: t('worklist.nav'), icon: <IconCheck size={18} />, exact: true }]
      : []),
    ...(user.permissions.includes('person.write') && user.role !== 'system_admin'
      ? [{ to: '/offline', label: t('offline.nav'), icon: <IconStation size={18} /> }]
      : []),
    { to: `/units/${code}`, label: t('nav.overview'), icon: <IconHome size={18} />, exact: true },
    { to: `/units/${code}/staff`, label: t('nav.staff'), icon: <IconUsers size={18} /> },
    { to: `/units/${code}/indicators`, label: t('indicators.nav'), icon: <IconTargets size={18} /> },
    ...(isCommune
      ? [{ to: `/units/${code}/hamlets`, label: t('nav.hamlets'), icon: <IconPin size={18} /> }]
      : []),
    ...(user.permissions.includes('person.read')
      ? [
          {
            to: `/units/${code}/residents`,
            label: t('people.nav.residents'),
            icon: <IconSearch size={18} />,
          },
          {
            to: `/units/${code}/households`,
            label: t('people.nav.households'),
            icon: <IconUsers size={18} />,
          },
        ]
      : []),
    ...(isCommune && user.permissions.includes('person.read')
      ? [
          { to: `/units/${code}/visits`, label: t('visits.nav.today'), icon: <IconStation size={18} /> },
          { to: `/units/${code}/registers/a1`, label: t('visits.nav.a1'), icon: <IconHome size={18} /> },
          {
            to: `/units/${code}/registers/maternal`,
            label: t('maternal.registers.nav'),
            icon: <IconHome size={18} />,
          },
        ]
      : []),
    ...(isCommune && user.permissions.includes('person.write')
      ? [{ to: '/visits/new', label: t('visits.nav.new'), icon: <IconPlus size={18} /> }]
      : []),
    ...(isCommune && user.permissions.includes('person.read')
      ? [{ to: `/units/${code}/ncd/overdue`, label: t('ncd.nav.overdue'), icon: <IconAlert size={18} /> }]
      : []),
    ...(isCommune && user.permissions.includes('person.read')
      ? [
          {
            to: `/units/${code}/nutrition`,
            label: t('maternal.nutritionList.nav'),
            icon: <IconUsers size={18} />,
          },
        ]
      : []),
    ...(isCommune && user.permissions.includes('person.read')
      ? [
          {
            to: `/units/${code}/immunization/session`,
            label: t('immunization.nav'),
            icon: <IconCheck size={18} />,
          },
        ]
      : []),
    { to: `/units/${code}/ncd/cohort`, label: t('ncd.nav.cohort'), icon: <IconTargets size={18} /> },
    { to: `/units/${code}/criteria`, label: t('criteria.nav'), icon: <IconCheck size={18} /> },
    { to: `/units/${code}/satisfaction`, label: t('satisfaction.nav'), icon: <IconTargets size={18} /> },
    { to: `/units/${code}/family-doctors`, label: t('familydoctor.nav'), icon: <IconUsers size={18} /> },
    { to: `/units/${code}/investment`, label: t('resources.nav'), icon: <IconHome size={18} /> },
    { to: `/units/${code}/plans`, label: t('plans.nav'), icon: <IconTargets size={18} /> },
    ...(user.permissions.includes('person.read')
      ? [
          {
            to: `/units/${code}/surveillance`,
            label: t('surveillance.nav.overview'),
            icon: <IconAlert size={18} />,
          },
          { to: `/units/${code}/alerts`, label: t('surveillance.nav.alerts'), icon: <IconAlert size={18} /> },
          {
            to: `/units/${code}/registers/surveillance`,
            label: t('surveillance.nav.registers'),
            icon: <IconHome size={18} />,
          },
        ]
      : []),
    ...(user.permissions.includes('person.read')
      ? [
          { to: `/units/${code}/referrals`, label: t('referral.nav'), icon: <IconChevronRight size={18} /> },
          {
            to: `/units/${code}/teleconsultations`,
            label: t('referral.teleNav'),
            icon: <IconPhone size={18} />,
          },
        ]
      : []),
    ...(isCommune && user.permissions.includes('claims.export')
      ? [{ to: `/units/${code}/claims`, label: t('claimsExport.nav'), icon: <IconCheck size={18} /> }]
      : []),
    ...(isCommune && user.permissions.includes('person.read')
      ? [{ to: `/units/${code}/duplicates`, label: t('duplicates.nav'), icon: <IconUsers size={18} /> }]
      : []),
    ...(isCommune && user.permissions.includes('person.write')
      ? [{ to: `/units/${code}/imports`, label: t('people.nav.import'), icon: <IconPlus size={18} /> }]
      : []),
  ];
  const isActive = (to: string, exact?: boolean) =>
    exact ? location.pathname === to : location.pathname.startsWith(to);

  return (
    <CurrentUnitContext.Provider value={context}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppShell
        header={{ height: 64 }}
        navbar={{ width: 272, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={{ base: 'md', sm: 'xl' }}
      >
        <AppShell.Header className="app-header">
          <Group h="100%" px={{ base: 'sm', sm: 'lg' }} gap="sm" wrap="nowrap" justify="space-between">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
                aria-expanded={opened}
              />
              <Brand />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Box visibleFrom="md" w={{ md: 300, lg: 360 }}>
                <UnitPicker id="unit-picker-header" />
              </Box>
              <OfflineBadge />
              <LanguageSwitch />
              <UserMenu onSignOut={handleSignOut} />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="md" className="app-navbar" component="nav" aria-label={t('nav.label')}>
          <Box hiddenFrom="md" mb="md">
            <UnitPicker id="unit-picker-nav" />
          </Box>
          <Box px={6} mb="sm">
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.04em' }}>
              {t('nav.currentUnit')}
            </Text>
            <Group gap={8} mt={6} wrap="nowrap" align="flex-start">
              <Box c="ytcs.8" mt={2}>
                <IconStation size={18} />
              </Box>
              <Box style={{ minWidth: 0 }}>
                <Text fw={650} size="sm" lh={1.3}>
                  {unit.data ? unitName(unit.data) : code}
                </Text>
                {unit.data && (
                  <Text size="xs" c="dimmed">
                    {unitType(unit.data)} · {unit.data.code}
                  </Text>
                )}
              </Box>
            </Group>
          </Box>
          <Stack gap={2}>
            {links.map((link) => (
              <NavLink
                key={link.to}
                component={Link}
                to={link.to}
                label={link.label}
                leftSection={link.icon}
                active={isActive(link.to, link.exact)}
                aria-current={isActive(link.to, link.exact) ? 'page' : undefined}
                className="nav-link"
                style={{ borderRadius: 8 }}
              />
            ))}
          </Stack>
          {code !== user.unitCode && (
            <>
              <Divider my="sm" />
              <NavLink
                component={Link}
                to={`/units/${user.unitCode}`}
                label={t('nav.myUnit')}
                description={user.unitName}
                leftSection={<IconHome size={18} />}
                style={{ borderRadius: 8 }}
              />
            </>
          )}
          <Box mt="auto" hiddenFrom="sm" pt="md">
            <Divider mb="sm" />
            <Text size="sm" fw={600}>
              {user.displayName}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`roles.${user.role}`)} · {user.unitName}
            </Text>
            <NavLink
              component="button"
              onClick={handleSignOut}
              label={t('header.signOut')}
              leftSection={<IconLogout size={18} />}
              mt="xs"
              style={{ borderRadius: 8 }}
            />
          </Box>
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
          <Container size="xl" px={0}>
            <FromDeviceNotice />
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </Container>
        </AppShell.Main>
      </AppShell>
    </CurrentUnitContext.Provider>
  );
}
