/** Family-doctor practices (familydoctor module, issue 17). Types only from the server's contracts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PracticeOut } from '../../../src/modules/familydoctor/contracts';
import { api, query } from './client';

export type { PracticeOut } from '../../../src/modules/familydoctor/contracts';

export function usePractices(unit: string | undefined) {
  return useQuery({
    queryKey: ['family-practices', unit],
    queryFn: () => api.get<{ items: PracticeOut[] }>(`/family-practices${query({ unit })}`),
    enabled: !!unit,
  });
}

export function useOpenPractice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      name: string;
      kind: 'station' | 'private';
      facilityId?: string | null;
      unitCode: string;
      openedOn: string;
    }) => api.post<PracticeOut>('/family-practices', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['family-practices'] }),
  });
}

export function useAddPracticeDoctor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; fullName: string; fromDay: string }) =>
      api.post<PracticeOut>(`/family-practices/${id}/doctors`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['family-practices'] }),
  });
}
