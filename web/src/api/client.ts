import type { Problem } from './types';
import { clearFromDevice } from '../offline/device-state';

/** An API answer that was not 2xx, with the server's problem+json. `status` 0 means no answer at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** The problem's field errors by field name: `body.fullName` → `fullName`. */
  fieldErrors(): Record<string, { code: string; message: string }> {
    const out: Record<string, { code: string; message: string }> = {};
    for (const e of this.problem.errors ?? []) {
      const field = e.path.replace(/^(body|query|params)\.?/, '').split('.')[0] ?? '';
      if (field && !out[field]) out[field] = { code: e.code, message: e.message };
    }
    return out;
  }
}

const CSRF_KEY = 'ytcs.csrf';
let csrfToken: string | null = readCsrf();
let language = 'vi';
const unauthorizedListeners = new Set<() => void>();

function readCsrf(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY);
  } catch {
    return null;
  }
}

/** The session's CSRF token: kept in memory and in sessionStorage (the tab survives a reload). */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
  try {
    if (csrfToken) sessionStorage.setItem(CSRF_KEY, csrfToken);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch {
    // Private mode without storage: memory is enough for this tab.
  }
}

/** Problem titles come back in the interface language. */
export function setApiLanguage(lang: string): void {
  language = lang;
}

/** Called when the server answers 401 to a signed-in request: the session ended or expired. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Answers from the device's store for a request that got no answer at all (the network is down;
 * web/src/offline/fallback.ts): data in the server's shape, or a problem; undefined when it has none.
 */
export type DeviceAnswer = (
  method: Method,
  path: string,
  body: unknown,
) => Promise<{ data: unknown } | { problem: Problem } | undefined>;
let deviceAnswer: DeviceAnswer | null = null;

export function setDeviceAnswer(answer: DeviceAnswer | null): void {
  deviceAnswer = answer;
}

interface RequestOptions {
  /** Do not treat a 401 as an expired session (sign-in and the first "who am I"). */
  quiet401?: boolean;
  signal?: AbortSignal;
}

async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    const local = deviceAnswer ? await deviceAnswer(method, path, body).catch(() => undefined) : undefined;
    if (local && 'data' in local) return local.data as T;
    if (local) throw new ApiError(local.problem);
    throw new ApiError({ type: 'network', title: 'network', status: 0, detail: String(err) });
  }
  // The server answered: what the pages show is the server's again (the notice of device data goes,
  // even when the browser's "online" event came before a request still answered from the device).
  clearFromDevice();
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const problem: Problem =
      data && typeof data === 'object' && 'status' in data
        ? (data as Problem)
        : { type: 'about:blank', title: response.statusText, status: response.status };
    if (response.status === 401 && !options.quiet401) unauthorizedListeners.forEach((l) => l());
    throw new ApiError(problem);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('POST', path, body, options),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path, undefined),
};

/** `{ unit: '06709', q: undefined }` → `?unit=06709` */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
