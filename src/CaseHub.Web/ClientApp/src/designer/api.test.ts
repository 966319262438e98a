import { afterEach, describe, expect, it, vi } from 'vitest';
import { designerApi, isConflict } from './api';
import type { WorkflowJson } from './document';

const doc: WorkflowJson = { id: 'w', definitionId: 'w', root: { type: 'Elsa.Flowchart', activities: [], connections: [] } };

afterEach(() => {
  vi.unstubAllGlobals();
  document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('designer API wrapper', () => {
  it('saves the draft with If-Match and the anti-forgery token, and returns the new ETag', async () => {
    document.cookie = 'XSRF-TOKEN=tok';
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify({ version: 2, status: 'Draft' }), { status: 200, headers: { ETag: '"8"' } }));
    vi.stubGlobal('fetch', fetch);
    const result = await designerApi.saveDraft('w', doc, '"7"');
    expect(result.etag).toBe('"8"');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/workflows/definitions/w/draft');
    expect(init?.method).toBe('PUT');
    const headers = new Headers(init?.headers);
    expect(headers.get('If-Match')).toBe('"7"');
    expect(headers.get('X-XSRF-TOKEN')).toBe('tok');
    expect(JSON.parse(String(init?.body))).toEqual(doc);
  });

  it('turns a stale save into a conflict carrying the server’s problem', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ title: 'Conflict', detail: 'changed by someone else' }), { status: 409 })));
    const error = await designerApi.saveDraft('w', doc, '"1"').catch((e: unknown) => e);
    expect(isConflict(error)).toBe(true);
    expect((error as Error).message).toBe('changed by someone else');
  });
});
