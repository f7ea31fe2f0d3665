/**
 * Whether what the app shows came from this device's store (issue 20): set by the device answers
 * (./fallback.ts) when the network is down, cleared when it comes back. Tiny on purpose: the signed-in
 * frame reads it without loading the store.
 */
let fromDeviceAt: number | null = null;
const listeners = new Set<(at: number | null) => void>();

export function markFromDevice(): void {
  fromDeviceAt = Date.now();
  listeners.forEach((l) => l(fromDeviceAt));
}

export function clearFromDevice(): void {
  if (fromDeviceAt === null) return;
  fromDeviceAt = null;
  listeners.forEach((l) => l(null));
}

export function fromDevice(): number | null {
  return fromDeviceAt;
}

export function onFromDevice(listener: (at: number | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A record the app saved on this device instead of on the server (the outbox's id). */
export interface SavedOnDevice {
  savedOnDevice: true;
  id: string;
}

export function isSavedOnDevice(value: unknown): value is SavedOnDevice {
  return (
    !!value && typeof value === 'object' && (value as { savedOnDevice?: unknown }).savedOnDevice === true
  );
}
