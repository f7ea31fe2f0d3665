import { lazy, Suspense, useEffect, useState } from 'react';
import { fromDevice, onFromDevice } from './device-state';

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

const Notice = lazy(() => import('./OfflineStatus').then((m) => ({ default: m.DeviceNotice })));

/** Above every page: said while what it shows comes from this device's store (the network is down). */
export function FromDeviceNotice() {
  const [at, setAt] = useState(fromDevice());
  useEffect(() => onFromDevice(setAt), []);
  if (at === null) return null;
  return (
    <Suspense fallback={null}>
      <Notice />
    </Suspense>
  );
}
