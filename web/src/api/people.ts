/**
 * The people module's API (households, residents, insurance cards, life events, the 831 record) for
 * the web app. Types only from the server's contracts: zod stays in the pages that validate forms.
 */
import type { z } from 'zod';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  HealthRecordOut,
  HealthRecordReview,
  HealthRecordUpdate,
  HouseholdDetail,
  HouseholdInput,
  HouseholdOut,
  InsuranceCardInput,
  InsuranceCardOut,
  LifeEventOut,
  RecordVersionOut,
  ResidentOut,
  ResidentSearchPage,
} from '../../../src/modules/people/contracts';
import type {
  BirthInput,
  householdPatch,
  LifeEventInput,
  PlaceFound,
  residentInput,
  residentPatch,
  TransferInput,
} from '../../../src/modules/people/contracts';
import type { ImportJobOut } from '../../../src/modules/people/import/contracts';
import { ApiError, api, query } from './client';
import type { Page } from './types';

export type {
  HealthRecordDocument,
  HealthRecordOut,
  HealthRecordUpdate,
  HouseholdDetail,
  HouseholdInput,
  LifeEventOut,
  ResidentFound,
  ResidentOut,
  ResidentSummary,
} from '../../../src/modules/people/contracts';
export type { ImportJobOut } from '../../../src/modules/people/import/contracts';

const peopleKeys = {
  search: (unit: string, q: string) => ['residents', 'search', unit, q] as const,
  resident: (id: string) => ['residents', 'one', id] as const,
  cards: (id: string) => ['residents', 'cards', id] as const,
  events: (id: string) => ['residents', 'events', id] as const,
  record: (id: string) => ['residents', 'record', id] as const,
  version: (id: string, version: number) => ['residents', 'version', id, version] as const,
  households: (unit: string, q: string, offset: number) => ['households', 'list', unit, q, offset] as const,
  household: (id: string) => ['households', 'one', id] as const,
  importJob: (id: string) => ['imports', id] as const,
};

/** Residents matching `q` (≥ 2 characters) in a unit, best match first. */
export function useResidentSearch(unit: string | undefined, q: string, limit = 30) {
  const text = q.trim();
  return useQuery({
    queryKey: peopleKeys.search(unit ?? '', text),
    queryFn: ({ signal }) =>
      api.get<ResidentSearchPage>(`/residents${query({ q: text, unit, limit })}`, { signal }),
    enabled: !!unit && text.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useResident(id: string | undefined) {
  return useQuery({
    queryKey: peopleKeys.resident(id ?? ''),
    queryFn: () => api.get<ResidentOut>(`/residents/${id}`),
    enabled: !!id,
  });
}

export function useInsuranceCards(id: string | undefined) {
  return useQuery({
    queryKey: peopleKeys.cards(id ?? ''),
    queryFn: () => api.get<InsuranceCardOut[]>(`/residents/${id}/insurance-cards`),
    enabled: !!id,
  });
}

export function useLifeEvents(id: string | undefined) {
  return useQuery({
    queryKey: peopleKeys.events(id ?? ''),
    queryFn: () => api.get<LifeEventOut[]>(`/residents/${id}/events`),
    enabled: !!id,
  });
}

export function useHealthRecord(id: string | undefined) {
  return useQuery({
    queryKey: peopleKeys.record(id ?? ''),
    queryFn: () => api.get<HealthRecordOut>(`/residents/${id}/health-record`),
    enabled: !!id,
  });
}

export function useRecordVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: peopleKeys.version(id, version ?? 0),
    queryFn: () => api.get<RecordVersionOut>(`/residents/${id}/health-record/versions/${version}`),
    enabled: version != null,
    staleTime: Infinity,
  });
}

export function useHouseholds(unit: string | undefined, q: string, offset: number, limit: number) {
  const text = q.trim();
  return useQuery({
    queryKey: peopleKeys.households(unit ?? '', text, offset),
    queryFn: () =>
      api.get<Page<HouseholdOut>>(`/households${query({ unit, q: text || undefined, offset, limit })}`),
    enabled: !!unit,
    placeholderData: keepPreviousData,
  });
}

export function useHousehold(id: string | undefined) {
  return useQuery({
    queryKey: peopleKeys.household(id ?? ''),
    queryFn: () => api.get<HouseholdDetail>(`/households/${id}`),
    enabled: !!id,
  });
}

function useInvalidatePeople() {
  const client = useQueryClient();
  return () =>
    Promise.all(['residents', 'households'].map((k) => client.invalidateQueries({ queryKey: [k] })));
}

export function useCreateHousehold() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (input: HouseholdInput) => api.post<HouseholdDetail>('/households', input),
    onSuccess: invalidate,
  });
}

export function useAddCard(residentId: string) {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (input: InsuranceCardInput) =>
      api.post<InsuranceCardOut>(`/residents/${residentId}/insurance-cards`, input),
    onSuccess: invalidate,
  });
}

