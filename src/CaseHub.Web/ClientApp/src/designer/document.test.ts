import { describe, expect, it } from 'vitest';
import {
  documentToGraph, graphToDocument, needsLayout, missingRequired, newActivity, normalize, outcomeLabel, outcomesOf, parseStringList, writeInput,
  type ActivityJson, type WorkflowJson,
} from './document';
import { diffWorkflows, isEmptyDiff } from './diff';
import { descriptors, shippedWorkflows } from './testing';

const byType = new Map(descriptors.map((d) => [d.typeName, d]));

describe('document ↔ graph mapping', () => {
  it.each(shippedWorkflows())('round-trips %s with every property kept', (_file, doc) => {
    const back = graphToDocument(doc, documentToGraph(doc));
    expect(back).toEqual(normalize(doc));
    expect(isEmptyDiff(diffWorkflows(doc, back), true)).toBe(true);
  });

  it('keeps unknown activity types, unknown properties and connection extras', () => {
    const doc: WorkflowJson = {
      id: 'x', definitionId: 'x', future: { a: 1 },
      root: {
        type: 'Elsa.Flowchart',
        activities: [
          { id: 'a', type: 'Vendor.Unknown', secret: [1, 2, { b: true }] },
          { id: 'b', type: 'Elsa.End', metadata: { designer: { position: { x: 5, y: 6 } }, colour: 'red' } },
        ],
        connections: [{ source: 'a', sourcePort: 'Weird', target: 'b', targetPort: 'In', vertices: [{ x: 1, y: 2 }] }],
      },
    };
    const graph = documentToGraph(doc);
    expect(graph.edges[0]).toMatchObject({ source: 'a', sourcePort: 'Weird', target: 'b', extra: { vertices: [{ x: 1, y: 2 }] } });
    const back = graphToDocument(doc, graph);
    expect(back.future).toEqual({ a: 1 });
    const [a, b] = back.root.activities as ActivityJson[];
    expect(a.secret).toEqual([1, 2, { b: true }]);
    expect(b.metadata).toEqual({ designer: { position: { x: 5, y: 6 }, size: { width: 160, height: 60 } }, colour: 'red' });
    expect(back.root.connections).toEqual([{ source: { activity: 'a', port: 'Weird' }, target: { activity: 'b', port: 'In' }, vertices: [{ x: 1, y: 2 }] }]);
  });

  it('writes moved nodes back into the designer metadata', () => {
    const [, doc] = shippedWorkflows()[0];
    const graph = documentToGraph(doc);
    graph.nodes[0] = { ...graph.nodes[0], x: 999, y: 111 };
    const back = graphToDocument(doc, graph);
    const diff = diffWorkflows(doc, back);
    expect(diff.changed).toEqual([{ id: graph.nodes[0].id, properties: [], moved: true }]);
  });
});

describe('layout on open', () => {
  const at = (id: string, x?: number, y = 0): ActivityJson =>
    ({ id, type: 'T', ...(x === undefined ? {} : { metadata: { designer: { position: { x, y } } } }) });
  const doc = (...activities: ActivityJson[]): WorkflowJson => ({ root: { type: 'Elsa.Flowchart', activities } });

  it('lays out a file without positions or with activities on top of each other, and leaves a drawn one alone', () => {
    expect(needsLayout(doc(at('a'), at('b')))).toBe(true);
    expect(needsLayout(doc(at('a', 0, 0), at('b', 20, 10)))).toBe(true);
    expect(needsLayout(doc(at('a', 0, 0), at('b', 200, 0)))).toBe(false);
    // Every shipped flow is drawn: none has activities on top of each other, so each opens as its file lays it out.
    const laidOutOnOpen = shippedWorkflows().filter(([, d]) => needsLayout(d)).map(([file]) => file);
    expect(laidOutOnOpen).toEqual([]);
  });
});

describe('outcomes', () => {
  it('labels a descriptor’s outcomes in both languages', () => {
    expect(outcomesOf({ id: 'h', type: 'CaseHub.Handle' }, byType.get('CaseHub.Handle'))).toEqual([
      { name: 'Completed', zhCN: '已办结', enUS: 'Completed' }, { name: 'Returned', zhCN: '退单', enUS: 'Returned' },
    ]);
  });

  it('names an outcome as its port does, and leaves one it does not know as it is', () => {
    const handle = { id: 'h', type: 'CaseHub.Handle' };
    expect(outcomeLabel(handle, byType.get('CaseHub.Handle'), 'Returned', 'zh-CN')).toBe('退单');
    expect(outcomeLabel(handle, byType.get('CaseHub.Handle'), 'Returned', 'en-US')).toBe('Returned');
    expect(outcomeLabel(handle, byType.get('CaseHub.Handle'), '@timer', 'zh-CN')).toBe('@timer');
    expect(outcomeLabel(undefined, undefined, 'Done', 'zh-CN')).toBe('Done');
  });

  it('follows a task’s outcome list as it is edited', () => {
    const task = byType.get('CaseHub.HumanTask')!;
    const input = task.inputs.find((i) => i.name === 'outcomes')!;
    let activity = newActivity(task, new Set(), 'zh-CN');
    expect(outcomesOf(activity, task).map((o) => o.name)).toEqual(['Done']);
    activity = writeInput(activity, input, JSON.stringify(['Approved', 'Rejected']));
    expect(outcomesOf(activity, task).map((o) => o.name)).toEqual(['Approved', 'Rejected']);
  });

  it('makes a port per switch case plus Default', () => {
    const activity: ActivityJson = { id: 's', type: 'Elsa.FlowSwitch', cases: [{ label: '投诉', condition: { type: 'JavaScript', value: "c.kind === 'Complaint'" } }] };
    expect(outcomesOf(activity, byType.get('Elsa.FlowSwitch')).map((o) => o.name)).toEqual(['投诉', 'Default']);
  });

  it('has none for an end or an unknown type', () => {
    expect(outcomesOf({ id: 'e', type: 'Elsa.End' }, byType.get('Elsa.End'))).toEqual([]);
    expect(outcomesOf({ id: 'u', type: 'X.Y' }, undefined)).toEqual([]);
  });
});

describe('inputs', () => {
  it('names required inputs that are empty, and clears them as they are filled', () => {
    const task = byType.get('CaseHub.HumanTask')!;
    let activity = newActivity(task, new Set(['human-task']), 'zh-CN');
    expect(activity.id).toBe('human-task-2');
    expect(missingRequired(activity, task)).toEqual(['title', 'candidateGroup']);
    activity = writeInput(activity, task.inputs[0], '  ');
    expect(missingRequired(activity, task)).toEqual(['title', 'candidateGroup']);
    activity = writeInput(activity, task.inputs[0], '复核');
    activity = writeInput(activity, task.inputs[1], 'dept:lb-cg');
    expect(missingRequired(activity, task)).toEqual([]);
    expect(activity.title).toEqual({ typeName: 'String', expression: { type: 'Literal', value: '复核' } });
  });

  it('asks for at least one switch case', () => {
    const sw = byType.get('Elsa.FlowSwitch')!;
    expect(missingRequired({ id: 's', type: 'Elsa.FlowSwitch', cases: [] }, sw)).toEqual(['cases']);
  });

  it('reads string lists as JSON or commas', () => {
    expect(parseStringList('["A","B"]')).toEqual(['A', 'B']);
    expect(parseStringList('A, B，C')).toEqual(['A', 'B', 'C']);
    expect(parseStringList(['X'])).toEqual(['X']);
  });
});
