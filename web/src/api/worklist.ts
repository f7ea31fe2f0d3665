/**
 * The worklist's API (danh sách việc cần làm): what is due today or overdue for the user's station or
 * hamlet. Types from the server's contracts.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { WorklistOut } from '../../../src/modules/worklist/contracts';
import { api, query } from './client';

export type { WorklistItem, WorklistOut } from '../../../src/modules/worklist/contracts';

export interface WorklistFilter {
  unit?: string | undefined;
  kind?: string | undefined;
  overdue?: boolean | undefined;
  hamlet?: string | undefined;
  days?: number | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export const worklistKeys = {
  all: ['worklist'] as const,
  list: (filter: WorklistFilter) => ['worklist', filter] as const,
};

/** The list, asked again whenever the page is opened (a visit just recorded takes an item off it). */
export function useWorklist(filter: WorklistFilter) {
  return useQuery({
    queryKey: worklistKeys.list(filter),
    queryFn: () =>
      api.get<WorklistOut>(
        `/worklist${query({ ...filter, overdue: filter.overdue ? 'true' : undefined, limit: filter.limit ?? 50 })}`,
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
