/**
 * Endpoints and request bodies that the server's OpenAPI document (openapi.json) does not describe yet,
 * typed by hand from the agreed contract in the shape openapi-typescript generates. When the backend ships
 * them, regenerate schema.d.ts (`npm run api`), delete this file and drop `PendingPaths` from client.ts.
 */
import type { components } from './schema';

type Schemas = components['schemas'];
type Problem = Schemas['HttpValidationProblemDetails'];

export type Role = 'Dispatcher' | 'Handler' | 'Supervisor' | 'WorkflowAdmin' | 'GridWorker' | 'Auditor' | 'SystemAdmin';
export type Me = {
  userName: string;
  displayName: string;
  roles: Role[];
  departments: { code: string; name: string }[];
  orgUnits: { code: string; name: string; level: string }[];
  canSeePersonalData: boolean;
};
export type QueueName = 'new' | 'unmatched' | 'returned' | 'duplicates' | 'escalated';
export type QueueCount = { queue: QueueName; count: number; oldestWaitingSince: string | null };
export type CardColour = 'Blue' | 'Yellow' | 'Red';
export type CaseSummary = {
  id: string;
  trackingNumber: string;
  title: string;
  kind: string;
  grade: string;
  status: string;
  channel: string;
  receivedAt: string;
  waitingSince: string;
  dueAt: string | null;
  remainingWorkingMinutes: number | null;
  card: CardColour | null;
  departmentCode: string | null;
  departmentName: string | null;
  itemCode: string | null;
  itemName: string | null;
  jurisdictionName: string | null;
  taskId: string | null;
  taskAssignee: string | null;
  probableDuplicateOf: string | null;
};
export type PagedResult<T> = { items: T[]; total: number; page: number; pageSize: number };
export type CaseSuggestions = {
  items: { code: string; name: string; confidence: number }[];
  departments: { code: string; name: string; reason: string }[];
};
export type CaseMap = {
  grid: { code: string; name: string; polygon: [number, number][][] } | null;
  point: { lat: number; lng: number } | null;
};
export type AttachmentMeta = { fileName: string; contentType: string; size: number };
export type PublicReport = {
  kind: Schemas['CaseKind'];
  title: string;
  description: string;
  latitude?: number;
  longitude?: number;
  address?: string;
  name: string;
  phone: string;
  attachments?: AttachmentMeta[];
};
export type Satisfaction = 'Satisfied' | 'PartlySatisfied' | 'NotSatisfied';
export type PublicRating = { result: Satisfaction; resolved: boolean; comment?: string };
/** callbackDue is in the contract; stage and departmentName are what the status page also needs (not in the contract yet). */
export type PublicStatusWithCallback = Schemas['PublicCaseStatus'] & { callbackDue?: boolean; stage?: string | null; departmentName?: string | null };
export type AuditEntry = {
  id: string;
  at: string;
  actor: string;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};
/** The intake body (README "Intake"); POST /api/cases declares no request body in the document. */
export type IntakeRequest = {
  channel: string;
  externalId?: string | null;
  kind: Schemas['CaseKind'];
  title: string;
  description: string;
  location?: { lat?: number | null; lng?: number | null; address?: string | null } | null;
  complainant?: { name?: string | null; phone?: string | null; idNumber?: string | null } | null;
  occurredAt?: string | null;
  attachments?: (AttachmentMeta & { url?: string | null })[];
};

// ---- the openapi-typescript shape ----
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type NoContent = { headers: { [name: string]: unknown }; content?: never };
type Errors = { 400: Json<Problem>; 401: Json<Problem>; 403: Json<Problem>; 404: Json<Problem>; 409: Json<Problem> };
type Params<Q, P> = { query?: Q; header?: never; cookie?: never } & ([P] extends [never] ? { path?: never } : { path: P });
type Op<Responses, Q = never, P = never, Body = never> = {
  parameters: Params<Q, P>;
  responses: Responses & Errors;
} & ([Body] extends [never] ? { requestBody?: never } : { requestBody: { content: { 'application/json': Body } } });
type PathItem<Ops> = Ops & { parameters: { query?: never; header?: never; path?: never; cookie?: never } };
type Id = { id: string };

