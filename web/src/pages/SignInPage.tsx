import {
  Alert,
  Box,
  Button,
  Group,
  List,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { takeExpiredFlag, useMe, useSignIn } from '../auth/session';
import { useErrorMessage } from '../components/common';
import { IconAlert, IconCheck, IconInfo, LogoMark } from '../components/Icons';
import { LanguageSwitch } from '../components/LanguageSwitch';

/** Only paths inside the app are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

function HeroArt() {
  // Concentric rings and dots: the network from province to hamlet.
  return (
    <svg className="signin-hero-art" viewBox="0 0 200 200" aria-hidden="true" focusable="false">
      <g fill="none" stroke="#fff" strokeWidth="1.2">
        <circle cx="100" cy="100" r="30" />
        <circle cx="100" cy="100" r="58" />
        <circle cx="100" cy="100" r="86" />
      </g>
      <g fill="#fff">
        <circle cx="100" cy="100" r="7" />
        <circle cx="130" cy="100" r="4" />
        <circle cx="79" cy="79" r="4" />
        <circle cx="100" cy="42" r="3" />
        <circle cx="150" cy="130" r="3" />
        <circle cx="47" cy="120" r="3" />
        <circle cx="170" cy="60" r="2.4" />
        <circle cx="30" cy="70" r="2.4" />
        <circle cx="120" cy="184" r="2.4" />
      </g>
    </svg>
  );
}

export default function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const signIn = useSignIn();
  const errorMessage = useErrorMessage();
  const [expired] = useState(() => takeExpiredFlag());
  const signedOut = params.get('out') === '1';
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    document.title = `${t('signIn.title')} · ${t('app.name')}`;
  }, [t]);

  if (me.data && !signedOut && !signIn.isPending) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!username.trim() || !password) return;
    signIn.mutate(
      { username: username.trim(), password },
      { onSuccess: (user) => navigate(next === '/' ? `/units/${user.unitCode}` : next, { replace: true }) },
    );
  };

  const error = signIn.error;
  const failure =
    error instanceof ApiError
      ? error.status === 401 || error.status === 400
        ? t('signIn.wrong')
        : error.status === 423
          ? t('signIn.locked')
          : error.status === 429
            ? t('signIn.tooMany')
            : errorMessage(error)
      : error
        ? errorMessage(error)
        : null;

  return (
    <div className="signin-page">
      <aside className="signin-hero">
        <HeroArt />
        <Group gap="sm">
          <span className="brand-mark" style={{ background: '#fff', color: 'var(--mantine-color-ytcs-8)' }}>
            <LogoMark size={20} />
          </span>
          <Box lh={1.2}>
            <Text fw={750} fz={20}>
              {t('app.name')}
            </Text>
            <Text fz={13} c="ytcs.1">
              {t('app.fullTitle')}
            </Text>
          </Box>
        </Group>
        <Box maw={460} style={{ position: 'relative' }}>
          <Title order={2} fz={32} lh={1.25} fw={650}>
            {t('signIn.heroTitle')}
          </Title>
          <Text mt="md" fz="md" c="ytcs.0" lh={1.6}>
            {t('signIn.heroText')}
          </Text>
          <List
            mt="xl"
            spacing="sm"
            icon={
              <Box c="ytcs.2" mt={2}>
                <IconCheck size={18} />
              </Box>
            }
          >
            <List.Item c="white">{t('signIn.heroPoint1')}</List.Item>
            <List.Item c="white">{t('signIn.heroPoint2')}</List.Item>
            <List.Item c="white">{t('signIn.heroPoint3')}</List.Item>
          </List>
        </Box>
        <Text fz={13} c="ytcs.1">
          {t('app.tagline')}
        </Text>
      </aside>

      <main className="signin-main">
        <div className="signin-band">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <span
                className="brand-mark"
                style={{ background: '#fff', color: 'var(--mantine-color-ytcs-8)' }}
              >
                <LogoMark size={20} />
              </span>
              <Box lh={1.2}>
                <Text fw={750} fz={18}>
                  {t('app.name')}
                </Text>
                <Text fz={12}>{t('app.fullTitle')}</Text>
              </Box>
            </Group>
            <LanguageSwitch inverted />
          </Group>
        </div>
        <Group justify="flex-end" p="lg" visibleFrom="md">
          <LanguageSwitch />
        </Group>
        <div className="signin-form-wrap">
          <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 36 }} w="100%" maw={420}>
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                <div>
                  <Title order={1} fz={26}>
                    {t('signIn.title')}
                  </Title>
                  <Text c="dimmed" size="sm" mt={4}>
                    {t('signIn.subtitle')}
                  </Text>
                </div>
                {expired && !failure && (
                  <Alert color="amber" variant="light" icon={<IconInfo />} role="status">
                    {t('signIn.expired')}
                  </Alert>
                )}
                {signedOut && !expired && !failure && (
                  <Alert color="ytcs" variant="light" icon={<IconInfo />} role="status">
                    {t('signIn.signedOut')}
                  </Alert>
                )}
                {failure && (
                  <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
                    {failure}
                  </Alert>
                )}
                <TextInput
                  label={t('signIn.username')}
                  name="username"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  value={username}
                  onChange={(e) => setUsername(e.currentTarget.value)}
                  error={touched && !username.trim() ? t('signIn.usernameRequired') : undefined}
                  aria-required
                  size="md"
                  data-autofocus
                  autoFocus
                />
                <PasswordInput
                  label={t('signIn.password')}
                  name="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={touched && !password ? t('signIn.passwordRequired') : undefined}
                  aria-required
                  size="md"
                  visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
                />
                <Button type="submit" size="md" fullWidth loading={signIn.isPending} mt="xs">
                  {t('signIn.submit')}
                </Button>
              </Stack>
            </form>
          </Paper>
        </div>
      </main>
    </div>
  );
}
