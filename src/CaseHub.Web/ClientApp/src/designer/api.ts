/**
 * The designer's calls. The definition endpoints take and return raw Elsa JSON with the draft's row version as the
 * ETag, which openapi-fetch does not type, and dry-run, revert, clone and activity-counts are not in schema.d.ts
 * yet; all go through this one small typed wrapper, so that a regenerated schema changes only this file.
 */
import { api, call, ApiError, readCookie, type ProblemDetails, type Schemas } from '../api/client';
import type { Descriptor, WorkflowJson } from './document';

export type DefinitionSummary = Schemas['DefinitionSummary'];
export type VersionSummary = Schemas['VersionSummary'];
export type ValidationIssue = Schemas['ValidationIssueDto'];
export type ValidationResult = Schemas['ValidationResult'];

export type DryRunSample = {
  caseId?: string; channel: string; kind: string; itemCode: string;
  latitude?: number; longitude?: number; address?: string; title?: string; description?: string;
};
export type DryRunChoice = { activityId: string; outcome: string };
export type DryRunRequest = { definition?: WorkflowJson; sample: DryRunSample; choices: DryRunChoice[]; startAt?: string };
export type DryRunResult = {
  steps: { at: string; activityId: string; activityType: string; displayName: string; outcome: string | null; note: string | null }[];
  department: { code: string; name: string } | null;
  deadlines: { stage: string; startedAt: string; blueAt: string | null; dueAt: string; redAt: string | null }[];
  cards: { colour: string; at: string; stage: string }[];
  waiting: { activityId: string; activityType: string; kind: string; outcomes: string[] } | null;
  ended: boolean;
  endedAt: string | null;
  incidents: { activityId: string; message: string }[];
};
export type ActivityCount = { activityId: string; waiting: number; faulted: number };

async function send(method: string, url: string, init: { body?: string; ifMatch?: string | null } = {}): Promise<Response> {
  const headers = new Headers();
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  if (init.ifMatch) headers.set('If-Match', init.ifMatch);
  if (method !== 'GET') {
    const token = readCookie('XSRF-TOKEN');
    if (token) headers.set('X-XSRF-TOKEN', token);
  }
  const response = await globalThis.fetch(url, { method, headers, body: init.body, credentials: 'same-origin' });
  if (!response.ok) {
    let problem: ProblemDetails = { status: response.status };
    try {
      const text = await response.text();
      if (text) problem = JSON.parse(text) as ProblemDetails;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

const base = (id: string) => `/api/workflows/definitions/${encodeURIComponent(id)}`;

export type Stored = { doc: WorkflowJson; etag: string | null };

export const designerApi = {
  descriptors: () => call(api.GET('/api/workflows/activity-descriptors')) as Promise<Descriptor[]>,
  definitions: () => call(api.GET('/api/workflows/definitions')),
  versions: (id: string) => call(api.GET('/api/workflows/definitions/{definitionId}/versions', { params: { path: { definitionId: id } } })),
  async draft(id: string): Promise<Stored> {
    const response = await send('GET', `${base(id)}/draft`);
    return { doc: await json<WorkflowJson>(response), etag: response.headers.get('ETag') };
  },
  async version(id: string, version: number): Promise<Stored> {
    const response = await send('GET', `${base(id)}/versions/${version}`);
    return { doc: await json<WorkflowJson>(response), etag: response.headers.get('ETag') };
  },
  /** Saves the draft; an existing draft needs the ETag it was read with, and a stale one answers 409. */
  async saveDraft(id: string, doc: WorkflowJson, etag: string | null): Promise<{ summary: VersionSummary; etag: string | null }> {
    const response = await send('PUT', `${base(id)}/draft`, { body: JSON.stringify(doc), ifMatch: etag });
    return { summary: await json<VersionSummary>(response), etag: response.headers.get('ETag') };
  },
  async create(text: string): Promise<VersionSummary> {
    return json<VersionSummary>(await send('POST', '/api/workflows/definitions', { body: text }));
  },
  deleteDraft: async (id: string) => { await send('DELETE', `${base(id)}/draft`); },
  validate: async (id: string, doc: WorkflowJson) =>
    json<ValidationResult>(await send('POST', `${base(id)}/validate`, { body: JSON.stringify(doc) })),
  publish: async (id: string, etag: string | null) => json<VersionSummary>(await send('POST', `${base(id)}/publish`, { ifMatch: etag })),
  /** The export's text and file name; without a version, the published one. */
  async export(id: string, version?: number): Promise<{ text: string; fileName: string }> {
    const response = await send('GET', `${base(id)}/export${version ? `?version=${version}` : ''}`);
    return { text: await response.text(), fileName: `${id}${version ? `.v${version}` : ''}.json` };
  },
  // ---- added by the designer's backend work (issue 6); mocked in tests until schema.d.ts has them ----
  dryRun: async (id: string, request: DryRunRequest) =>
    json<DryRunResult>(await send('POST', `${base(id)}/dry-run`, { body: JSON.stringify(request) })),
  revert: async (id: string, version: number) => json<VersionSummary>(await send('POST', `${base(id)}/versions/${version}/revert`)),
  clone: async (id: string, newDefinitionId: string, name: string) =>
    json<VersionSummary>(await send('POST', `${base(id)}/clone`, { body: JSON.stringify({ newDefinitionId, name }) })),
  async activityCounts(id: string, version?: number): Promise<ActivityCount[]> {
    const body = await json<unknown>(await send('GET', `${base(id)}/activity-counts${version ? `?version=${version}` : ''}`));
    return normalizeCounts(body);
  },
};

/** Accepts the counts as a list of rows or as a map from activity id to {waiting, faulted}. */
export function normalizeCounts(body: unknown): ActivityCount[] {
  const rows = Array.isArray(body) ? body
    : body && typeof body === 'object' && Array.isArray((body as { activities?: unknown }).activities) ? (body as { activities: unknown[] }).activities
      : body && typeof body === 'object' ? Object.entries(body as Record<string, unknown>).map(([activityId, v]) => ({ activityId, ...(v as object) }))
        : [];
  return rows.map((r) => {
    const row = r as Record<string, unknown>;
    return { activityId: String(row.activityId ?? ''), waiting: Number(row.waiting ?? 0), faulted: Number(row.faulted ?? 0) };
  }).filter((r) => r.activityId);
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 409 || error.status === 412);
}
