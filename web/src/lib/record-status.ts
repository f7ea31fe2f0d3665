/**
 * What the profile's badge says about a person's 831 record. "Reviewed" only when a review (rà soát)
 * was recorded in the last 12 months, with its date; a record created or updated in that time but
 * never reviewed counts for T5 (health managed) and says so, not "reviewed". Pure, tested in
 * record-status.test.ts.
 */
export type RecordBadge = { kind: 'reviewed'; on: string } | { kind: 'managed' } | { kind: 'notManaged' };

/** The day 12 months before `today` (both ISO dates). */
function yearBefore(today: string): string {
  return `${String(Number(today.slice(0, 4)) - 1).padStart(4, '0')}${today.slice(4, 10)}`;
}

export function recordBadge(
  record: { reviewedAt: string | null; healthManaged: boolean } | null | undefined,
  today: string,
): RecordBadge {
  const reviewed = record?.reviewedAt?.slice(0, 10);
  if (reviewed && reviewed > yearBefore(today) && reviewed <= today)
    return { kind: 'reviewed', on: reviewed };
  return record?.healthManaged ? { kind: 'managed' } : { kind: 'notManaged' };
}
