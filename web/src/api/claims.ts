/**
 * The claims module's monthly check and downloads for the web app: the check listed by visit, the
 * claim XML (GIAMDINHHS) of the accepted visits. Types only from the server's contracts.
 */
import { useQuery } from '@tanstack/react-query';
import type { ClaimMonthCheck } from '../../../src/modules/claims/contracts';
import { api, query } from './client';

export type { ClaimIssue, ClaimMonthCheck, ClaimVisitCheck } from '../../../src/modules/claims/contracts';

export interface ClaimRun {
  facility: string;
  month: string;
  /** MA_TTDV: the station head's 10-digit social-insurance number. */
  head?: string | undefined;
}

const params = (run: ClaimRun) =>
  query({ facility: run.facility, month: run.month, head: run.head || undefined });

/** The month's check by visit; runs when asked (`run` set), not on every change of the form. */
export function useClaimCheck(run: ClaimRun | null) {
  return useQuery({
    queryKey: ['claims', 'check', run] as const,
    queryFn: () => api.get<ClaimMonthCheck>(`/claims/check/visits${params(run!)}`),
    enabled: run !== null,
  });
}

/** The claim XML of the month (the accepted visits only), as a download. */
export function claimXmlUrl(run: ClaimRun): string {
  return `/api/v1/claims/xml${params(run)}`;
}
