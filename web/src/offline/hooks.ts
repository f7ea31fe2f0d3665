import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { onSyncState, syncState, type SyncState } from './sync';

/** A Dexie query kept current as the store changes (Dexie's liveQuery). */
export function useLive<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (v) => setValue(v),
      error: (err: unknown) => console.error(err),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}

/** Whether the browser says it has a network. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function useSyncState(): SyncState {
  const [state, setState] = useState(syncState());
  useEffect(() => onSyncState(setState), []);
  return state;
}
