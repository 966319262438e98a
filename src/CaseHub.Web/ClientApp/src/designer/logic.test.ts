import { describe, expect, it } from 'vitest';
import { compileCondition, parseCondition, type Condition } from './condition';
import { formatDuration, parseDuration, parseMinutes } from './duration';
import { checkExpression } from './javascript';
import { layeredLayout } from './layout';
import { diffGraph, diffWorkflows } from './diff';
import type { WorkflowJson } from './document';

describe('condition builder', () => {
  it('compiles rows joined by AND to an expression and reads it back', () => {
    const condition: Condition = { join: 'and', rows: [
      { field: 'c.kind', op: 'eq', value: 'Complaint' },
      { field: 'c.returnCount', op: 'ge', value: '2' },
      { field: 'c.itemCode', op: 'startsWith', value: "01'02" },
      { field: 'c.located', op: 'isTrue', value: '' },
    ] };
    const text = compileCondition(condition);
    expect(text).toBe("c.kind === 'Complaint' && c.returnCount >= 2 && c.itemCode.indexOf('01\\'02') === 0 && c.located === true");
    expect(parseCondition(text)).toEqual(condition);
  });

  it('joins by OR and skips incomplete rows', () => {
    const text = compileCondition({ join: 'or', rows: [
      { field: 'c.channel', op: 'ne', value: 'Hotline' }, { field: 'c.returnCount', op: 'gt', value: '' }, { field: 'c.departmentCode', op: 'contains', value: 'cg' },
    ] });
    expect(text).toBe("c.channel !== 'Hotline' || c.departmentCode.indexOf('cg') >= 0");
    expect(parseCondition(text)?.join).toBe('or');
  });

  it('reads the shipped decision and refuses what it did not write', () => {
    expect(parseCondition('c.returnCount >= 2')).toEqual({ join: 'and', rows: [{ field: 'c.returnCount', op: 'ge', value: '2' }] });
    expect(parseCondition('c.a === 1 && c.b === 2 || c.c === 3')).toBeNull();
    expect(parseCondition('Math.max(c.returnCount, 1) > 2')).toBeNull();
    expect(parseCondition("c.title === 'a && b'")).toEqual({ join: 'and', rows: [{ field: 'c.title', op: 'eq', value: 'a && b' }] });
  });
});

describe('durations', () => {
  it('reads TimeSpan and ISO text in the largest whole unit', () => {
    expect(parseDuration('00:30:00')).toEqual({ amount: 30, unit: 'minutes' });
    expect(parseDuration('2.00:00:00')).toEqual({ amount: 2, unit: 'days' });
    expect(parseDuration('04:00:00')).toEqual({ amount: 4, unit: 'hours' });
    expect(parseDuration('PT2H')).toEqual({ amount: 2, unit: 'hours' });
    expect(parseMinutes('soon')).toBeNull();
  });

  it('reads and writes working time as the engine does', () => {
    expect(parseDuration('3 working days')).toEqual({ amount: 3, unit: 'workingDays' });
    expect(parseDuration('1 Working Day')).toEqual({ amount: 1, unit: 'workingDays' });
    expect(parseDuration('0.5 working hours')).toEqual({ amount: 0.5, unit: 'workingHours' });
    expect(parseDuration('3 workdays')).toBeNull();
    expect(formatDuration({ amount: 3, unit: 'workingDays' })).toBe('3 working days');
    expect(formatDuration({ amount: 4, unit: 'workingHours' })).toBe('4 working hours');
  });

  it('writes TimeSpan text', () => {
    expect(formatDuration({ amount: 2, unit: 'days' })).toBe('2.00:00:00');
    expect(formatDuration({ amount: 90, unit: 'minutes' })).toBe('01:30:00');
    expect(formatDuration({ amount: 1.5, unit: 'hours' })).toBe('01:30:00');
  });
});

