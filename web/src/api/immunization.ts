/**
 * The immunization module's API (tiêm chủng): the child's card, doses, conditions, adverse events, the
 * session day's list and its recording, the schedule. Types only from the server's contracts.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AefiInput,
  AefiOut,
  CardOut,
  DoseInput,
  ScheduleOut,
  SessionListOut,
  SessionRecordInput,
} from '../../../src/modules/immunization/contracts';
import { api, query } from './client';

export type {
  AefiOut,
  CardOut,
  DoseInput,
  SessionListOut,
} from '../../../src/modules/immunization/contracts';

export const immunizationKeys = {
  card: (id: string) => ['immunization', 'card', id] as const,
  session: (unit: string, on: string) => ['immunization', 'session', unit, on] as const,
  schedule: ['immunization', 'schedule'] as const,
};

export function useImmunizationCard(residentId: string) {
  return useQuery({
    queryKey: immunizationKeys.card(residentId),
    queryFn: () => api.get<CardOut>(`/residents/${residentId}/immunization`),
  });
}

export function useSchedule() {
  return useQuery({
    queryKey: immunizationKeys.schedule,
    queryFn: () => api.get<ScheduleOut>('/immunization/schedule'),
    staleTime: 10 * 60_000,
  });
}

/** A write changes the card, the session lists and the worklist: all are asked again. */
function useInvalidate() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['immunization'] });
    void client.invalidateQueries({ queryKey: ['worklist'] });
  };
}

export function useRecordDoses(residentId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (doses: DoseInput[]) => api.post<CardOut>(`/residents/${residentId}/vaccinations`, { doses }),
    onSuccess: invalidate,
  });
}

export function useReportAefi() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: AefiInput) => api.post<AefiOut>('/immunization/aefi', input),
    onSuccess: invalidate,
  });
}

export function useSessionList(unit: string, on: string) {
  return useQuery({
    queryKey: immunizationKeys.session(unit, on),
    queryFn: () => api.get<SessionListOut>(`/immunization/session${query({ unit, on })}`),
    staleTime: 0,
  });
}

export function useRecordSession() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: SessionRecordInput) => api.post<{ recorded: number }>('/immunization/session', input),
    onSuccess: invalidate,
  });
}
