import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DispatchDrawer } from './DispatchDrawer';
import type { CaseSummary } from '../../api/types';
import { renderWith, user } from '../../test/render';

const row: CaseSummary = {
  id: 'case-1', trackingNumber: '2026030100001', title: '烧烤油烟扰民', kind: 'Complaint', grade: 'B', status: 'PendingDispatch',
  channel: 'Hotline', receivedAt: '2026-03-01T01:00:00Z', waitingSince: '2026-03-01T01:00:00Z', dueAt: null, remainingWorkingMinutes: 20,
  card: null, departmentCode: null, departmentName: null, itemCode: null, itemName: null, jurisdictionName: '滨河街道',
  taskId: 'task-1', taskAssignee: 'dispatcher', probableDuplicateOf: null,
};

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const confident = {
  items: [{ code: '02020101', name: '餐饮油烟', confidence: 0.9 }],
  departments: [{ code: 'LB-HB', name: '临北区生态环境分局', reason: '02020101 餐饮油烟', itemCode: '02020101' }],
};

function server(suggestions: unknown = confident, related: CaseSummary[] = []) {
  return vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === '/api/cases/case-1/suggestions') return json(suggestions);
    if (path === '/api/cases/case-1/related') return json({ items: related, hasMore: false, page: 1, pageSize: 10 });
    if (path === '/api/departments') {
      return json([
        { code: 'LB-HB', name: '临北区生态环境分局', orgUnitCode: '990102', level: 'District', isActive: true },
        { code: 'LB-CG', name: '临北区城市管理综合执法局', orgUnitCode: '990102', level: 'District', isActive: true },
      ]);
    }
    if (path === '/api/tasks/task-1/complete') return json({ id: 'task-1' });
    return json({ title: 'Not Found', status: 404 }, 404);
  });
}

async function chooseDepartment(name: string) {
  const field = screen.getByLabelText('承办单位').closest('.ant-select')!;
  fireEvent.mouseDown(field.querySelector('.ant-select-selector') ?? field);
  const option = await screen.findByTitle(name);
  fireEvent.click(option);
  await waitFor(() => expect(field.querySelector(`[title="${name}"]`)).not.toBeNull());
}

