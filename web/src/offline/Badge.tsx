import { lazy, Suspense } from 'react';

// The store (Dexie) loads after the page: the header does not wait for it.
const Badge = lazy(() => import('./OfflineStatus').then((m) => ({ default: m.OfflineBadge })));

/** The header's offline badge (nothing while online with nothing waiting). */
export function OfflineBadge() {
  return (
    <Suspense fallback={null}>
      <Badge />
    </Suspense>
  );
}
