/**
 * The surveillance API: notifiable diseases, case reports, weekly counts (the epidemic curve and the
 * counts by unit), outbreak alerts, health education sessions (A11) and the deaths register (A6).
 * Types only from the server's contracts (src/modules/surveillance/contracts.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AlertOut,
  CaseInput,
  CaseOut,
  CampaignOut,
  DiseaseDefinition,
  EducationFormat,
  RegisterA11,
  RegisterA6,
  SessionInput,
  SessionOut,
  WeeklyOut,
  alertActionInput,
  caseUpdateInput,
} from '../../../src/modules/surveillance/contracts';
import { api, query } from './client';
import type { Page } from './types';

export type {
  AlertOut,
  CaseInput,
  CaseOut,
  CampaignOut,
  DiseaseDefinition,
  EducationFormat,
  RegisterA11,
  RegisterA6,
  SessionInput,
  SessionOut,
  WeeklyOut,
} from '../../../src/modules/surveillance/contracts';
export { CASE_CLASSIFICATIONS, CASE_OUTCOMES, weekStart } from '../../../src/modules/surveillance/contracts';

type Disease = DiseaseDefinition & { version: string };

export function useDiseases() {
  return useQuery({
    queryKey: ['surveillance', 'diseases'],
    queryFn: () => api.get<Disease[]>('/surveillance/diseases'),
    staleTime: 60 * 60_000,
  });
}

export function useWeekly(unit: string | undefined, disease: string, from?: string, to?: string) {
  return useQuery({
    queryKey: ['surveillance', 'weekly', unit ?? '', disease, from ?? '', to ?? ''],
    queryFn: () => api.get<WeeklyOut>(`/surveillance/weekly${query({ unit, disease, from, to })}`),
    enabled: !!unit && !!disease,
  });
}

export function useCases(unit: string | undefined, disease?: string) {
  return useQuery({
    queryKey: ['surveillance', 'cases', unit ?? '', disease ?? ''],
    queryFn: () => api.get<Page<CaseOut>>(`/surveillance/cases${query({ unit, disease, limit: 20 })}`),
    enabled: !!unit,
  });
}

export function useReportCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseInput) => api.post<CaseOut>('/surveillance/cases', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['surveillance'] }),
  });
}

export function useAlerts(status?: AlertOut['status']) {
  return useQuery({
    queryKey: ['surveillance', 'alerts', status ?? ''],
    queryFn: () => api.get<Page<AlertOut>>(`/surveillance/alerts${query({ status, limit: 100 })}`),
    refetchInterval: 60_000,
  });
}

export function useActOnAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & z.input<typeof alertActionInput>) =>
      api.post<AlertOut>(`/surveillance/alerts/${id}`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['surveillance', 'alerts'] }),
  });
}

export function useFormats() {
  return useQuery({
    queryKey: ['surveillance', 'formats'],
    queryFn: () => api.get<EducationFormat[]>('/surveillance/education/formats'),
    staleTime: 60 * 60_000,
  });
}

export function useCampaigns() {
  return useQuery({
    queryKey: ['surveillance', 'campaigns'],
    queryFn: () => api.get<CampaignOut[]>('/surveillance/education/campaigns'),
  });
}

export function useRegisterA11(unit: string | undefined, month: string) {
  return useQuery({
    queryKey: ['surveillance', 'a11', unit ?? '', month],
    queryFn: () => api.get<RegisterA11>(`/surveillance/registers/a11${query({ unit, month })}`),
    enabled: !!unit,
  });
}

export function useRegisterA6(unit: string | undefined, month: string) {
  return useQuery({
    queryKey: ['surveillance', 'a6', unit ?? '', month],
    queryFn: () => api.get<RegisterA6>(`/surveillance/registers/a6${query({ unit, month })}`),
    enabled: !!unit,
  });
}

export function useCreateSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SessionInput) => api.post<SessionOut>('/surveillance/education/sessions', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['surveillance'] }),
  });
}

export const registerFileUrl = (
  register: 'a6' | 'a11',
  format: 'xlsx' | 'pdf',
  unit: string,
  month: string,
) => `/api/v1/surveillance/registers/${register}.${format}${query({ unit, month })}`;

export function useResidentCases(residentId: string) {
  return useQuery({
    queryKey: ['surveillance', 'resident', residentId],
    queryFn: () => api.get<CaseOut[]>(`/surveillance/residents/${residentId}/cases`),
  });
}

export function useCreateCampaign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { unitCode: string; name: string; startsOn: string; endsOn: string }) =>
      api.post<CampaignOut>('/surveillance/education/campaigns', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['surveillance', 'campaigns'] }),
  });
}

/** A case followed up: its laboratory classification, hospital stay and outcome (PATCH /surveillance/cases/:id). */
export function useUpdateCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.input<typeof caseUpdateInput> }) =>
      api.patch<CaseOut>(`/surveillance/cases/${id}`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['surveillance'] }),
  });
}
