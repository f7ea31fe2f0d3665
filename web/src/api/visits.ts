/**
 * The visits module's API (khám bệnh tại trạm: visits, their versions, ICD-10, the catalogue, the
 * station's services) and register A1 from the claims module, for the web app. Types only from the
 * server's contracts: zod stays in the pages that validate forms.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { A1Register } from '../../../src/modules/claims/contracts';
import type {
  CatalogueItemOut,
  CatalogueKind,
  Icd10Out,
  StationServicesOut,
  VisitDetail,
  VisitInput,
  VisitPreview,
  VisitSaved,
  VisitStatus,
  VisitSummary,
  VisitUpdate,
  VisitVersionOut,
} from '../../../src/modules/visits/contracts';
import { api, query } from './client';
import type { Page } from './types';

export type {
  CatalogueItemOut,
  PaymentOut,
  VisitDetail,
  VisitOut,
  VisitStatus,
  VisitSummary,
} from '../../../src/modules/visits/contracts';

interface VisitFilter {
  facility?: string | undefined;
  resident?: string | undefined;
  date?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: VisitStatus | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

const visitKeys = {
  list: (filter: VisitFilter) => ['visits', 'list', filter] as const,
  one: (id: string) => ['visits', 'one', id] as const,
  version: (id: string, version: number) => ['visits', 'version', id, version] as const,
  icd10: (q: string, on: string) => ['icd10', q, on] as const,
  catalogue: (kind: CatalogueKind, q: string, on: string) => ['catalogue', kind, q, on] as const,
  stationServices: (facility: string, on: string) => ['station-services', facility, on] as const,
  a1: (facility: string, month: string) => ['registers', 'a1', facility, month] as const,
};

/** A facility's visits of a day, a person's history, or a date range; newest first. */
export function useVisits(filter: VisitFilter, enabled = true) {
  return useQuery({
    queryKey: visitKeys.list(filter),
    queryFn: () => api.get<Page<VisitSummary>>(`/visits${query({ limit: 50, ...filter })}`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useVisit(id: string | undefined) {
  return useQuery({
    queryKey: visitKeys.one(id ?? ''),
    queryFn: () => api.get<VisitDetail>(`/visits/${id}`),
    enabled: !!id,
  });
}

/** The full last visit of a person, to prefill a follow-up (null when there is none). */
export async function fetchLastVisit(residentId: string): Promise<VisitDetail | null> {
  const page = await api.get<Page<VisitSummary>>(
    `/visits${query({ resident: residentId, status: 'finished', limit: 1 })}`,
  );
  const last = page.items[0];
  return last ? api.get<VisitDetail>(`/visits/${last.id}`) : null;
}

export function useVisitVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: visitKeys.version(id, version ?? 0),
    queryFn: () => api.get<VisitVersionOut>(`/visits/${id}/versions/${version}`),
    enabled: version != null,
    staleTime: Infinity,
  });
}

/** ICD-10 codes valid on a day by code prefix or title words. */
export function useIcd10Search(q: string, on: string) {
  const text = q.trim();
  return useQuery({
    queryKey: visitKeys.icd10(text, on),
    queryFn: ({ signal }) => api.get<Icd10Out[]>(`/icd10${query({ q: text, on, limit: 15 })}`, { signal }),
    enabled: text.length >= 1,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

/** Drugs, services or supplies of the catalogue valid on a day. */
export function useCatalogue(kind: CatalogueKind, q: string, on: string, enabled = true) {
  const text = q.trim();
  return useQuery({
    queryKey: visitKeys.catalogue(kind, text, on),
    queryFn: ({ signal }) =>
      api.get<CatalogueItemOut[]>(`/catalogue${query({ kind, on, q: text || undefined, limit: 50 })}`, {
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

/** The listed services and which of them the station can perform. */
export function useStationServices(facility: string | undefined, on: string) {
  return useQuery({
    queryKey: visitKeys.stationServices(facility ?? '', on),
    queryFn: () => api.get<StationServicesOut>(`/station-services/${facility}${query({ on })}`),
    enabled: !!facility,
    staleTime: 5 * 60_000,
  });
}

function useInvalidateVisits() {
  const client = useQueryClient();
  return () =>
    Promise.all(['visits', 'registers', 'residents'].map((k) => client.invalidateQueries({ queryKey: [k] })));
}

export function useCreateVisit() {
  const client = useQueryClient();
  const invalidate = useInvalidateVisits();
  return useMutation({
    mutationFn: (input: VisitInput) => api.post<VisitSaved>('/visits', input),
    onSuccess: (saved) => {
      client.setQueryData(visitKeys.one(saved.id), saved);
      void invalidate();
    },
  });
}

/** A new version of a visit (a correction when it is finished); 409 when `baseVersion` is stale. */
export function useUpdateVisit(id: string) {
  const client = useQueryClient();
  const invalidate = useInvalidateVisits();
  return useMutation({
    mutationFn: (update: VisitUpdate) => api.put<VisitSaved>(`/visits/${id}`, update),
    onSuccess: (saved) => {
      client.setQueryData(visitKeys.one(id), saved);
      void invalidate();
    },
  });
}

/** The register's file links (the browser downloads them with the session cookie). */
export function a1FileUrl(format: 'xlsx' | 'pdf', facility: string, month: string): string {
  return `/api/v1/registers/a1.${format}${query({ facility, month })}`;
}

export function useA1Register(facility: string | undefined, month: string) {
  return useQuery({
    queryKey: visitKeys.a1(facility ?? '', month),
    queryFn: () => api.get<A1Register>(`/registers/a1${query({ facility, month })}`),
    enabled: !!facility,
    placeholderData: keepPreviousData,
  });
}

/**
 * What the visit being typed would cost and who pays (POST /visits/preview): nothing is saved. The
 * body is the form's, debounced by the caller; a body the server refuses simply shows no estimate.
 */
export function useVisitPreview(body: VisitInput | null) {
  const key = body ? JSON.stringify(body) : null;
  return useQuery({
    queryKey: ['visit-preview', key],
    queryFn: () => api.post<VisitPreview>('/visits/preview', body),
    enabled: !!body,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}
