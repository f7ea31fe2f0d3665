import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, query } from './client';
import type {
  CodeOut,
  FacilityOut,
  OverviewStation,
  Page,
  StaffInput,
  StaffOut,
  StaffPatch,
  UnitOut,
  UnitOverview,
  UnitWithAncestors,
} from './types';

const DOCTOR_TITLES = new Set(['doctor', 'preventive_doctor', 'traditional_medicine_doctor']);

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

/**
 * A unit at a glance. Servers without the overview route get one assembled from the list endpoints
 * (capped at 500 rows each, so it is marked approximate).
 */
export async function fetchOverview(code: string): Promise<UnitOverview> {
  try {
    return await api.get<UnitOverview>(`/units/${code}/overview`);
  } catch (err) {
    if (!(err instanceof ApiError) || !err.isMissingRoute) throw err;
  }
  const unit = await api.get<UnitWithAncestors>(`/units/${code}`);
  const commune = unit.level === 'commune';
  const [children, facilities, staff, hamlets] = await Promise.all([
    commune
      ? { items: [] as UnitOut[] }
      : api.get<Page<UnitOut>>(`/units${query({ parent: code, limit: 500 })}`),
    api.get<Page<FacilityOut>>(`/facilities${query({ unit: code, kind: 'commune_station', limit: 500 })}`),
    api.get<Page<StaffOut>>(`/staff${query({ unit: code, limit: 500 })}`),
    commune
      ? api.get<Page<UnitOut>>(`/units${query({ parent: code, level: 'hamlet', all: true, limit: 500 })}`)
      : { items: [] as UnitOut[] },
  ]);
  const stations: OverviewStation[] = facilities.items.map((f) => {
    const own = staff.items.filter((s) => s.facilityId === f.id);
    const doctors = own.filter((s) => DOCTOR_TITLES.has(s.title));
    return {
      id: f.id,
      code: f.code,
      name: f.name,
      stationModel: f.stationModel,
      unitCode: f.unitCode,
      unitName: f.unitName,
      staffCount: own.length,
      doctorCount: doctors.length,
      hasFullTimeDoctor: doctors.some((s) => s.fullTime),
    };
  });
  const vhws = staff.items.filter((s) => s.title === 'village_health_worker' && s.hamletId);
  const hamletRows = hamlets.items.map((h) => {
    const workers = vhws.filter((s) => s.hamletId === h.id);
    return {
      id: h.id,
      code: h.code,
      name: h.name,
      fullName: h.fullName,
      unitType: h.unitType,
      validTo: h.validTo,
      hasVillageHealthWorker: workers.some((s) => s.trained),
      villageHealthWorkers: workers.map((s) => s.fullName),
    };
  });
  const under = (path: string) => (p: string) => p === path || p.startsWith(`${path}.`);
  return {
    unit,
    approximate: true,
    children: children.items.map((c) => {
      const inChild = under(c.path);
      const childStations = stations.filter((s) =>
        facilities.items.some((f) => f.id === s.id && inChild(f.unitPath)),
      );
      return {
        unit: c,
        stations: childStations.length,
        stationsWithDoctor: childStations.filter((s) => s.hasFullTimeDoctor).length,
        hamlets: c.childCount ?? 0,
        hamletsWithVhw: 0,
        staff: staff.items.filter((s) => inChild(s.unitPath)).length,
      };
    }),
    stations,
    hamlets: hamletRows,
    totals: {
      stations: facilities.total,
      stationsWithDoctor: stations.filter((s) => s.hasFullTimeDoctor).length,
      hamlets: commune ? hamletRows.filter((h) => !h.validTo).length : 0,
      hamletsWithVhw: hamletRows.filter((h) => !h.validTo && h.hasVillageHealthWorker).length,
      staff: staff.total,
    },
  };
}

export function useOverview(code: string | undefined) {
  return useQuery({
    queryKey: keys.overview(code ?? ''),
    queryFn: () => fetchOverview(code!),
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

export interface StaffFilter {
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
    queryFn: () => api.get<CodeOut[]>(`/codes/${system}`),
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

export interface HamletBody {
  name?: string;
  unitType?: string;
  population?: number | null;
  validFrom?: string;
  validTo?: string | null;
}

export function useCreateHamlet(commune: string) {
  const invalidate = useInvalidateNetwork();
  return useMutation({
    mutationFn: (body: HamletBody) => api.post<UnitOut>(`/units/${commune}/hamlets`, body),
    onSuccess: invalidate,
  });
}

export function useUpdateHamlet() {
  const invalidate = useInvalidateNetwork();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: HamletBody }) =>
      api.patch<UnitOut>(`/hamlets/${code}`, body),
    onSuccess: invalidate,
  });
}