export interface PendingPaths {
  '/api/auth/login': PathItem<{ post: Op<{ 200: Json<Me> }, never, never, { userName: string; password: string }> }>;
  '/api/auth/logout': PathItem<{ post: Op<{ 204: NoContent }> }>;
  '/api/auth/me': PathItem<{ get: Op<{ 200: Json<Me> }> }>;
  '/api/cases/queues': PathItem<{ get: Op<{ 200: Json<QueueCount[]> }> }>;
  '/api/cases': PathItem<{
    get: Op<
      { 200: Json<PagedResult<CaseSummary>> },
      { queue?: QueueName; departmentCode?: string; status?: string; q?: string; page?: number; pageSize?: number }
    >;
    post: Op<{ 200: Json<Schemas['CaseDto']>; 201: Json<Schemas['CaseDto']> }, never, never, IntakeRequest>;
  }>;
  '/api/cases/{id}/suggestions': PathItem<{ get: Op<{ 200: Json<CaseSuggestions> }, never, Id> }>;
  '/api/cases/{id}/map': PathItem<{ get: Op<{ 200: Json<CaseMap> }, never, Id> }>;
  '/api/public/cases': PathItem<{ post: Op<{ 201: Json<{ trackingNumber: string }> }, never, never, PublicReport> }>;
  '/api/public/cases/{trackingNumber}': PathItem<{
    get: Op<{ 200: Json<PublicStatusWithCallback> }, { phone: string }, { trackingNumber: string }>;
  }>;
  '/api/public/cases/{trackingNumber}/rating': PathItem<{
    post: Op<{ 204: NoContent }, { phone: string }, { trackingNumber: string }, PublicRating>;
  }>;
  '/api/audit': PathItem<{
    get: Op<
      { 200: Json<PagedResult<AuditEntry>> },
      { from?: string; to?: string; actor?: string; entity?: string; page?: number; pageSize?: number }
    >;
  }>;
  // Existing endpoints whose request bodies the document does not declare yet.
  '/api/cases/{id}/suspend': PathItem<{ post: Op<{ 200: Json<Schemas['CaseStateDto']> }, never, Id, { reason: string }> }>;
  '/api/cases/{id}/contact': PathItem<{ post: Op<{ 200: Json<Schemas['CaseStateDto']> }, never, Id, { note: string }> }>;
  '/api/cases/{id}/reminders': PathItem<{ post: Op<{ 201: Json<Schemas['TimelineEntryDto']> }, never, Id, { text: string }> }>;
  '/api/cases/{id}/escalate': PathItem<{ post: Op<{ 201: Json<Schemas['EscalationDto']> }, never, Id, { note: string }> }>;
  '/api/cases/{id}/orders': PathItem<{ post: Op<{ 201: Json<Schemas['OrderDto']> }, never, Id, { demand: string; dueAt: string }> }>;
  '/api/cases/{id}/extensions': PathItem<{
    post: Op<{ 201: Json<Schemas['ExtensionDto']> }, never, Id, { stage?: string; requestedDueAt: string; reason: string }>;
  }>;
  // formData is generated as Record<string, never> (JsonObject), which takes no fields.
  '/api/tasks/{id}/complete': PathItem<{
    post: Op<{ 200: Json<Schemas['TaskDto']> }, never, Id, { outcome: string; formData?: Record<string, unknown> | null }>;
  }>;
  '/api/supervision/extensions/{requestId}/approve': PathItem<{
    post: Op<{ 200: Json<Schemas['ExtensionDto']> }, never, { requestId: string }, { note?: string }>;
  }>;
  '/api/supervision/extensions/{requestId}/reject': PathItem<{
    post: Op<{ 200: Json<Schemas['ExtensionDto']> }, never, { requestId: string }, { note?: string }>;
  }>;
  '/api/supervision/orders/{orderId}/respond': PathItem<{
    post: Op<{ 200: Json<Schemas['OrderDto']> }, never, { orderId: string }, { response: string }>;
  }>;
}
