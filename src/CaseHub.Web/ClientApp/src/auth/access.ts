import type { Role } from '../api/types';

/** The pages of the workbench and the roles that may use them; the server checks again on every request. */
export const pageRoles = {
  dispatch: ['Dispatcher'],
  inbox: ['Handler', 'GridWorker'],
  supervision: ['Supervisor'],
  audit: ['Auditor', 'SystemAdmin'],
  designer: ['WorkflowAdmin', 'SystemAdmin', 'Auditor'],
  // Reference data comes after the work pages, so that every role's home page stays its work page.
  items: ['SystemAdmin', 'WorkflowAdmin', 'Dispatcher', 'Supervisor'],
  org: ['SystemAdmin', 'WorkflowAdmin', 'Supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type PageKey = keyof typeof pageRoles;
export const pagePaths: Record<PageKey, string> = {
  dispatch: '/dispatch',
  inbox: '/inbox',
  supervision: '/supervision',
  audit: '/audit',
  designer: '/designer',
  items: '/items',
  org: '/org',
};

export function mayUse(roles: readonly Role[] | undefined, page: PageKey): boolean {
  const allowed: readonly Role[] = pageRoles[page];
  return !!roles && roles.some((r) => allowed.includes(r));
}

/** The menu entries a user with these roles sees, in menu order. */
export function visiblePages(roles: readonly Role[] | undefined): PageKey[] {
  return (Object.keys(pageRoles) as PageKey[]).filter((page) => mayUse(roles, page));
}

/** Where "/" leads: the first page the user may use, or the case lookup. */
export function homePath(roles: readonly Role[] | undefined): string {
  const first = visiblePages(roles)[0];
  return first ? pagePaths[first] : '/cases';
}

/** Supervisors issue orders and reminders; dispatchers escalate; handlers suspend and ask for more time. */
export function caseActions(roles: readonly Role[] | undefined) {
  const has = (...r: Role[]) => !!roles && roles.some((x) => r.includes(x));
  return {
    remind: has('Supervisor', 'Dispatcher'),
    order: has('Supervisor'),
    escalate: has('Supervisor', 'Dispatcher'),
    suspend: has('Handler', 'Dispatcher', 'Supervisor'),
    extension: has('Handler'),
    contact: has('Handler'),
  };
}

/** Workflow admins (and system admins) edit and publish definitions; everyone else sees the designer read-only. */
export function mayEditWorkflows(roles: readonly Role[] | undefined): boolean {
  return !!roles && roles.some((r) => r === 'WorkflowAdmin' || r === 'SystemAdmin');
}

/** System admins import the item list, org tree, grids and departments, and edit and add items; the server's Administer policy. */
export function mayImportReferenceData(roles: readonly Role[] | undefined): boolean {
  return !!roles && roles.includes('SystemAdmin');
}

/** Who may look at workflow instances (journal, incidents, the instance view); the server's ReadInstances policy. */
export function mayReadInstances(roles: readonly Role[] | undefined): boolean {
  return !!roles && roles.some((r) => r === 'WorkflowAdmin' || r === 'Auditor' || r === 'SystemAdmin');
}
