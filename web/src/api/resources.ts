/**
 * The network's resources (issue 17): a facility's building, beds and equipment inventory, investment
 * projects, and the plans with their targets and reviews. Types only from the server's contracts.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  bedsHistory,
  BedsOut,
  buildingHistory,
  BuildingInput,
  BuildingOut,
  InventoryInput,
  InventoryOut,
  ethnicMinorityList,
  LoadResult,
  projectList,
  ProjectOut,
} from '../../../src/modules/resources/contracts';
import type {
  PlanInput,
  planList,
  PlanOut,
  PlanProgressOut,
  PlanUpdate,
} from '../../../src/modules/plans/contracts';
import { api, query } from './client';

export type {
  BedsOut,
  BuildingOut,
  InventoryItemOut,
  InventoryOut,
  ProjectOut,
} from '../../../src/modules/resources/contracts';
export type {
  PlanInput,
  PlanOut,
  PlanProgressOut,
  PlanUpdate,
  TargetProgress,
} from '../../../src/modules/plans/contracts';
export type { LoadResult } from '../../../src/modules/resources/contracts';

const keys = {
  building: (id: string) => ['resources', 'building', id] as const,
  beds: (id: string) => ['resources', 'beds', id] as const,
  equipment: (id: string) => ['resources', 'equipment', id] as const,
  projects: (unit?: string, facility?: string) =>
    ['resources', 'projects', unit ?? '', facility ?? ''] as const,
  plans: (unit?: string) => ['plans', 'list', unit ?? ''] as const,
  plan: (id: string) => ['plans', 'plan', id] as const,
  progress: (id: string, period: string) => ['plans', 'progress', id, period] as const,
};

export function useBuilding(facilityId: string) {
  return useQuery({
    queryKey: keys.building(facilityId),
    queryFn: () => api.get<z.infer<typeof buildingHistory>>(`/facilities/${facilityId}/building`),
  });
}

export function useRecordBuilding(facilityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: BuildingInput) => api.post<BuildingOut>(`/facilities/${facilityId}/building`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.building(facilityId) }),
  });
}

export function useBeds(facilityId: string) {
  return useQuery({
    queryKey: keys.beds(facilityId),
    queryFn: () => api.get<z.infer<typeof bedsHistory>>(`/facilities/${facilityId}/beds`),
  });
}

export function useRecordBeds(facilityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { fromDay: string; beds: number; note?: string | null }) =>
      api.post<BedsOut>(`/facilities/${facilityId}/beds`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.beds(facilityId) }),
  });
}

export function useEquipment(facilityId: string) {
  return useQuery({
    queryKey: keys.equipment(facilityId),
    queryFn: () => api.get<InventoryOut>(`/facilities/${facilityId}/equipment`),
  });
}

export function useRecordInventory(facilityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: InventoryInput) =>
      api.post<InventoryOut>(`/facilities/${facilityId}/equipment`, input),
    onSuccess: (data) => client.setQueryData(keys.equipment(facilityId), data),
  });
}

export function useProjects(unit?: string, facility?: string) {
  return useQuery({
    queryKey: keys.projects(unit, facility),
    enabled: !!(unit || facility),
    queryFn: () => api.get<z.infer<typeof projectList>>(`/investment-projects${query({ unit, facility })}`),
  });
}

export function useAddDisbursement(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { paidOn: string; amount: number; note?: string | null }) =>
      api.post<ProjectOut>(`/investment-projects/${projectId}/disbursements`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['resources', 'projects'] }),
  });
}

export function usePlans(unit?: string) {
  return useQuery({
    queryKey: keys.plans(unit),
    enabled: !!unit,
    queryFn: () => api.get<z.infer<typeof planList>>(`/plans${query({ unit })}`),
  });
}

export function usePlan(id: string | undefined) {
  return useQuery({
    queryKey: keys.plan(id ?? ''),
    enabled: !!id,
    queryFn: () => api.get<PlanOut>(`/plans/${id}`),
  });
}

export function usePlanProgress(id: string | undefined, period: string) {
  return useQuery({
    queryKey: keys.progress(id ?? '', period),
    enabled: !!id,
    queryFn: () => api.get<PlanProgressOut>(`/plans/${id}/progress${query({ period })}`),
  });
}

export function useCreatePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanInput) => api.post<PlanOut>('/plans', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plans'] }),
  });
}

export function useUpdatePlan(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanUpdate) => api.put<PlanOut>(`/plans/${id}`, input),
    onSuccess: (data) => {
      client.setQueryData(keys.plan(id), data);
      void client.invalidateQueries({ queryKey: ['plans', 'list'] });
      void client.invalidateQueries({ queryKey: ['plans', 'progress', id] });
    },
  });
}

// ---------------------------------------------------------------- the administrator's tables

export interface EquipmentListOut {
  version: number;
  validFrom: string;
  source: string;
  items: {
    code: string;
    group: string;
    nameVi: string;
    nameEn: string;
    unit: string;
    qty: { 1: number; 2: number; 3: number };
    checked: boolean;
  }[];
}

export function useEquipmentListCurrent() {
  return useQuery({
    queryKey: ['resources', 'equipment-list'],
    queryFn: () => api.get<EquipmentListOut | null>('/equipment-lists/current'),
  });
}

/** A new version of the equipment list from a CSV or XLSX file (dryRun: check only). */
export function loadEquipmentList(input: {
  fileName: string;
  contentBase64: string;
  dryRun: boolean;
  validFrom: string;
  source: string;
}) {
  return api.post<LoadResult>('/equipment-lists', input);
}

export function useEthnicMinorityCommunes(unit?: string) {
  return useQuery({
    queryKey: ['resources', 'ethnic-minority', unit ?? ''],
    queryFn: () => api.get<z.infer<typeof ethnicMinorityList>>(`/ethnic-minority-communes${query({ unit })}`),
  });
}

/** Ethnic-minority communes from a CSV or XLSX file (dryRun: check only). */
export function loadEthnicMinorityCommunes(input: {
  fileName: string;
  contentBase64: string;
  dryRun: boolean;
}) {
  return api.post<LoadResult>('/ethnic-minority-communes', input);
}