describe('JavaScript check', () => {
  it('accepts what the engine allows', () => {
    expect(checkExpression('c.returnCount >= 2')).toEqual([]);
    expect(checkExpression("outputs.summon.formData.lead")).toEqual([]);
    expect(checkExpression("Math.max(c.returnCount, 1) > 2 && c.kind.toLowerCase() === 'complaint'")).toEqual([]);
    expect(checkExpression("({ a: 1, b: c.kind })")).toEqual([]);
  });

  it('reports syntax errors and refused constructs', () => {
    expect(checkExpression('c.returnCount >=')[0].key).toBe('syntax');
    expect(checkExpression('new Array(1e8).join()').map((p) => p.key)).toContain('keyword');
    expect(checkExpression('c.x = 1').map((p) => p.key)).toContain('assignment');
    expect(checkExpression('window.location').map((p) => p.key)).toEqual(['name']);
    expect(checkExpression("c.kind.split(',')").map((p) => p.key)).toEqual(['call']);
    expect(checkExpression('c.constructor').map((p) => p.key)).toEqual(['member']);
    expect(checkExpression('').map((p) => p.key)).toEqual(['empty']);
  });
});

describe('auto-layout', () => {
  const box = (id: string) => ({ id, width: 160, height: 60 });

  it('puts each activity right of the ones before it, loops included', () => {
    const nodes = ['start', 'dispatch', 'handle', 'review', 'end'].map(box);
    const edges = [
      { source: 'start', target: 'dispatch' }, { source: 'dispatch', target: 'handle' }, { source: 'handle', target: 'review' },
      { source: 'handle', target: 'dispatch' }, { source: 'review', target: 'end' }, { source: 'review', target: 'handle' },
    ];
    const p = layeredLayout(nodes, edges);
    const xs = ['start', 'dispatch', 'handle', 'review', 'end'].map((id) => p.get(id)!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(5);
  });

  it('can run top to bottom with the same layers', () => {
    const p = layeredLayout(['a', 'b', 'c'].map(box), [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }], { direction: 'TB' });
    expect(new Set(['a', 'b', 'c'].map((id) => p.get(id)!.x)).size).toBe(1);
    expect(p.get('a')!.y).toBeLessThan(p.get('b')!.y);
    expect(p.get('b')!.y).toBeLessThan(p.get('c')!.y);
  });

  it('stacks siblings in one column without overlap and lays out 200 activities quickly', () => {
    const p = layeredLayout(['a', 'b', 'c'].map(box), [{ source: 'a', target: 'b' }, { source: 'a', target: 'c' }]);
    expect(p.get('b')!.x).toBe(p.get('c')!.x);
    expect(Math.abs(p.get('b')!.y - p.get('c')!.y)).toBeGreaterThanOrEqual(60);
    const many = Array.from({ length: 200 }, (_, i) => box(`n${i}`));
    const links = many.slice(1).map((n, i) => ({ source: `n${Math.floor(i / 2)}`, target: n.id }));
    const started = performance.now();
    expect(layeredLayout(many, links).size).toBe(200);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('diff', () => {
  const doc = (activities: object[], connections: object[]): WorkflowJson => ({ id: 'w', root: { type: 'Elsa.Flowchart', activities, connections } } as WorkflowJson);
  const link = (a: string, port: string, b: string) => ({ source: { activity: a, port }, target: { activity: b, port: 'In' } });

  it('finds added, removed and changed activities and connections', () => {
    const before = doc([{ id: 'a', type: 'T' }, { id: 'b', type: 'T', due: 1 }, { id: 'gone', type: 'T' }], [link('a', 'Done', 'b'), link('b', 'Done', 'gone')]);
    const after = doc([{ id: 'a', type: 'T' }, { id: 'b', type: 'T', due: 2 }, { id: 'new', type: 'T' }], [link('a', 'Done', 'b'), link('b', 'Done', 'new')]);
    const diff = diffWorkflows(before, after);
    expect(diff).toEqual({
      added: ['new'], removed: ['gone'], changed: [{ id: 'b', properties: ['due'], moved: false }],
      addedEdges: ['b:Done->new:In'], removedEdges: ['b:Done->gone:In'],
    });
    const { doc: merged, nodeMarks, edgeMarks } = diffGraph(before, after, diff);
    expect((merged.root.activities as { id: string }[]).map((a) => a.id)).toEqual(['a', 'b', 'new', 'gone']);
    expect(Object.fromEntries(nodeMarks)).toEqual({ new: 'added', gone: 'removed', b: 'changed' });
    expect(Object.fromEntries(edgeMarks)).toEqual({ 'b:Done->new:In': 'added', 'b:Done->gone:In': 'removed' });
  });
});