describe('DispatchDrawer', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the caller's other cases, each opening in a new tab, so that a repeat call can be merged instead", async () => {
    const earlier: CaseSummary = { ...row, id: 'case-0', trackingNumber: '2026022800007', title: '烧烤店油烟又来了', status: 'Dispatched' };
    vi.stubGlobal('fetch', server(confident, [earlier]));
    renderWith(<DispatchDrawer row={row} onClose={() => {}} />, { me: user(['Dispatcher'], { userName: 'dispatcher' }) });

    const drawer = await screen.findByRole('dialog');
    const related = await within(drawer).findByRole('region', { name: '该诉求人的其他诉求' }, { timeout: 3000 });
    const link = within(related).getByRole('link', { name: '2026022800007' });
    expect(link).toHaveAttribute('href', '/cases/2026022800007');
    expect(link).toHaveAttribute('target', '_blank');
    expect(within(related).getByText('已派单')).toBeInTheDocument();
  });

  it('pre-fills the rule’s department and dispatches to it without a reason', async () => {
    const fetch = server();
    vi.stubGlobal('fetch', fetch);
    renderWith(<DispatchDrawer row={row} onClose={() => {}} />, { me: user(['Dispatcher'], { userName: 'dispatcher' }) });

    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('临北区生态环境分局（LB-HB）', {}, { timeout: 3000 });
    fireEvent.click(within(drawer).getByRole('button', { name: /派\s*单/ }));

    await waitFor(() => expect(fetch.mock.calls.some(([r]) => new URL(r.url).pathname === '/api/tasks/task-1/complete')).toBe(true), { timeout: 3000 });
    const complete = fetch.mock.calls.find(([r]) => new URL(r.url).pathname === '/api/tasks/task-1/complete')![0];
    expect(await complete.json()).toEqual({ outcome: 'Dispatched', formData: { departmentCode: 'LB-HB', itemCode: '02020101' } });
  }, 30_000);

  it('dispatches on Ctrl+Enter from the item picker, as the button does', async () => {
    const fetch = server();
    vi.stubGlobal('fetch', fetch);
    renderWith(<DispatchDrawer row={row} onClose={() => {}} />, { me: user(['Dispatcher'], { userName: 'dispatcher' }) });

    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('临北区生态环境分局（LB-HB）', {}, { timeout: 3000 });
    fireEvent.keyDown(screen.getByLabelText('事项'), { key: 'Enter', ctrlKey: true });

    await waitFor(() => expect(fetch.mock.calls.some(([r]) => new URL(r.url).pathname === '/api/tasks/task-1/complete')).toBe(true), { timeout: 3000 });
  }, 30_000);

  it('requires a reason when the dispatcher overrides the rule’s department', async () => {
    const fetch = server();
    vi.stubGlobal('fetch', fetch);
    renderWith(<DispatchDrawer row={row} onClose={() => {}} />, { me: user(['Dispatcher'], { userName: 'dispatcher' }) });

    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('临北区生态环境分局（LB-HB）', {}, { timeout: 3000 });
    await chooseDepartment('临北区城市管理综合执法局（LB-CG）');
    fireEvent.click(within(drawer).getByRole('button', { name: /派\s*单/ }));

    // antd validates asynchronously outside React's act(): poll the DOM on real timers.
    let error: Element | null = null;
    for (let i = 0; i < 50 && !error; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      error = drawer.querySelector('#reason_help .ant-form-item-explain-error');
    }
    expect(error).toHaveTextContent('未采用规则建议时必须填写理由');
    expect(fetch.mock.calls.some(([r]) => new URL(r.url).pathname.endsWith('/complete'))).toBe(false);
  }, 30_000);

  it('offers a weak guess without filling it in, and fills the rule’s department once the dispatcher picks it', async () => {
    const fetch = server({
      items: [{ code: '02010104', name: '交通噪音', confidence: 0.25 }, { code: '02020101', name: '餐饮油烟', confidence: 0.2 }],
      departments: [
        { code: 'LJ-GA', name: '市公安局', reason: '02010104 交通噪音', itemCode: '02010104' },
        { code: 'LB-HB', name: '临北区生态环境分局', reason: '02020101 餐饮油烟', itemCode: '02020101' },
      ],
    });
    vi.stubGlobal('fetch', fetch);
    renderWith(<DispatchDrawer row={row} onClose={() => {}} />, { me: user(['Dispatcher'], { userName: 'dispatcher' }) });

    const drawer = await screen.findByRole('dialog');
    const guess = await within(drawer).findByText(/交通噪音 · 置信度 25%/, {}, { timeout: 3000 });
    const item = screen.getByLabelText('事项').closest('.ant-select')!;
    const department = screen.getByLabelText('承办单位').closest('.ant-select')!;
    expect(item.querySelector('[title="交通噪音（02010104）"]')).toBeNull();
    expect(department.querySelector('[title="市公安局（LJ-GA）"]')).toBeNull();
    expect(within(drawer).queryByText(/^规则建议：/)).toBeNull();

    fireEvent.click(within(drawer).getByText(/餐饮油烟 · 置信度 20%/));
    await waitFor(() => expect(department.querySelector('[title="临北区生态环境分局（LB-HB）"]')).not.toBeNull());
    expect(item.querySelector('[title="餐饮油烟（02020101）"]')).not.toBeNull();
    expect(guess.closest('.ant-tag-checkable-checked')).toBeNull();

    fireEvent.click(within(drawer).getByRole('button', { name: /派\s*单/ }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => new URL(r.url).pathname === '/api/tasks/task-1/complete')).toBe(true), { timeout: 3000 });
    const complete = fetch.mock.calls.find(([r]) => new URL(r.url).pathname === '/api/tasks/task-1/complete')![0];
    expect(await complete.json()).toEqual({ outcome: 'Dispatched', formData: { departmentCode: 'LB-HB', itemCode: '02020101' } });
  }, 30_000);

  it('brings the rule’s department for an item found by searching', async () => {
    const fetch = vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/cases/case-1/suggestions') {
        return url.searchParams.get('itemCode') === '08010101'
          ? json({ ...confident, departments: [...confident.departments, { code: 'LB-CG', name: '临北区城市管理综合执法局', reason: '08010101 餐饮食品安全', itemCode: '08010101' }] })
          : json(confident);
      }
      if (url.pathname === '/api/items') {
        return json([{ code: '08010101', nameZh: '餐饮食品安全', nameEn: 'Food safety', level: 4, parentCode: '080101', kinds: ['Complaint'], defaultGrade: 'C',
          keywords: [], timeLimits: {}, isActive: true, isLeaf: true }]);
      }
      return server()(request);
    });
    vi.stubGlobal('fetch', fetch);
    renderWith(<DispatchDrawer row={row} onClose={() => {}} />, { me: user(['Dispatcher'], { userName: 'dispatcher' }) });

    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('临北区生态环境分局（LB-HB）', {}, { timeout: 3000 });
    const picker = screen.getByLabelText('事项');
    fireEvent.change(picker, { target: { value: '食品' } });
    fireEvent.click(await screen.findByTitle('餐饮食品安全（08010101）', {}, { timeout: 3000 }));

    const department = screen.getByLabelText('承办单位').closest('.ant-select')!;
    await waitFor(() => expect(department.querySelector('[title="临北区城市管理综合执法局（LB-CG）"]')).not.toBeNull(), { timeout: 3000 });
    expect(within(drawer).getByText(/^规则建议：临北区城市管理综合执法局/)).toBeInTheDocument();
  }, 30_000);
});
