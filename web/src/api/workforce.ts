/**
 * The workforce (network module, issue 17): a health worker's practising certificates and trainings,
 * a facility's approved posts against staff in post. Types only from the server's contracts.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CertificateInput,
  CertificateOut,
  CertificateRevoke,
  PositionInput,
  PositionsOut,
  TrainingInput,
  TrainingOut,
  TrainingsOut,
} from '../../../src/modules/network/workforce-contracts';
import { api, query } from './client';

export type {
  CertificateOut,
  PositionsOut,
  TrainingsOut,
} from '../../../src/modules/network/workforce-contracts';

const keys = {
  certificates: (staffId: string) => ['workforce', 'certificates', staffId] as const,
  trainings: (staffId: string) => ['workforce', 'trainings', staffId] as const,
  positions: (facilityId: string) => ['workforce', 'positions', facilityId] as const,
};

export function useCertificates(staffId: string) {
  return useQuery({
    queryKey: keys.certificates(staffId),
    queryFn: () => api.get<CertificateOut[]>(`/staff/${staffId}/certificates`),
  });
}

export function useAddCertificate(staffId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CertificateInput) =>
      api.post<CertificateOut>(`/staff/${staffId}/certificates`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.certificates(staffId) }),
  });
}

export function useRevokeCertificate(staffId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: CertificateRevoke & { id: string }) =>
      api.post<CertificateOut>(`/certificates/${id}/revocation`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.certificates(staffId) }),
  });
}

export function useTrainings(staffId: string) {
  return useQuery({
    queryKey: keys.trainings(staffId),
    queryFn: () => api.get<TrainingsOut>(`/staff/${staffId}/trainings`),
  });
}

export function useAddTraining(staffId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TrainingInput) => api.post<TrainingOut>(`/staff/${staffId}/trainings`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.trainings(staffId) }),
  });
}

export function usePositions(facilityId: string, on?: string) {
  return useQuery({
    queryKey: [...keys.positions(facilityId), on ?? ''],
    queryFn: () => api.get<PositionsOut>(`/facilities/${facilityId}/positions${query({ on })}`),
  });
}

export function useApprovePositions(facilityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: PositionInput) =>
      api.post<PositionsOut>(`/facilities/${facilityId}/positions`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.positions(facilityId) }),
  });
}
