import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CohortBucket, CohortCounts } from '../../api/ncd';

/**
 * The control buckets as HEARTS360 draws them: controlled green, uncontrolled red, visited without a
 * BP amber, missed visit grey; the cohort's stack is always in this order. Colours dark enough for 3:1
 * against white (WCAG 1.4.11).
 */
export const STACKED_BUCKETS = [
  { bucket: 'controlled', count: 'controlled', color: '#0b6b59' },
  { bucket: 'uncontrolled', count: 'uncontrolled', color: '#c92a2a' },
  { bucket: 'visited_no_bp', count: 'visitedNoBp', color: '#b07400' },
  { bucket: 'missed_visit', count: 'missedVisit', color: '#6c757d' },
] as const satisfies readonly { bucket: CohortBucket; count: keyof CohortCounts; color: string }[];

const BADGE: Record<CohortBucket, string> = {
  controlled: 'ytcs',
  uncontrolled: 'red',
  visited_no_bp: 'amber',
  missed_visit: 'gray',
  not_in_cohort: 'blue',
  lost_to_follow_up: 'dark',
  dead: 'dark',
};

export function BucketBadge({ bucket }: { bucket: CohortBucket }) {
  const { t } = useTranslation();
  return (
    <Badge color={BADGE[bucket]} variant="light">
      {t(`ncd.buckets.${bucket}`)}
    </Badge>
  );
}
