import { Center, Loader } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError, api, onUnauthorized, setCsrfToken } from '../api/client';
import { keys } from '../api/queries';
import type { LoginInput, MeOut, Permission } from '../api/types';

const EXPIRED_KEY = 'ytcs.expired';

async function fetchMe(): Promise<MeOut | null> {
  try {
    const me = await api.get<MeOut>('/auth/me', { quiet401: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

/** The signed-in user (null when signed out); asked once per page load, then kept. */
export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: Infinity, retry: 1 });
}

/** The signed-in user, for pages under <RequireAuth> (which waits until it is known). */
export function useUser(): MeOut {
  const { data } = useMe();
  if (!data) throw new Error('useUser outside RequireAuth');
  return data;
}

export function can(user: MeOut | null | undefined, permission: Permission): boolean {
  return !!user?.permissions.includes(permission);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<MeOut>('/auth/login', input, { quiet401: true }),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      sessionStorage.removeItem(EXPIRED_KEY);
      client.clear();
      client.setQueryData(keys.me, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    try {
      await api.post('/auth/logout', undefined, { quiet401: true });
    } catch {
      // Signed out already or the server is away: forget the session here anyway.
    }
    setCsrfToken(null);
    client.clear();
    client.setQueryData(keys.me, null);
  };
}

/** True once after the server ended the session (shown on the sign-in page). */
export function takeExpiredFlag(): boolean {
  try {
    const expired = sessionStorage.getItem(EXPIRED_KEY) === '1';
    sessionStorage.removeItem(EXPIRED_KEY);
    return expired;
  } catch {
    return false;
  }
}

/** When any request answers 401, the session is over: forget the user; <RequireAuth> takes it from there. */
export function SessionWatcher() {
  const client = useQueryClient();
  useEffect(
    () =>
      onUnauthorized(() => {
        if (!client.getQueryData(keys.me)) return;
        try {
          sessionStorage.setItem(EXPIRED_KEY, '1');
        } catch {
          // ignore
        }
        setCsrfToken(null);
        client.setQueryData(keys.me, null);
      }),
    [client],
  );
  return null;
}

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="100dvh" role="status" aria-live="polite">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** Pages behind sign-in: send the user to the sign-in page, then back to where they were. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageLoader />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
