/**
 * The instance view's reading of one workflow instance on its definition's diagram: which activities it reached, the
 * connections it went along, where it waits, where it faulted, and the badges for all running instances.
 */
import type { Schemas } from '../api/client';
import type { ActivityCount } from './api';
import type { DesignerCanvas } from './canvas';
import { edgeKey, type DesignEdge } from './document';

export type JournalEntry = Schemas['JournalEntryDto'];
export type Incident = Schemas['IncidentDto'];
export type WaitPoint = Schemas['WaitPointDto'];

export type Trail = {
  /** How often each activity started: done at once (Executed) or after a wait (Waiting), as the case diagram counts. */
  runs: Map<string, number>;
  waiting: Set<string>;
  /** This instance's open incidents per activity. */
  faulted: Map<string, number>;
  /** The edgeKey of every connection the instance went along. */
  taken: Set<string>;
};

export type NodeState = 'waiting' | 'faulted' | 'ran' | 'idle';

/** Ant Design tag colours for an instance's status, wherever instances are listed. */
export const statusColours: Record<string, string> = { Running: 'processing', Suspended: 'warning', Finished: 'success', Cancelled: 'default', Faulted: 'error' };

const startEvents = new Set(['Executed', 'Waiting']);
const outcomeEvents = new Set(['Executed', 'Waiting', 'Resumed']);

export function instanceTrail(journal: readonly JournalEntry[], waiting: readonly WaitPoint[], incidents: readonly Incident[],
  edges: readonly DesignEdge[]): Trail {
  const runs = new Map<string, number>();
  const left = new Set<string>(); // "activity:outcome" for every outcome an activity went out through
  const reached = new Set<string>();
  for (const entry of journal) {
    if (startEvents.has(entry.event)) runs.set(entry.activityId, (runs.get(entry.activityId) ?? 0) + 1);
    // A faulted activity was reached even though it never finished: the connection into it is part of the path.
    if (startEvents.has(entry.event) || entry.event === 'Faulted') reached.add(entry.activityId);
    // An activity that leaves through several ports at once (a fork) journals them comma-separated.
    if (outcomeEvents.has(entry.event) && entry.outcome)
      for (const outcome of entry.outcome.split(',')) if (outcome) left.add(`${entry.activityId}:${outcome}`);
  }
  const waitingIds = new Set(waiting.map((w) => w.activityId));
  const faulted = new Map<string, number>();
  for (const incident of incidents) {
    if (incident.resolvedAt) continue;
    faulted.set(incident.activityId, (faulted.get(incident.activityId) ?? 0) + 1);
  }
  for (const id of [...waitingIds, ...faulted.keys()]) reached.add(id);
  const taken = new Set(edges
    .filter((e) => left.has(`${e.source}:${e.sourcePort}`) && reached.has(e.target))
    .map(edgeKey));
  return { runs, waiting: waitingIds, faulted, taken };
}

/** Where an activity stands for this instance; a fault outranks a wait, and a wait outranks having run. */
export function nodeState(trail: Trail, activityId: string): NodeState {
  if (trail.faulted.has(activityId)) return 'faulted';
  if (trail.waiting.has(activityId)) return 'waiting';
  return (trail.runs.get(activityId) ?? 0) > 0 ? 'ran' : 'idle';
}

/** The badges of every running instance: how many wait at each activity and how many faulted there. */
export function countBadges(counts: readonly ActivityCount[]): Map<string, { waiting: number; faulted: number }> {
  const badges = new Map<string, { waiting: number; faulted: number }>();
  for (const c of counts) {
    const before = badges.get(c.activityId) ?? { waiting: 0, faulted: 0 };
    badges.set(c.activityId, { waiting: before.waiting + Number(c.waiting), faulted: before.faulted + Number(c.faulted) });
  }
  return badges;
}

const faded = 0.4;

/**
 * Draws the trail on a read-only canvas. Waiting points use the canvas's highlight and this instance's incidents its
 * error outline; the path is drawn with what the canvas's own restyling leaves alone (opacity, and the halo under a
 * connection), so that clicking a node does not wipe it. Each node's body carries data-trail for tests and tools.
 */
export function showTrail(canvas: DesignerCanvas, trail: Trail, badges: ReadonlyMap<string, { waiting: number; faulted: number }>) {
  canvas.setHighlighted(trail.waiting);
  canvas.setIssues(trail.faulted);
  canvas.setCounts(badges);
  const options = { decor: true };
  for (const node of canvas.graph.getNodes()) {
    const state = nodeState(trail, node.id);
    const opacity = state === 'idle' ? faded : 1;
    node.attr({
      body: { opacity, 'data-trail': state },
      stripe: { opacity }, label: { opacity }, kind: { opacity },
    }, options);
  }
  for (const edge of canvas.graph.getEdges()) {
    // The canvas names an outcome's port "out:<outcome>".
    const port = edge.getSourcePortId() ?? '';
    const key = edgeKey({
      source: edge.getSourceCellId(), sourcePort: port.slice(port.indexOf(':') + 1),
      target: edge.getTargetCellId(), targetPort: (edge.getData() as { targetPort?: string } | undefined)?.targetPort ?? 'In',
    });
    const taken = trail.taken.has(key);
    edge.attr({
      wrap: taken ? { stroke: '#1677ff', strokeOpacity: 0.35, strokeWidth: 9 } : { stroke: 'transparent' },
      line: { strokeOpacity: taken ? 1 : faded, 'data-trail': taken ? 'taken' : 'idle' },
    }, options);
  }
}
