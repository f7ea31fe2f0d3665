/**
 * Likely duplicates and merges (people module) for the web app: the pairs of a commune, marking a pair
 * as different people, merging, the merges of the area and their undoing. Types only from the
 * server's contracts.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DismissalInArea,
  DismissalOut,
  DuplicatePairsOut,
  MergeInArea,
  MergeOut,
} from '../../../src/modules/people/duplicates/contracts';
import { api, query } from './client';
import type { Page } from './types';

export type {
  DismissalInArea,
  DuplicatePair,
  DuplicatePairsOut,
  MergeInArea,
  PairMember,
} from '../../../src/modules/people/duplicates/contracts';

const duplicateKeys = {
  pairs: (unit: string) => ['duplicates', 'pairs', unit] as const,
  merges: (unit: string, offset: number) => ['duplicates', 'merges', unit, offset] as const,
  dismissals: (unit: string, offset: number) => ['duplicates', 'dismissals', unit, offset] as const,
  visits: (id: string) => ['duplicates', 'visits', id] as const,
};

/** The likely duplicate pairs of a commune or hamlet, most likely first. */
export function useDuplicatePairs(unit: string | undefined) {
  return useQuery({
    queryKey: duplicateKeys.pairs(unit ?? ''),
    queryFn: () => api.get<DuplicatePairsOut>(`/duplicates${query({ unit })}`),
    enabled: Boolean(unit),
  });
}

/** The merges of the area, newest first (undone ones included). */
export function useAreaMerges(unit: string | undefined, offset: number, limit = 20) {
  return useQuery({
    queryKey: duplicateKeys.merges(unit ?? '', offset),
    queryFn: () => api.get<Page<MergeInArea>>(`/merges${query({ unit, limit, offset })}`),
    enabled: Boolean(unit),
    placeholderData: keepPreviousData,
  });
}

/** The pairs of the area marked as different people, newest first. */
export function useAreaDismissals(unit: string | undefined, offset: number, limit = 20) {
  return useQuery({
    queryKey: duplicateKeys.dismissals(unit ?? '', offset),
    queryFn: () => api.get<Page<DismissalInArea>>(`/duplicates/dismissals${query({ unit, limit, offset })}`),
    enabled: Boolean(unit),
    placeholderData: keepPreviousData,
  });
}

/** How many visits a person has on record (the total of their visit history). */
export function useVisitCount(residentId: string | undefined) {
  return useQuery({
    queryKey: duplicateKeys.visits(residentId ?? ''),
    queryFn: async () =>
      (await api.get<Page<unknown>>(`/visits${query({ resident: residentId, limit: 1 })}`)).total,
    enabled: Boolean(residentId),
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['duplicates'] }),
      client.invalidateQueries({ queryKey: ['residents'] }),
      client.invalidateQueries({ queryKey: ['households'] }),
    ]);
}

export function useMergeResidents() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { survivorId: string; duplicateId: string; reason: string }) =>
      api.post<MergeOut>(`/residents/${input.survivorId}/merge`, {
        duplicateId: input.duplicateId,
        reason: input.reason,
      }),
    onSuccess: invalidate,
  });
}

export function useUnmergeResident() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { mergedId: string; reason: string }) =>
      api.post<MergeOut>(`/residents/${input.mergedId}/unmerge`, { reason: input.reason }),
    onSuccess: invalidate,
  });
}

export function useDismissDuplicate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { firstId: string; secondId: string; reason: string }) =>
      api.post<DismissalOut>('/duplicates/dismissals', input),
    onSuccess: invalidate,
  });
}

export function useUndoDismissal() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api.delete<null>(`/duplicates/dismissals/${id}`),
    onSuccess: invalidate,
  });
}
