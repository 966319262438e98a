/**
 * The designer's calls. The definition endpoints take and return raw Elsa JSON with the draft's row version as the
 * ETag, which openapi-fetch does not type, so they all go through this one small wrapper, typed from schema.d.ts.
 */
import { api, call, ApiError, commonHeaders, readCookie, type ProblemDetails, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import type { Descriptor, WorkflowJson } from './document';

export type DefinitionSummary = Schemas['DefinitionSummary'];
export type VersionSummary = Schemas['VersionSummary'];
export type ValidationIssue = Schemas['ValidationIssueDto'];
export type ValidationResult = Schemas['ValidationResult'];

type DryRunBody = NonNullable<paths['/api/workflows/definitions/{definitionId}/dry-run']['post']['requestBody']>['content']['application/json'];
export type DryRunSample = NonNullable<DryRunBody['sample']>;
/** A task outcome; `@timer` lets the activity's timer run out, `@event` delivers its event with formData as the payload. */
export type DryRunChoice = { activityId: string; outcome: string; formData?: Record<string, unknown> };
export type DryRunRequest = { definition?: WorkflowJson; sample: DryRunSample; choices: DryRunChoice[]; startAt?: string };
export type DryRunResult = Schemas['DryRunResult'];
export type DryRunWait = Schemas['DryRunWait'];
export type ActivityCount = Schemas['ActivityCount'];

/** The choice outcome that lets a waiting activity's timer run out in a dry-run. */
export const timerOutcome = '@timer';

async function send(method: string, url: string, init: { body?: string; ifMatch?: string | null } = {}): Promise<Response> {
  const headers = commonHeaders(new Headers());
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
  /** Imports a file as the draft of the definition that already has its id; an existing draft is replaced. */
  async importAsDraft(id: string, text: string): Promise<VersionSummary> {
    const etag = await draftEtag(id);
    return json<VersionSummary>(await send('POST', '/api/workflows/definitions?replaceDraft=true', { body: text, ifMatch: etag }));
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
  dryRun: async (id: string, request: DryRunRequest) =>
    json<DryRunResult>(await send('POST', `${base(id)}/dry-run`, { body: JSON.stringify(request) })),
  /** Copies a published version into the draft, replacing the draft there is (the admin confirmed that). */
  revert: async (id: string, version: number) =>
    json<VersionSummary>(await send('POST', `${base(id)}/versions/${version}/revert`, { ifMatch: await draftEtag(id) })),
  clone: async (id: string, newDefinitionId: string, name: string) =>
    json<VersionSummary>(await send('POST', `${base(id)}/clone`, { body: JSON.stringify({ newDefinitionId, name }) })),
  activityCounts: async (id: string, version?: number) =>
    json<ActivityCount[]>(await send('GET', `${base(id)}/activity-counts${version ? `?version=${version}` : ''}`)),
};

/** The ETag of the definition's draft, which replacing it needs; null when it has none. */
async function draftEtag(id: string): Promise<string | null> {
  try {
    return (await designerApi.draft(id)).etag;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null; // no draft yet: nothing to match
    throw e;
  }
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 409 || error.status === 412);
}

/** What the page opens: the draft when there is one, else the latest published version, or the version asked for. */
export async function openDefinition(definitionId: string, asked: number | null) {
  // The draft is asked for alongside the versions, saving a round trip; most definitions being edited have one.
  const [versions, stored] = await Promise.all([
    designerApi.versions(definitionId),
    asked === null ? designerApi.draft(definitionId).catch(() => null) : Promise.resolve(null),
  ]);
  const draft = versions.find((v) => v.status === 'Draft');
  const published = versions.find((v) => v.status === 'Published');
  if (draft && (asked === null || asked === draft.version)) {
    const { doc, etag } = stored ?? await designerApi.draft(definitionId);
    return { doc, etag, version: draft.version, isDraft: true, versions };
  }
  const version = asked ?? published?.version ?? versions[0].version;
  const { doc } = await designerApi.version(definitionId, version);
  return { doc, etag: null, version, isDraft: false, versions, pinned: asked !== null };
}

/** The queries the designer opens with; the app starts them while it checks sign-in when the address is a design. */
export const descriptorsQuery = { queryKey: ['workflow-descriptors'], queryFn: designerApi.descriptors, staleTime: Infinity };

export const openQuery = (definitionId: string, asked: number | null) => ({
  queryKey: ['workflow-open', definitionId, asked], queryFn: () => openDefinition(definitionId, asked), staleTime: Infinity,
});
