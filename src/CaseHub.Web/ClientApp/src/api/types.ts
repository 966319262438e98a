/**
 * Short names for the generated API types (schema.d.ts, from openapi.json by `npm run api`). Only the unions the
 * server sends as plain strings are narrowed here.
 */
import type { components, paths } from './schema';

type Schemas = components['schemas'];
/** The JSON body an operation takes, for endpoints that declare it inline. */
type JsonBody<P extends keyof paths, M extends keyof paths[P]> =
  NonNullable<paths[P][M]> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Role = 'Dispatcher' | 'Handler' | 'Supervisor' | 'WorkflowAdmin' | 'GridWorker' | 'Auditor' | 'SystemAdmin';
export type Me = Omit<Schemas['MeDto'], 'roles'> & { roles: Role[] };
export type QueueName = 'new' | 'unmatched' | 'returned' | 'duplicates' | 'escalated';
export type QueueCount = Schemas['QueueCount'];
export type CardColour = 'Blue' | 'Yellow' | 'Red';
export type CaseSummary = Schemas['CaseSummary'];
export type CasePage = Schemas['CasePage'];
export type CaseSuggestions = Schemas['DispatchSuggestions'];
export type CaseMap = Schemas['CaseMap'];
export type AttachmentMeta = Schemas['AttachmentInfo'];
export type PublicReport = JsonBody<'/api/public/cases', 'post'>;
export type Satisfaction = 'Satisfied' | 'PartlySatisfied' | 'NotSatisfied';
export type PublicRating = JsonBody<'/api/public/cases/{trackingNumber}/rating', 'post'>;
export type PublicStatusWithCallback = Schemas['PublicCaseStatus'];
export type AuditEntry = Schemas['AuditEntryDto'];
export type IntakeRequest = JsonBody<'/api/cases', 'post'>;
