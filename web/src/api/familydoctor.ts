/** Family-doctor practices (familydoctor module, issue 17). Types only from the server's contracts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PanelMemberOut, PracticeOut } from '../../../src/modules/familydoctor/contracts';
import { api, query } from './client';

export type { PanelMemberOut, PracticeOut } from '../../../src/modules/familydoctor/contracts';

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

/** A practice's panel: the residents on it today, or every registration (`all`). */
export function usePanel(practiceId: string, all: boolean, enabled = true) {
  return useQuery({
    queryKey: ['family-practices', 'panel', practiceId, all],
    queryFn: () =>
      api.get<{ items: PanelMemberOut[] }>(`/family-practices/${practiceId}/panel${query({ all })}`),
    enabled,
  });
}

export function useRegisterOnPanel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...input
    }: {
      id: string;
      residentId: string;
      contractNo?: string;
      registeredOn: string;
    }) => api.post(`/family-practices/${id}/panel`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['family-practices'] }),
  });
}

export function useEndRegistration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, endedOn }: { id: string; endedOn: string }) =>
      api.post<PanelMemberOut>(`/family-panel/${id}/end`, { endedOn }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['family-practices'] }),
  });
}
