/** What changed between two versions of a definition: activities, their properties, and connections. */
import { activitiesOf, connectionsOf, edgeKey, isObject, type ActivityJson, type Json, type WorkflowJson } from './document';

export type ActivityChange = { id: string; properties: string[]; moved: boolean };
export type WorkflowDiff = {
  added: string[];
  removed: string[];
  changed: ActivityChange[];
  addedEdges: string[];
  removedEdges: string[];
};

function stable(value: Json | undefined): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** Equal as JSON, ignoring the order of object keys. */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return stable(a) === stable(b);
}

function withoutLayout(activity: ActivityJson): ActivityJson {
  const copy = { ...activity };
  if (isObject(copy.metadata) && isObject(copy.metadata.designer)) {
    const designer = { ...copy.metadata.designer };
    delete designer.position;
    delete designer.size;
    copy.metadata = { ...copy.metadata, designer };
  }
  return copy;
}

function layoutOf(activity: ActivityJson): string {
  return isObject(activity.metadata) && isObject(activity.metadata.designer) ? stable(activity.metadata.designer.position) : '';
}

export function diffWorkflows(before: WorkflowJson, after: WorkflowJson): WorkflowDiff {
  const old = new Map(activitiesOf(before).map((a) => [a.id, a]));
  const now = new Map(activitiesOf(after).map((a) => [a.id, a]));
  const changed: ActivityChange[] = [];
  for (const [id, activity] of now) {
    const previous = old.get(id);
    if (!previous) continue;
    const [a, b] = [withoutLayout(previous), withoutLayout(activity)];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const properties = keys.filter((k) => !sameJson(a[k], b[k]));
    const moved = layoutOf(previous) !== layoutOf(activity);
    if (properties.length > 0 || moved) changed.push({ id, properties, moved });
  }
  const oldEdges = new Set(connectionsOf(before).map(edgeKey));
  const newEdges = new Set(connectionsOf(after).map(edgeKey));
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed,
    addedEdges: [...newEdges].filter((k) => !oldEdges.has(k)),
    removedEdges: [...oldEdges].filter((k) => !newEdges.has(k)),
  };
}

export function isEmptyDiff(diff: WorkflowDiff, countMoves = false): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.addedEdges.length === 0 && diff.removedEdges.length === 0
    && diff.changed.every((c) => c.properties.length === 0 && (!countMoves || !c.moved));
}

export type Mark = 'added' | 'removed' | 'changed';

/**
 * One graph to draw a diff on: the newer version's activities and connections, plus the older version's removed
 * ones, each marked.
 */
export function diffGraph(before: WorkflowJson, after: WorkflowJson, diff = diffWorkflows(before, after)) {
  const removedIds = new Set(diff.removed);
  const old = activitiesOf(before).filter((a) => removedIds.has(a.id));
  const merged: WorkflowJson = {
    ...after,
    root: {
      ...after.root,
      activities: [...activitiesOf(after), ...old],
      connections: [
        ...connectionsOf(after).map((e) => ({ source: { activity: e.source, port: e.sourcePort }, target: { activity: e.target, port: e.targetPort } })),
        ...connectionsOf(before).filter((e) => diff.removedEdges.includes(edgeKey(e)))
          .map((e) => ({ source: { activity: e.source, port: e.sourcePort }, target: { activity: e.target, port: e.targetPort } })),
      ],
    },
  };
  const nodeMarks = new Map<string, Mark>([
    ...diff.added.map((id) => [id, 'added'] as const),
    ...diff.removed.map((id) => [id, 'removed'] as const),
    ...diff.changed.filter((c) => c.properties.length > 0).map((c) => [c.id, 'changed'] as const),
  ]);
  const edgeMarks = new Map<string, Mark>([
    ...diff.addedEdges.map((k) => [k, 'added'] as const),
    ...diff.removedEdges.map((k) => [k, 'removed'] as const),
  ]);
  return { doc: merged, nodeMarks, edgeMarks };
}
