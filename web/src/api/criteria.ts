/**
 * The national commune health criteria (criteria module, issue 17): self-assessments, their scoring,
 * submission and review. Types only from the server's contracts.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AssessmentOut,
  AssessmentSummary,
  CriteriaFileResult,
  CriteriaSetDefinition,
  CriteriaSetOut,
} from '../../../src/modules/criteria/contracts';
import { api, query } from './client';

export type { AssessmentOut, AssessmentSummary, PrefillValue } from '../../../src/modules/criteria/contracts';

const keys = {
  list: (unit: string | undefined) => ['criteria', 'list', unit] as const,
  one: (id: string) => ['criteria', 'assessment', id] as const,
};

export function useAssessments(unit: string | undefined, status?: string) {
  return useQuery({
    queryKey: [...keys.list(unit), status],
    queryFn: () => api.get<{ items: AssessmentSummary[] }>(`/criteria/assessments${query({ unit, status })}`),
    enabled: !!unit,
  });
}

export function useAssessment(id: string | undefined) {
  return useQuery({
    queryKey: keys.one(id ?? ''),
    queryFn: () => api.get<AssessmentOut>(`/criteria/assessments/${id}`),
    enabled: !!id,
  });
}

export function useOpenAssessment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { unitCode: string; year: number }) =>
      api.post<AssessmentOut>('/criteria/assessments', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['criteria', 'list'] }),
  });
}

/** Save, submit, review and evidence: each answers the assessment as it now stands. */
export function useAssessmentAction(id: string) {
  const client = useQueryClient();
  const done = (a: AssessmentOut) => {
    client.setQueryData(keys.one(id), a);
    void client.invalidateQueries({ queryKey: ['criteria', 'list'] });
  };
  return {
    save: useMutation({
      mutationFn: (input: { scores: Record<string, number>; note?: string | null }) =>
        api.put<AssessmentOut>(`/criteria/assessments/${id}`, input),
      onSuccess: done,
    }),
    submit: useMutation({
      mutationFn: () => api.post<AssessmentOut>(`/criteria/assessments/${id}/submit`, undefined),
      onSuccess: done,
    }),
    review: useMutation({
      mutationFn: (input: { decision: 'approve' | 'return'; note?: string | null }) =>
        api.post<AssessmentOut>(`/criteria/assessments/${id}/review`, input),
      onSuccess: done,
    }),
    evidence: useMutation({
      mutationFn: (input: {
        indicatorCode: string;
        fileName: string;
        mediaType: string;
        contentBase64: string;
      }) => api.post<AssessmentOut>(`/criteria/assessments/${id}/evidence`, input),
      onSuccess: done,
    }),
  };
}

export const evidenceUrl = (id: string, fileId: string) =>
  `/api/v1/criteria/assessments/${id}/evidence/${fileId}`;

// ---------------------------------------------------------------- versions of the criteria (administrator)

export type {
  CriteriaFileResult,
  CriteriaSetDefinition,
  CriteriaSetOut,
} from '../../../src/modules/criteria/contracts';

export function useCriteriaSets() {
  return useQuery({
    queryKey: ['criteria', 'sets'],
    queryFn: () => api.get<{ items: CriteriaSetOut[] }>('/criteria/sets'),
  });
}

/** A version from a CSV or XLSX table (a dry run first): the loader's result, errors by row. */
export function loadCriteriaFile(input: {
  fileName: string;
  contentBase64: string;
  dryRun: boolean;
  code: string;
  version: number;
  validFrom: string;
  validTo?: string | null;
  source: string;
}) {
  return api.post<CriteriaFileResult>('/criteria/sets/file', input);
}

/** A version as edited in the page (the whole definition, a new version number). */
export function useSaveCriteriaSet() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (def: CriteriaSetDefinition) => api.post<CriteriaSetOut>('/criteria/sets', def),
    onSuccess: () => client.invalidateQueries({ queryKey: ['criteria', 'sets'] }),
  });
}
