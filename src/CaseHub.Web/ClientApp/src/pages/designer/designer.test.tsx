import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWith } from '../../test/render';
import { descriptors } from '../../designer/testing';
import type { ActivityJson, Descriptor } from '../../designer/document';
import { PropertyPanel } from './PropertyPanel';
import { DryRunPanel } from './DryRunPanel';
import type { DryRunResult } from '../../designer/api';

const task = descriptors.find((d) => d.typeName === 'CaseHub.HumanTask')!;
const decision: Descriptor = {
  typeName: 'Elsa.FlowDecision', category: 'Flow', displayName: { zhCN: '条件判断', enUS: 'Decision' }, description: { zhCN: '', enUS: '' },
  inputs: [{ name: 'condition', typeName: 'Boolean', uiHint: 'code', displayName: { zhCN: '条件', enUS: 'Condition' }, required: true, isExpression: true }],
  outcomes: [{ name: 'True', displayName: { zhCN: '是', enUS: 'True' } }, { name: 'False', displayName: { zhCN: '否', enUS: 'False' } }],
  isTerminal: false, isStart: false,
};

// The designer's forms are heavy for jsdom on a shared machine.
vi.setConfig({ testTimeout: 60_000 });

describe('property panel', () => {
  it('marks empty required inputs and writes what is typed as a literal', async () => {
    const onChange = vi.fn();
    const activity: ActivityJson = { id: 'review-2', type: 'CaseHub.HumanTask', name: '复核' };
    renderWith(<PropertyPanel activity={activity} descriptor={task} editable onChange={onChange} />);
    expect(screen.getByText('请填写标题')).toBeInTheDocument();
    expect(screen.getByText('请填写办理队列')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: '标题' }), { target: { value: '中心复核' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...activity, title: { typeName: 'String', expression: { type: 'Literal', value: '中心复核' } } });
  });

  it('shows no required error once the input is filled, and is read-only for viewers', () => {
    const activity: ActivityJson = {
      id: 't', type: 'CaseHub.HumanTask',
      title: { typeName: 'String', expression: { type: 'Literal', value: '审批' } },
      candidateGroup: { typeName: 'String', expression: { type: 'Literal', value: 'review' } },
    };
    renderWith(<PropertyPanel activity={activity} descriptor={task} editable={false} onChange={() => {}} />);
    expect(screen.queryByText(/^请填写/)).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '标题' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: '改用表达式' })).not.toBeInTheDocument();
  });

  it('edits a decision’s condition with the builder', async () => {
    const onChange = vi.fn();
    const activity: ActivityJson = { id: 'd', type: 'Elsa.FlowDecision', condition: { typeName: 'Boolean', expression: { type: 'JavaScript', value: 'c.returnCount >= 2' } } };
    renderWith(<PropertyPanel activity={activity} descriptor={decision} editable onChange={onChange} />);
    expect(screen.getByTestId('condition-builder')).toBeInTheDocument();
    const value = screen.getByRole('textbox', { name: '值' });
    expect(value).toHaveValue('2');
    fireEvent.change(value, { target: { value: '3' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...activity, condition: { typeName: 'Boolean', expression: { type: 'JavaScript', value: 'c.returnCount >= 3' } } });
  });

  it('opens an expression the builder did not write in the script editor, with the allow-list check', () => {
    const activity: ActivityJson = { id: 'd', type: 'Elsa.FlowDecision', condition: { typeName: 'Boolean', expression: { type: 'JavaScript', value: 'new Date() > 0' } } };
    renderWith(<PropertyPanel activity={activity} descriptor={decision} editable onChange={() => {}} />);
    expect(screen.queryByTestId('condition-builder')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('script-problem')[0]).toHaveTextContent('不允许使用 new');
  });
});

describe('dry-run panel', () => {
  it('steps through a waiting task by re-posting the chosen outcomes', async () => {
    const bodies: unknown[] = [];
    const handle = { activityId: 'handle', activityType: 'CaseHub.Handle', kind: 'task', outcomes: ['Completed', 'Returned'], candidateGroup: 'dept:lb-cg', dueAt: null };
    const first: DryRunResult = {
      startedAt: '2026-03-02T01:00:00Z', now: '2026-03-02T01:00:00Z',
      steps: [{ at: '2026-03-02T01:00:00Z', activityId: 'dispatch', activityType: 'CaseHub.AutoDispatch', displayName: '自动派单', event: 'Completed', outcome: 'Dispatched', note: null }],
      department: { code: 'lb-cg', name: '临北区城管局' },
      deadlines: [{ stage: 'Completion', departmentCode: 'lb-cg', startedAt: '2026-03-02T01:00:00Z', blueAt: '2026-03-10T01:00:00Z', dueAt: '2026-03-20T09:30:00Z', redAt: '2026-03-21T09:30:00Z', closedAt: null, met: false }],
      cards: [{ colour: 'Blue', at: '2026-03-10T01:00:00Z', stage: 'Completion' }],
      waiting: handle,
      waits: [handle, { activityId: 'remind', activityType: 'Elsa.Delay', kind: 'timer', outcomes: [], candidateGroup: null, dueAt: '2026-03-03T01:00:00Z' }],
      ended: false, endedAt: null, incidents: [], stoppedBecause: null,
    };
    const second: DryRunResult = { ...first, waiting: null, waits: [], ended: true, endedAt: '2026-03-05T02:00:00Z' };
    vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('/dry-run')) {
        bodies.push(JSON.parse(String(init?.body)));
        return new Response(JSON.stringify(bodies.length === 1 ? first : second), { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      return new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } });
    }));
    const onPath = vi.fn();
    const doc = { id: 'w', root: { type: 'Elsa.Flowchart', activities: [], connections: [] } };
    renderWith(<DryRunPanel definitionId="standard-case" currentDoc={() => doc} nameOf={(id) => id ?? ''}
      outcomeLabel={(id, outcome) => (id === 'handle' && outcome === 'Completed' ? '已办结' : outcome)} onPath={onPath} onClose={() => {}} />);
    await userEvent.type(screen.getByLabelText('样例案件编号（可选）'), 'C-1');
    await userEvent.click(screen.getByRole('button', { name: '开始试运行' }));
    await waitFor(() => expect(screen.getByTestId('dry-run-department')).toHaveTextContent('临北区城管局 (lb-cg)'));
    expect(bodies[0]).toMatchObject({ definition: doc, sample: { caseId: 'C-1', channel: 'Hotline', kind: 'Complaint' }, choices: [] });
    expect(screen.getByTestId('dry-run-cards')).toHaveTextContent('蓝牌');
    expect(onPath).toHaveBeenLastCalledWith(new Set(['dispatch', 'handle']));
    expect(screen.getByRole('button', { name: /让“remind”的时限到期/ })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '已办结' }));
    await waitFor(() => expect(screen.getByText(/流程结束于/)).toBeInTheDocument());
    expect(bodies[1]).toMatchObject({ choices: [{ activityId: 'handle', outcome: 'Completed' }] });
    vi.unstubAllGlobals();
  });
});
