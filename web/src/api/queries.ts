import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './client';
import type {
  CodeValue,
  FacilityOut,
  HamletInput,
  HamletPatch,
  Page,
  StaffInput,
  StaffOut,
  StaffPatch,
  UnitOut,
  UnitOverview,
  UnitWithAncestors,
} from './types';

export const keys = {
  me: ['me'] as const,
  unit: (code: string) => ['unit', code] as const,
  overview: (code: string) => ['overview', code] as const,
  unitSearch: (q: string) => ['unit-search', q] as const,
  hamlets: (commune: string) => ['hamlets', commune] as const,
  facility: (id: string) => ['facility', id] as const,
  facilities: (unit: string) => ['facilities', unit] as const,
  staffList: (filter: StaffFilter) => ['staff', 'list', filter] as const,
  staff: (id: string) => ['staff', 'one', id] as const,
  codes: (system: string) => ['codes', system] as const,
};

export function useUnit(code: string | undefined) {
  return useQuery({
    queryKey: keys.unit(code ?? ''),
    queryFn: () => api.get<UnitWithAncestors>(`/units/${code}`),
    enabled: !!code,
    staleTime: 5 * 60_000,
  });
}

/** A unit at a glance: sub-units, stations, hamlets and staff counts. */
export function useOverview(code: string | undefined) {
  return useQuery({
    queryKey: keys.overview(code ?? ''),
    queryFn: () => api.get<UnitOverview>(`/units/${code}/overview`),
    enabled: !!code,
  });
}

/** Units whose name matches `q` without diacritics ("quang ninh" → "Quảng Ninh"), or a code. */
export function useUnitSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: keys.unitSearch(text),
    queryFn: ({ signal }) => api.get<Page<UnitOut>>(`/units${query({ q: text, limit: 12 })}`, { signal }),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

/** The hamlets of a commune, ended ones included (they keep their history). */
export function useHamlets(commune: string | undefined) {
  return useQuery({
    queryKey: keys.hamlets(commune ?? ''),
    queryFn: () =>
      api.get<Page<UnitOut>>(`/units${query({ parent: commune, level: 'hamlet', all: true, limit: 500 })}`),
    enabled: !!commune,
  });
}

export function useFacility(id: string | undefined) {
  return useQuery({
    queryKey: keys.facility(id ?? ''),
    queryFn: () => api.get<FacilityOut>(`/facilities/${id}`),
    enabled: !!id,
  });
}

export function useFacilities(unit: string | undefined) {
  return useQuery({
    queryKey: keys.facilities(unit ?? ''),
    queryFn: () => api.get<Page<FacilityOut>>(`/facilities${query({ unit, limit: 500 })}`),
    enabled: !!unit,
    staleTime: 60_000,
  });
}

interface StaffFilter {
  unit?: string | undefined;
  facility?: string | undefined;
  title?: string | undefined;
  q?: string | undefined;
  all?: boolean | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export function useStaffList(filter: StaffFilter, enabled = true) {
  return useQuery({
    queryKey: keys.staffList(filter),
    queryFn: () => api.get<Page<StaffOut>>(`/staff${query({ limit: 50, ...filter })}`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useStaffMember(id: string | undefined) {
  return useQuery({
    queryKey: keys.staff(id ?? ''),
    queryFn: () => api.get<StaffOut>(`/staff/${id}`),
    enabled: !!id,
  });
}

/** A code list, as valid today (professional titles: `staff-title`). */
export function useCodes(system: string) {
  return useQuery({
    queryKey: keys.codes(system),
    queryFn: () => api.get<CodeValue[]>(`/codes/${system}`),
    staleTime: Infinity,
  });
}

function useInvalidateNetwork() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      ['overview', 'staff', 'hamlets', 'facility', 'unit'].map((k) =>
        client.invalidateQueries({ queryKey: [k] }),
      ),
    );
}

export function useCreateStaff() {
  const invalidate = useInvalidateNetwork();
  return useMutation({
    mutationFn: (input: StaffInput) => api.post<StaffOut>('/staff', input),
    onSuccess: invalidate,
  });
}

export function useUpdateStaff(id: string) {
  const invalidate = useInvalidateNetwork();
  return useMutation({
    mutationFn: (patch: StaffPatch) => api.patch<StaffOut>(`/staff/${id}`, patch),
    onSuccess: invalidate,
  });
}

export function useCreateHamlet(commune: string) {
  const invalidate = useInvalidateNetwork();
  return useMutation({
    mutationFn: (body: HamletInput) => api.post<UnitOut>(`/units/${commune}/hamlets`, body),
    onSuccess: invalidate,
  });
}

export function useUpdateHamlet() {
  const invalidate = useInvalidateNetwork();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: HamletPatch }) =>
      api.patch<UnitOut>(`/hamlets/${code}`, body),
    onSuccess: invalidate,
  });
}
