/** Referral slips with feedback, and teleconsultations (referral module, issue 18). Types from the server's contracts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnswerInput,
  ConsultationInput,
  ConsultationOut,
  FeedbackInput,
  PatientCoordinationOut,
  ReExaminationInput,
  ReferralInput,
  ReferralOut,
} from '../../../src/modules/referral/contracts';
import { api, query } from './client';

export type {
  ConsultationOut,
  PatientCoordinationOut,
  ReferralOut,
} from '../../../src/modules/referral/contracts';

export interface Destination {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentFacilityId: string | null;
}
export interface ListValue {
  code: string;
  displayVi: string;
  displayEn: string;
}
interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

const keys = {
  all: ['referral'] as const,
};

export function usePatientCoordination(residentId: string | undefined) {
  return useQuery({
    queryKey: [...keys.all, 'patient', residentId],
    queryFn: () => api.get<PatientCoordinationOut>(`/referral/residents/${residentId}`),
    enabled: !!residentId,
  });
}

export function useReferrals(params: {
  direction: 'sent' | 'incoming';
  facilityId?: string | undefined;
  open?: boolean | undefined;
}) {
  return useQuery({
    queryKey: [...keys.all, 'list', params],
    queryFn: () =>
      api.get<Page<ReferralOut>>(
        `/referrals${query({
          direction: params.direction,
          facilityId: params.facilityId,
          open: params.open === undefined ? undefined : String(params.open),
          limit: 200,
        })}`,
      ),
    enabled: params.direction === 'sent' || !!params.facilityId,
  });
}

export function useDestinations() {
  return useQuery({
    queryKey: [...keys.all, 'destinations'],
    queryFn: () => api.get<Destination[]>('/referral/destinations'),
    staleTime: 60_000,
  });
}

export function useReferralList(list: 'transport' | 'teleconsult-condition' | 'chronic-one-year') {
  return useQuery({
    queryKey: [...keys.all, 'lists', list],
    queryFn: () => api.get<ListValue[]>(`/referral/lists/${list}`),
    staleTime: 300_000,
  });
}

export function useValidity(issuedOn: string, diagnosisCode: string) {
  return useQuery({
    queryKey: [...keys.all, 'validity', issuedOn, diagnosisCode],
    queryFn: () =>
      api.get<{
        validUntil: string;
        validity: 'working_days' | 'one_year';
        holidays: { day: string; nameVi: string }[];
      }>(`/referrals/validity${query({ issuedOn, diagnosisCode })}`),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(issuedOn) && /^[A-Z]\d{2}/.test(diagnosisCode),
  });
}

function useInvalidating<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export const useCreateReferral = () =>
  useInvalidating((input: ReferralInput) => api.post<ReferralOut>('/referrals', input));
export const useReceiveReferral = () =>
  useInvalidating(({ id, seenOn }: { id: string; seenOn?: string }) =>
    api.post<ReferralOut>(`/referrals/${id}/receive`, seenOn ? { seenOn } : {}),
  );
export const useReferralFeedback = () =>
  useInvalidating(({ id, ...input }: FeedbackInput & { id: string }) =>
    api.post<ReferralOut>(`/referrals/${id}/feedback`, input),
  );

export function useConsultations(params: { direction: 'asked' | 'queue'; facilityId?: string | undefined }) {
  return useQuery({
    queryKey: [...keys.all, 'consultations', params],
    queryFn: () =>
      api.get<Page<ConsultationOut> & { medianResponseMinutes: number | null }>(
        `/teleconsultations${query({ direction: params.direction, facilityId: params.facilityId, limit: 200 })}`,
      ),
    enabled: params.direction === 'asked' || !!params.facilityId,
  });
}

export const useRequestConsultation = () =>
  useInvalidating((input: ConsultationInput) => api.post<ConsultationOut>('/teleconsultations', input));
export const useAnswerConsultation = () =>
  useInvalidating(({ id, ...input }: Partial<AnswerInput> & { id: string; answer: string }) =>
    api.post<ConsultationOut>(`/teleconsultations/${id}/answer`, input),
  );

export const slipPdfUrl = (id: string) => `/api/v1/referrals/${id}/slip.pdf`;
export const attachmentUrl = (id: string, attachmentId: string) =>
  `/api/v1/teleconsultations/${id}/attachments/${attachmentId}`;

/** A re-examination slip (giấy chuyển khám lại) to the facility that returned a slip with its feedback. */
export const useReExamination = () =>
  useInvalidating(({ id, ...input }: ReExaminationInput & { id: string }) =>
    api.post<ReferralOut>(`/referrals/${id}/re-examination`, input),
  );
