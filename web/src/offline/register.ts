/**
 * The service worker (public/sw.js) that keeps the application shell for use without a network, and
 * a sync when the network comes back (docs/adr/0033). A browser gets the worker when it first opens
 * the offline page (where a device downloads its working set), not on every sign-in: other users'
 * browsers do not fetch the whole application ahead. The store and the sync load only when needed,
 * so the first page stays light.
 */
import { setDeviceAnswer } from '../api/client';

const SW_URL = '/sw.js';

function supported(): boolean {
  return 'serviceWorker' in navigator && !import.meta.env.DEV;
}

/** Installs (or updates) the worker; called by the offline page. */
export function installShell(): void {
  if (!supported()) return;
  navigator.serviceWorker.register(SW_URL).catch((err: unknown) => {
    console.warn('service worker not installed', err);
  });
}

/** At start: keep an installed worker up to date, and sync when the network comes back. */
export function registerOffline(): void {
  // With no network the ordinary pages answer from the device's store, when it holds a working set.
  setDeviceAnswer((method, path, body) =>
    import('./fallback').then(({ answer }) => answer(method, path, body)),
  );
  window.addEventListener('online', () => void import('./device-state').then((m) => m.clearFromDevice()));
  if (!supported()) return;
  window.addEventListener('load', () => {
    void navigator.serviceWorker.getRegistration().then((registration) => {
      if (registration) installShell();
    });
  });
  // Back online: push what waits, then pull (only on a device that keeps a working set).
  window.addEventListener('online', () => {
    void import('./sync').then(async ({ hasWorkingSet, syncNow }) => {
      if (await hasWorkingSet()) await syncNow().catch(() => undefined);
    });
  });
}