/** Writes a new version of the 831 record (a 409 when `baseVersion` is no longer the latest). */
export function useUpdateRecord(residentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: HealthRecordUpdate) =>
      api.put<HealthRecordOut>(`/residents/${residentId}/health-record`, update),
    onSuccess: (saved) => {
      client.setQueryData(peopleKeys.record(residentId), saved);
      void client.invalidateQueries({ queryKey: peopleKeys.resident(residentId) });
    },
  });
}

export function useReviewRecord(residentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: HealthRecordReview) =>
      api.post<HealthRecordOut>(`/residents/${residentId}/health-record/review`, body),
    onSuccess: (saved) => {
      client.setQueryData(peopleKeys.record(residentId), saved);
      void client.invalidateQueries({ queryKey: peopleKeys.resident(residentId) });
    },
  });
}

// ---------------------------------------------------------------- import (its own engineer's API)

/** Sends the file as the raw body; answers the job (202/201) to poll. */
export async function startImport(file: File, unit: string, dryRun: boolean): Promise<ImportJobOut> {
  const type = file.name.toLowerCase().endsWith('.xlsx')
    ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    : 'text/csv';
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': type };
  // The client keeps the session's CSRF token in sessionStorage (api/client.ts); JSON-only `request`
  // cannot send a raw body.
  const csrf = sessionStorage.getItem('ytcs.csrf');
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const response = await fetch(`/api/v1/people/imports${query({ unit, dryRun, fileName: file.name })}`, {
    method: 'POST',
    headers,
    body: file,
    credentials: 'same-origin',
  }).catch((err: unknown) => {
    throw new ApiError({ type: 'network', title: 'network', status: 0, detail: String(err) });
  });
  const data = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok)
    throw new ApiError(
      data && typeof data === 'object' && 'status' in data
        ? (data as ConstructorParameters<typeof ApiError>[0])
        : { type: 'about:blank', title: response.statusText, status: response.status },
    );
  return data as ImportJobOut;
}

const FINISHED = new Set(['done', 'failed']);

/** The job, polled every second until it is done or failed. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: peopleKeys.importJob(id ?? ''),
    queryFn: () => api.get<ImportJobOut>(`/people/imports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.status) ? false : 1000),
  });
}

// ---------------------------------------------------------------- everyday edits (households, residents, life events)

/** What a form sends (before the server's transforms: phones as typed). */
export type ResidentPatchInput = z.input<typeof residentPatch>;
export type ResidentCreateInput = z.input<typeof residentInput>;
export type HouseholdPatchInput = z.input<typeof householdPatch>;
export type { BirthInput, LifeEventInput, TransferInput };

/**
 * A registration's or a change's answer: the profile, and what it warns about though saved (a likely
 * duplicate, an unusual value); read with `warningNotes` (components/people/editing).
 */
type ResidentSavedOut = ResidentOut & { warnings?: unknown[] };

/** Changes a resident's administrative data or household membership (PATCH /residents/{id}). */
export function useUpdateResident(id: string) {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (patch: ResidentPatchInput) => api.patch<ResidentSavedOut>(`/residents/${id}`, patch),
    onSuccess: invalidate,
  });
}

/** Changes any resident (a member of a household picked from its list). */
export function usePatchResident() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ResidentPatchInput }) =>
      api.patch<ResidentSavedOut>(`/residents/${id}`, patch),
    onSuccess: invalidate,
  });
}

/** Registers a person (a new member of a household); likely duplicates come back as warnings. */
export function useCreateResident() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (input: ResidentCreateInput) => api.post<ResidentSavedOut>('/residents', input),
    onSuccess: invalidate,
  });
}

/** Address, code or head of a household (PATCH /households/{id}). */
export function useUpdateHousehold(id: string) {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (patch: HouseholdPatchInput) => api.patch<HouseholdDetail>(`/households/${id}`, patch),
    onSuccess: invalidate,
  });
}

/** A household and its living members to another commune. */
export function useTransferHousehold(id: string) {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (input: TransferInput) =>
      api.post<{ householdId: string; unitPath: string; residentIds: string[] }>(
        `/households/${id}/transfer`,
        input,
      ),
    onSuccess: invalidate,
  });
}

/** A death, a move out of the system or a move back in (POST /residents/{id}/events). */
export function useRecordEvent() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, event }: { id: string; event: LifeEventInput }) =>
      api.post<LifeEventOut>(`/residents/${id}/events`, event),
    onSuccess: invalidate,
  });
}

/** A baby born to a mother of the area: a new resident in her household (POST /residents/{id}/births). */
export function useRegisterBirth() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ motherId, birth }: { motherId: string; birth: BirthInput }) =>
      api.post<ResidentSavedOut>(`/residents/${motherId}/births`, birth),
    onSuccess: invalidate,
  });
}

/** A resident to another commune of the system: the record moves with them. */
export function useTransferResident() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: TransferInput }) =>
      api.post<ResidentOut>(`/residents/${id}/transfer`, input),
    onSuccess: invalidate,
  });
}

/** Communes and hamlets anywhere in the country, by code or name (a transfer's destination, a permanent address). */
export function usePlaceSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['people-places', text] as const,
    queryFn: ({ signal }) =>
      api.get<PlaceFound[]>(`/people/places${query({ q: text, limit: 12 })}`, { signal }),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}
