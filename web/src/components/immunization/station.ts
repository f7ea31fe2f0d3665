import { useFacilities } from '../../api/queries';
import { useUser } from '../../auth/session';

/**
 * The commune station where own doses are given: the commune's in view when given (the session day
 * of a commune), else the user's commune's (a hamlet's user: its commune's).
 */
export function useOwnStation(communeCode?: string) {
  const user = useUser();
  const commune = (communeCode ?? user.unitCode).slice(0, 5);
  const facilities = useFacilities(/^\d{5}$/.test(commune) ? commune : undefined);
  return facilities.data?.items.find((f) => f.kind === 'commune_station');
}

/** Field messages of a refused request (already in the user's language), or its title. */
export function problemLines(error: unknown): string[] {
  const p = (error as { problem?: { title?: string; errors?: { path: string; message: string }[] } }).problem;
  if (p?.errors?.length) return p.errors.map((e) => e.message);
  return p?.title ? [p.title] : [];
}
