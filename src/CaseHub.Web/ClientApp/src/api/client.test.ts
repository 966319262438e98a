import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, call, readCookie, setRequestLanguage, unauthorizedEvent } from './client';
import { toFieldErrors } from './problem';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

describe('api client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('sends the XSRF-TOKEN cookie as X-XSRF-TOKEN on POST, and same-origin credentials', async () => {
    document.cookie = 'XSRF-TOKEN=abc%3D123; path=/';
    const fetch = vi.fn(async (_: Request) => json(200, { id: 't1' }));
    vi.stubGlobal('fetch', fetch);

    await call(api.POST('/api/tasks/{id}/claim', { params: { path: { id: 't1' } } }));

    const request = fetch.mock.calls[0][0];
    expect(request.method).toBe('POST');
    expect(request.headers.get('X-XSRF-TOKEN')).toBe('abc=123');
    expect(request.credentials).toBe('same-origin');
  });

  it('sends no antiforgery header on GET', async () => {
    document.cookie = 'XSRF-TOKEN=abc; path=/';
    const fetch = vi.fn(async (_: Request) => json(200, []));
    vi.stubGlobal('fetch', fetch);

    await call(api.GET('/api/departments'));

    expect(fetch.mock.calls[0][0].headers.get('X-XSRF-TOKEN')).toBeNull();
  });

  it('asks for the server\'s messages in the UI\'s language, and follows a switch', async () => {
    const fetch = vi.fn(async (_: Request) => json(200, []));
    vi.stubGlobal('fetch', fetch);

    setRequestLanguage('zh-CN');
    await call(api.GET('/api/departments'));
    setRequestLanguage('en-US');
    await call(api.GET('/api/departments'));
    setRequestLanguage('zh-CN');

    expect(fetch.mock.calls.map((c) => c[0].headers.get('Accept-Language'))).toEqual(['zh-CN', 'en-US']);
  });

  it('turns a ProblemDetails answer into an ApiError carrying status and detail', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(409, { title: 'Conflict', status: 409, detail: '任务已被 dispatcher2 认领' })));

    const error = await call(api.POST('/api/tasks/{id}/claim', { params: { path: { id: 't1' } } })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).message).toBe('任务已被 dispatcher2 认领');
  });

  it('announces a 401 outside the sign-in endpoints, so the app can go to the login page', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { title: 'Unauthorized', status: 401 })));
    const listener = vi.fn();
    window.addEventListener(unauthorizedEvent, listener);

    await call(api.GET('/api/departments')).catch(() => undefined);
    await call(api.GET('/api/auth/me')).catch(() => undefined);

    window.removeEventListener(unauthorizedEvent, listener);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('reads one cookie among several', () => {
    expect(readCookie('XSRF-TOKEN', 'a=1; XSRF-TOKEN=x%20y; b=2')).toBe('x y');
    expect(readCookie('missing', 'a=1')).toBeNull();
  });
});

describe('toFieldErrors', () => {
  const problem = new ApiError(400, {
    title: 'One or more validation errors occurred.',
    status: 400,
    errors: { 'formData.reason': ['退单理由必填'], Description: ['不超过 4000 字'], 'location.lat': ['纬度超出范围'] },
  });

  it('maps formData.reason to the reason field and matches names ignoring case', () => {
    const { fields, unmatched } = toFieldErrors(problem, ['reason', 'description']);
    expect(fields).toEqual([
      { name: 'reason', errors: ['退单理由必填'] },
      { name: 'description', errors: ['不超过 4000 字'] },
    ]);
    expect(unmatched).toEqual(['纬度超出范围']);
  });

  it('returns nothing for errors that are not validation problems', () => {
    expect(toFieldErrors(new Error('boom'), ['reason'])).toEqual({ fields: [], unmatched: [] });
  });
});
