/**
 * Calls to this page's server: same origin only, the access token (when the server needs one)
 * from this tab's session storage, sent as a bearer header and nowhere else.
 * @module
 */

const TOKEN_KEY = 'dsreg-doctor.token';

/** A refusal from the server: its status, reason and one-line message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export function savedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused (private mode): the token lasts until the page is closed.
  }
}

/** GET a JSON resource under `api/`; refusals become `ApiError`, a missing server a 0 status. */
export async function getJson<T>(path: string): Promise<T> {
  const token = savedToken();
  let response: Response;
  try {
    response = await fetch(`./api/${path}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'offline', 'the server cannot be reached: the analysis still works in this page');
  }
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const error = (body as { error?: { reason?: string; message?: string } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.reason ?? 'http',
      error?.message ?? `the server answered ${response.status}`,
    );
  }
  if (body === null) throw new ApiError(response.status, 'no-api', 'no dsreg-doctor server answers here');
  return body as T;
}

/** What the server says about itself; null when the page is served as plain files. */
export interface ServerStatus {
  name: string;
  version: string;
  store: string | null;
  redactAtRest: boolean;
  maxBodyBytes: number;
}
