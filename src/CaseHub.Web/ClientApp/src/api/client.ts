import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
export type ApiPaths = paths;
export type Schemas = components['schemas'];

/** RFC 7807 problem details, with `errors` for validation problems. */
export type ProblemDetails = {
  type?: string | null;
  title?: string | null;
  status?: number | string | null;
  detail?: string | null;
  errors?: Record<string, string[]>;
};

/** The problem `type`s the server sets where a client must tell one 409 from another. */
export const problemTypes = {
  /** A create whose code or id is taken. */
  alreadyExists: 'urn:casehub:problem:already-exists',
  /** A save over a version other than the one read. */
  stale: 'urn:casehub:problem:stale',
} as const;

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let language = 'zh-CN';

/** The UI's language, sent as Accept-Language so that the server's messages (errors, import rows) match what the user reads. */
export function setRequestLanguage(value: string): void {
  language = value;
}

/** The headers every call carries besides its own: today the UI's language. */
export function commonHeaders(headers: Headers): Headers {
  headers.set('Accept-Language', language);
  return headers;
}

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Fired when the server answers 401 to anything but the sign-in endpoints; the auth provider sends the user to /login. */
export const unauthorizedEvent = 'casehub:unauthorized';

const sessionHeaders: Middleware = {
  onRequest({ request }) {
    commonHeaders(request.headers);
    if (unsafeMethods.has(request.method.toUpperCase())) {
      const token = readCookie('XSRF-TOKEN');
      if (token) request.headers.set('X-XSRF-TOKEN', token);
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url, window.location.origin).pathname.startsWith('/api/auth/')) {
      window.dispatchEvent(new CustomEvent(unauthorizedEvent));
    }
    return response;
  },
};

export const api = createClient<ApiPaths>({
  baseUrl: typeof window === 'undefined' ? '' : window.location.origin,
  credentials: 'same-origin',
  // Looked up on each call, so that tests can stub the global fetch.
  fetch: (input) => globalThis.fetch(input),
});
api.use(sessionHeaders);

function toProblem(status: number, error: unknown): ProblemDetails {
  if (error && typeof error === 'object') return error as ProblemDetails;
  if (typeof error === 'string' && error.length > 0) return { status, title: error };
  return { status };
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the ProblemDetails. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw new ApiError(response.status, toProblem(response.status, error));
  return data as T;
}
