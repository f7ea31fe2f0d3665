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
  LotImportOut,
  LotInput,
  LotOut,
  ScheduleOut,
  SessionListOut,
  SessionRecordInput,
  VialUseInput,
  VialUseOut,
} from '../../../src/modules/immunization/contracts';
import { api, query } from './client';

export type {
  AefiOut,
  CardOut,
  DoseInput,
  LotImportOut,
  LotOut,
  SessionListOut,
  VialUseOut,
} from '../../../src/modules/immunization/contracts';

export const immunizationKeys = {
  card: (id: string) => ['immunization', 'card', id] as const,
  session: (unit: string, on: string) => ['immunization', 'session', unit, on] as const,
  schedule: ['immunization', 'schedule'] as const,
  lots: (scope: Record<string, string | undefined>) => ['immunization', 'lots', scope] as const,
  vialUse: (unit: string, month: string) => ['immunization', 'vial-use', unit, month] as const,
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

/** A province's list of vaccine lots: of a unit's province (`unit`), or a named province (`province`). */
export function useLots(scope: { unit?: string; province?: string; usableOn?: string }, enabled = true) {
  return useQuery({
    queryKey: immunizationKeys.lots(scope),
    queryFn: () => api.get<LotOut[]>(`/immunization/lots${query(scope)}`),
    enabled,
  });
}

export function useAddLot() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: LotInput) => api.post<LotOut>('/immunization/lots', input),
    onSuccess: invalidate,
  });
}

export function useImportLots() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { fileName: string; contentBase64: string; dryRun: boolean; province?: string }) =>
      api.post<LotImportOut>('/immunization/lots/import', input),
    onSuccess: invalidate,
  });
}

/** A month's vial use and wastage of a commune (the session day's page shows its day). */
export function useVialUse(unit: string, month: string) {
  return useQuery({
    queryKey: immunizationKeys.vialUse(unit, month),
    queryFn: () => api.get<VialUseOut>(`/immunization/vial-use${query({ unit, month })}`),
  });
}

export function useRecordVialUse() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: VialUseInput) => api.post<VialUseOut>('/immunization/vial-use', input),
    onSuccess: invalidate,
  });
}
