/**
 * Satisfaction surveys (satisfaction module, issue 17): the stations' public links, their results, and
 * the public form (no sign-in). Types only from the server's contracts.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { PublicSurvey, StationResults, SurveyLink } from '../../../src/modules/satisfaction/contracts';
import { api, ApiError, query } from './client';
import type { Problem } from './types';

export type { PublicSurvey, StationResults, SurveyLink } from '../../../src/modules/satisfaction/contracts';

export function useSurveyLink(facilityId: string | undefined) {
  return useQuery({
    queryKey: ['satisfaction', 'link', facilityId],
    queryFn: () => api.post<SurveyLink>(`/satisfaction/stations/${facilityId}/link`, undefined),
    enabled: !!facilityId,
    staleTime: Infinity,
  });
}

export function useStationResults(facilityId: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: ['satisfaction', 'results', facilityId, from, to],
    queryFn: () =>
      api.get<StationResults>(`/satisfaction/stations/${facilityId}/results${query({ from, to })}`),
    enabled: !!facilityId,
  });
}

/** The public form: opened once per page load (each opening hands out a new one-answer token). */
export function usePublicSurvey(key: string | undefined) {
  return useQuery({
    queryKey: ['public-survey', key],
    queryFn: () => api.get<PublicSurvey>(`/public/surveys/${key}`, { quiet401: true }),
    enabled: !!key,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/**
 * Sends the public answer without the browser's cookies: a staff member signed in on the same phone
 * would otherwise send a session cookie without its CSRF header and be refused.
 */
async function postPublic<T>(path: string, body: unknown): Promise<T> {
  const language = document.documentElement.lang || 'vi';
  const response = await fetch(`/api/v1${path}`, {
    method: 'POST',
    credentials: 'omit',
    headers: { Accept: 'application/json', 'Accept-Language': language, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok)
    throw new ApiError(
      data && typeof data === 'object' && 'status' in data
        ? (data as Problem)
        : { type: 'about:blank', title: response.statusText, status: response.status },
    );
  return data as T;
}

export function useAnswerSurvey(key: string) {
  return useMutation({
    mutationFn: (input: { token: string; answers: Record<string, number | null> }) =>
      postPublic<{ accepted: true }>(`/public/surveys/${key}/answers`, input),
  });
}
