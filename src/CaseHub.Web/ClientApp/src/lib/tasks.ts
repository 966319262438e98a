import { api, call } from '../api/client';

/** Claims the task unless the user already holds it; a 409 (someone else holds it) propagates with the server's detail. */
export async function claimIfNeeded(taskId: string, assignee: string | null | undefined, me: string | undefined) {
  if (assignee && assignee === me) return;
  await call(api.POST('/api/tasks/{id}/claim', { params: { path: { id: taskId } } }));
}

export async function completeTask(taskId: string, outcome: string, formData: Record<string, unknown>) {
  return call(api.POST('/api/tasks/{id}/complete', { params: { path: { id: taskId } }, body: { outcome, formData } }));
}
