/**
 * The mother-and-child API: a child's growth (measurements with WHO z-scores, the reference curves)
 * and a woman's pregnancies (registration, antenatal contacts, outcome). Types only from the server's
 * contracts (src/modules/growth/contracts.ts, src/modules/maternal/contracts.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChildGrowthOut,
  CurveOut,
  MeasurementInput,
  MeasurementOut,
  NutritionListOut,
} from '../../../src/modules/growth/contracts';
import type {
  AntenatalInput,
  FpEpisodeOut,
  FpStartInput,
  FpStopInput,
  OutcomeInput,
  PostnatalInput,
  PregnancyInput,
  PregnancyOut,
} from '../../../src/modules/maternal/contracts';
import { api, query } from './client';

export type {
  ChildGrowthOut,
  CurveOut,
  MeasurementInput,
  MeasurementOut,
} from '../../../src/modules/growth/contracts';
export type {
  AntenatalInput,
  FpEpisodeOut,
  OutcomeInput,
  PostnatalInput,
  PregnancyInput,
  PregnancyOut,
  RegisterA3Row,
  RegisterA4Row,
  RegisterA5Out,
} from '../../../src/modules/maternal/contracts';
export {
  OUTCOMES,
  DELIVERY_PLACES,
  URINE_PROTEIN,
  FP_STOP_REASONS,
} from '../../../src/modules/maternal/contracts';

const keys = {
  growth: (id: string) => ['growth', 'child', id] as const,
  curves: (indicator: string, sex: string) => ['growth', 'curves', indicator, sex] as const,
  pregnancies: (id: string) => ['maternal', 'pregnancies', id] as const,
  methods: (id: string) => ['maternal', 'family-planning', id] as const,
  register: (name: string, unit: string, month: string) =>
    ['maternal', 'register', name, unit, month] as const,
};

/** Children under 5 below −2 SD at their latest measurement, by hamlet (a commune or a hamlet). */
export function useNutritionList(unit: string | undefined) {
  return useQuery({
    queryKey: ['growth', 'nutrition-list', unit ?? ''],
    queryFn: () => api.get<NutritionListOut>(`/growth/nutrition-list${query({ unit })}`),
    enabled: Boolean(unit),
  });
}

export function useChildGrowth(residentId: string) {
  return useQuery({
    queryKey: keys.growth(residentId),
    queryFn: () => api.get<ChildGrowthOut>(`/growth/children/${residentId}`),
    staleTime: 0,
  });
}

/** The WHO curves (−3…+3 SD) of an indicator for one sex: reference data, kept for the session. */
export function useGrowthCurves(indicator: 'wfa' | 'lhfa' | 'wfl' | 'wfh', sex: 'male' | 'female') {
  return useQuery({
    queryKey: keys.curves(indicator, sex),
    queryFn: () => api.get<CurveOut>(`/growth/curves${query({ indicator, sex })}`),
    staleTime: Infinity,
  });
}

export function useRecordMeasurement(residentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MeasurementInput) =>
      api.post<MeasurementOut>(`/growth/children/${residentId}/measurements`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.growth(residentId) }),
  });
}

export function usePregnancies(residentId: string) {
  return useQuery({
    queryKey: keys.pregnancies(residentId),
    queryFn: () => api.get<PregnancyOut[]>(`/maternal/residents/${residentId}/pregnancies`),
    staleTime: 0,
  });
}

function useInvalidatePregnancies(residentId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: keys.pregnancies(residentId) });
    void client.invalidateQueries({ queryKey: ['worklist'] });
  };
}

export function useRegisterPregnancy(residentId: string) {
  const invalidate = useInvalidatePregnancies(residentId);
  return useMutation({
    mutationFn: (body: PregnancyInput) =>
      api.post<PregnancyOut>(`/maternal/residents/${residentId}/pregnancies`, body),
    onSuccess: invalidate,
  });
}

export function useRecordAntenatal(residentId: string) {
  const invalidate = useInvalidatePregnancies(residentId);
  return useMutation({
    mutationFn: ({ pregnancyId, body }: { pregnancyId: string; body: AntenatalInput }) =>
      api.post<PregnancyOut>(`/maternal/pregnancies/${pregnancyId}/antenatal`, body),
    onSuccess: invalidate,
  });
}

export function useRecordOutcome(residentId: string) {
  const invalidate = useInvalidatePregnancies(residentId);
  return useMutation({
    mutationFn: ({ pregnancyId, body }: { pregnancyId: string; body: OutcomeInput }) =>
      api.post<PregnancyOut>(`/maternal/pregnancies/${pregnancyId}/outcome`, body),
    onSuccess: invalidate,
  });
}

export function useRecordPostnatal(residentId: string) {
  const invalidate = useInvalidatePregnancies(residentId);
  return useMutation({
    mutationFn: ({ pregnancyId, body }: { pregnancyId: string; body: PostnatalInput }) =>
      api.post<PregnancyOut>(`/maternal/pregnancies/${pregnancyId}/postnatal`, body),
    onSuccess: invalidate,
  });
}

/** A woman's family planning methods (kế hoạch hóa gia đình), newest first. */
export function useFamilyPlanning(residentId: string) {
  return useQuery({
    queryKey: keys.methods(residentId),
    queryFn: () => api.get<FpEpisodeOut[]>(`/maternal/residents/${residentId}/family-planning`),
  });
}

export function useStartMethod(residentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: FpStartInput) =>
      api.post<FpEpisodeOut[]>(`/maternal/residents/${residentId}/family-planning`, body),
    onSuccess: (data) => client.setQueryData(keys.methods(residentId), data),
  });
}

export function useStopMethod(residentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: FpStopInput }) =>
      api.post<FpEpisodeOut[]>(`/maternal/family-planning/${id}/stop`, body),
    onSuccess: (data) => client.setQueryData(keys.methods(residentId), data),
  });
}

export type MaternalRegister = 'a3' | 'a4' | 'a5';

/** A register of a unit for a month (A3, A4 as rows; A5 as started, stopped and users by method). */
export function useMaternalRegister<T>(register: MaternalRegister, unit: string, month: string) {
  return useQuery({
    queryKey: keys.register(register, unit, month),
    queryFn: () => api.get<T>(`/maternal/registers/${register}${query({ unit, month })}`),
  });
}

/** The register's file links (the browser downloads them with the session cookie). */
export function maternalRegisterUrl(
  register: MaternalRegister,
  format: 'xlsx' | 'pdf',
  unit: string,
  month: string,
): string {
  return `/api/v1/maternal/registers/${register}.${format}${query({ unit, month })}`;
}
