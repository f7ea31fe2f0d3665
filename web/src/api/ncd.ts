/**
 * The ncd module's API (quản lý bệnh không lây nhiễm): the patient's programme card, enrolments and
 * treatment plans, the overdue list and its calls, the monthly cohort (Simple/HEARTS buckets) and its
 * patients. Types only from the server's contracts (src/modules/ncd/contracts.ts).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CallInput,
  CallOut,
  CohortBucket,
  CohortOut,
  CohortPatientPage,
  EnrolmentInput,
  EnrolmentOut,
  NcdCondition,
  OverduePage,
  ProgrammeCardOut,
  TreatmentPlanInput,
} from '../../../src/modules/ncd/contracts';
import { api, query } from './client';
import { worklistKeys } from './worklist';

export type {
  BpReading,
  CallOut,
  CohortBucket,
  CohortCounts,
  CohortOut,
  CohortPatient,
  EnrolmentOut,
  GlucoseReading,
  NcdCondition,
  OverdueRow,
  ProgrammeCardOut,
  RemovalReason,
} from '../../../src/modules/ncd/contracts';
export {
  CALL_OUTCOMES,
  COHORT_BUCKETS,
  ENROLMENT_SOURCES,
  NCD_CONDITIONS,
  REMOVAL_REASONS,
} from '../../../src/modules/ncd/contracts';

const ncdKeys = {
  all: ['ncd'] as const,
  card: (residentId: string) => ['ncd', 'card', residentId] as const,
  overdue: (filter: object) => ['ncd', 'overdue', filter] as const,
  cohort: (filter: object) => ['ncd', 'cohort', filter] as const,
  cohortPatients: (filter: object) => ['ncd', 'cohort-patients', filter] as const,
};

/** The patient's programme card: enrolments, plan, this month's bucket, BP and glucose over time, calls. */
export function useProgrammeCard(residentId: string | undefined) {
  return useQuery({
    queryKey: ncdKeys.card(residentId ?? ''),
    queryFn: () => api.get<ProgrammeCardOut>(`/ncd/patients/${residentId}`),
    enabled: !!residentId,
    staleTime: 0,
  });
}

export interface OverdueFilter {
  unit?: string | undefined;
  condition?: NcdCondition | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Who is overdue, high risk first then least overdue first (hidden while a call's answer holds). */
export function useOverdue(filter: OverdueFilter) {
  return useQuery({
    queryKey: ncdKeys.overdue(filter),
    queryFn: () => api.get<OverduePage>(`/ncd/overdue${query({ limit: 50, ...filter })}`),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export interface CohortFilter {
  unit?: string | undefined;
  period?: string | undefined;
  condition?: NcdCondition | undefined;
  trend?: number | undefined;
}

/** A unit's cohort of a month, its children's and its trend (18 months by default). */
export function useCohort(filter: CohortFilter) {
  return useQuery({
    queryKey: ncdKeys.cohort(filter),
    queryFn: () => api.get<CohortOut>(`/ncd/cohort${query({ trend: 18, ...filter })}`),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The patients behind a bucket of a cohort (drill-down). */
export function useCohortPatients(
  filter: CohortFilter & { bucket?: CohortBucket | undefined; limit?: number; offset?: number },
  enabled = true,
) {
  return useQuery({
    queryKey: ncdKeys.cohortPatients(filter),
    queryFn: () =>
      api.get<CohortPatientPage>(`/ncd/cohort/patients${query({ limit: 50, ...filter, trend: undefined })}`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

function useInvalidateNcd() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ncdKeys.all });
    void client.invalidateQueries({ queryKey: worklistKeys.all });
  };
}

/** Enrols a resident in a programme (đăng ký quản lý). */
export function useEnrol() {
  const invalidate = useInvalidateNcd();
  return useMutation({
    mutationFn: (input: EnrolmentInput) => api.post<EnrolmentOut>('/ncd/enrolments', input),
    onSuccess: invalidate,
  });
}

/** Replaces an enrolment's treatment plan (phác đồ điều trị). */
export function useSavePlan(enrolmentId: string) {
  const invalidate = useInvalidateNcd();
  return useMutation({
    mutationFn: (plan: TreatmentPlanInput) =>
      api.put<EnrolmentOut>(`/ncd/enrolments/${enrolmentId}/plan`, plan),
    onSuccess: invalidate,
  });
}

/** Records the result of a call to an overdue patient. */
export function useRecordCall() {
  const invalidate = useInvalidateNcd();
  return useMutation({
    mutationFn: (input: CallInput) => api.post<CallOut>('/ncd/calls', input),
    onSuccess: invalidate,
  });
}
