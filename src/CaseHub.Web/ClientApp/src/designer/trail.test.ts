import { describe, expect, it } from 'vitest';
import { countBadges, instanceTrail, nodeState, type Incident, type JournalEntry } from './trail';
import { edgeKey, type DesignEdge } from './document';

const edge = (source: string, sourcePort: string, target: string): DesignEdge => ({ source, sourcePort, target, targetPort: 'In', extra: {} });
const at = '2025-03-03T01:00:00Z';
let sequence = 0;
const entry = (activityId: string, event: string, outcome: string | null = null): JournalEntry => ({
  sequence: ++sequence, activityId, activityType: 'T', event, outcome, message: null, actor: null, startedAt: at, endedAt: at,
});
const incident = (activityId: string, resolvedAt: string | null = null): Incident => ({
  id: `i-${activityId}-${resolvedAt ?? 'open'}`, activityId, activityType: 'T', message: 'boom', createdAt: at, resolvedAt, resolvedBy: null,
});

// start → classify ─Matched→ handle ─Completed→ end
//                  └Unmatched→ dispatch → handle
const edges = [
  edge('start', 'Done', 'classify'), edge('classify', 'Matched', 'handle'), edge('classify', 'Unmatched', 'dispatch'),
  edge('dispatch', 'Done', 'handle'), edge('handle', 'Completed', 'end'),
];

describe('instance trail', () => {
  it('takes the connections out through the outcomes the journal names, up to where the instance waits', () => {
    const journal = [entry('start', 'Executed', 'Done'), entry('classify', 'Executed', 'Unmatched'), entry('dispatch', 'Waiting')];
    const trail = instanceTrail(journal, [{ activityId: 'dispatch', kind: 'Task', bookmarkId: 'b' }], [], edges);

    expect([...trail.taken].sort()).toEqual([edgeKey(edges[0]), edgeKey(edges[2])].sort());
    expect(nodeState(trail, 'dispatch')).toBe('waiting');
    expect(nodeState(trail, 'classify')).toBe('ran');
    expect(nodeState(trail, 'handle')).toBe('idle');
  });

  it('counts a wait and its resumption as one run, and a loop back as another', () => {
    const journal = [
      entry('start', 'Executed', 'Done'), entry('handle', 'Waiting'), entry('handle', 'Resumed', 'Returned'),
      entry('handle', 'Waiting'), entry('handle', 'Resumed', 'Completed'), entry('end', 'Executed'),
    ];
    const trail = instanceTrail(journal, [], [], edges);

    expect(trail.runs.get('handle')).toBe(2);
    expect(trail.taken.has(edgeKey(edges[4]))).toBe(true);
    expect(trail.waiting.size).toBe(0);
  });

  it('marks the activity with an open incident as faulted and the connection into it as taken; a retried one no longer', () => {
    const journal = [entry('start', 'Executed', 'Done'), entry('classify', 'Faulted')];
    const open = instanceTrail(journal, [], [incident('classify')], edges);
    expect(nodeState(open, 'classify')).toBe('faulted');
    expect(open.faulted.get('classify')).toBe(1);
    expect(open.taken.has(edgeKey(edges[0]))).toBe(true);

    const retried = instanceTrail([...journal, entry('classify', 'Executed', 'Matched'), entry('handle', 'Waiting')],
      [{ activityId: 'handle', kind: 'Task', bookmarkId: 'b' }], [incident('classify', at)], edges);
    expect(nodeState(retried, 'classify')).toBe('ran');
    expect(nodeState(retried, 'handle')).toBe('waiting');
    expect(retried.taken.has(edgeKey(edges[1]))).toBe(true);
  });

  it('follows every port a fork leaves through', () => {
    const forked = [edge('fork', 'a', 'x'), edge('fork', 'b', 'y'), edge('fork', 'c', 'z')];
    const trail = instanceTrail([entry('fork', 'Executed', 'a,b'), entry('x', 'Waiting'), entry('y', 'Waiting')], [], [], forked);
    expect([...trail.taken].sort()).toEqual([edgeKey(forked[0]), edgeKey(forked[1])].sort());
  });

  it('does not take a connection whose outcome was used but whose target was never reached', () => {
    // The instance is still inside "classify" when the journal is read mid-run: nothing after it counts yet.
    const trail = instanceTrail([entry('classify', 'Executed', 'Matched')], [], [], edges);
    expect(trail.taken.size).toBe(0);
  });
});

describe('count badges', () => {
  it('adds up waiting and faulted instances per activity', () => {
    const badges = countBadges([
      { activityId: 'handle', waiting: 3, faulted: 0 }, { activityId: 'classify', waiting: 0, faulted: 2 }, { activityId: 'handle', waiting: 1, faulted: 1 },
    ]);
    expect(badges.get('handle')).toEqual({ waiting: 4, faulted: 1 });
    expect(badges.get('classify')).toEqual({ waiting: 0, faulted: 2 });
    expect(badges.has('end')).toBe(false);
  });
});
