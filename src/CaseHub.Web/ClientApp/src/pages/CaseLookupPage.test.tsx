import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { Route, Routes, useParams } from 'react-router';
import CaseLookupPage, { toQuery } from './CaseLookupPage';
import { defaultPeriod } from '../lib/caseSearch';
import { renderWith, user } from '../test/render';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const row = (trackingNumber: string, title: string) => ({
  id: `id-${trackingNumber}`, trackingNumber, title, kind: 'Complaint', grade: 'C', status: 'Dispatched', channel: 'Hotline',
  receivedAt: '2026-12-01T02:00:00Z', waitingSince: '2026-12-01T02:00:00Z', dueAt: null, remainingWorkingMinutes: null, card: 'Yellow',
  departmentCode: 'LB-CG', departmentName: '临北区城管局', itemCode: '0101', itemName: '占道经营', jurisdictionName: '江滨街道',
  taskId: null, taskAssignee: null, probableDuplicateOf: null,
});

function CaseShown() {
  return <div>case {useParams().key}</div>;
}

function renderPage(path = '/cases') {
  return renderWith(
    <Routes>
      <Route path="/cases" element={<CaseLookupPage />} />
      <Route path="/cases/:key" element={<CaseShown />} />
    </Routes>,
    { me: user(['Dispatcher']), path },
  );
}

describe('CaseLookupPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('turns the days chosen into local midnights, the end day included', () => {
    const query = toQuery({ from: '2026-12-01', to: '2026-12-03', phone: ' 13811112222 ', q: '  ' });
    expect(dayjs(query.from).valueOf()).toBe(dayjs('2026-12-01T00:00:00').valueOf());
    expect(dayjs(query.to).valueOf()).toBe(dayjs('2026-12-04T00:00:00').valueOf());
    expect(query).toMatchObject({ phone: '13811112222', q: undefined });
    expect(defaultPeriod(dayjs('2026-12-04'))).toEqual({ from: '2026-09-06', to: '2026-12-04' });
  });

  it('lists the last 90 days at first, then searches by phone, newest first, and pages on', async () => {
    const asked: URLSearchParams[] = [];
    vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname !== '/api/cases/search') return json({ status: 404 }, 404);
      asked.push(url.searchParams);
      const page = Number(url.searchParams.get('page'));
      return json({ items: page === 2 ? [row('2026120100002', '路灯不亮')] : [row('2026120100001', '小区门口占道经营')], hasMore: page === 1, page, pageSize: 20 });
    }));
    renderPage();

    const first = await screen.findByRole('link', { name: '2026120100001' });
    expect(first).toHaveAttribute('href', '/cases/2026120100001');
    const shown = first.closest('tr')!;
    expect(within(shown).getByText('已派单')).toBeInTheDocument();
    expect(within(shown).getByText('临北区城管局')).toBeInTheDocument();
    expect(within(shown).getByText('黄牌')).toBeInTheDocument();
    expect(asked[0].get('from')).not.toBeNull();
    expect(dayjs(asked[0].get('to')).diff(dayjs(asked[0].get('from')), 'day')).toBe(90);

    fireEvent.change(screen.getByLabelText('来电号码'), { target: { value: '138-1111-2222' } });
    fireEvent.click(screen.getByRole('button', { name: /搜\s*索/ }));
    await waitFor(() => expect(asked.some((q) => q.get('phone') === '138-1111-2222')).toBe(true));

    fireEvent.click(await screen.findByRole('button', { name: '下一页' }));
    expect(await screen.findByRole('link', { name: '2026120100002' })).toBeInTheDocument();
    expect(asked.at(-1)!.get('phone')).toBe('138-1111-2222');
    expect(asked.at(-1)!.get('page')).toBe('2');
    expect(screen.getByRole('button', { name: '下一页' })).toBeDisabled();
  });

  it('opens the case of a tracking number typed on its own, whatever the period', async () => {
    vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/cases/search') return json({ items: [], hasMore: false, page: 1, pageSize: 20 });
      if (url.pathname === '/api/cases/2025010100007') return json({ id: 'x', trackingNumber: '2025010100007' });
      return json({ status: 404 }, 404);
    }));
    renderPage();

    fireEvent.change(screen.getByLabelText('受理编号、标题或地址'), { target: { value: '2025010100007' } });
    fireEvent.submit(screen.getByLabelText('受理编号、标题或地址'));
    expect(await screen.findByText('case 2025010100007')).toBeInTheDocument();
  });

  it('exports the search as a file, and says so when too many cases match', async () => {
    let tooMany = false;
    const exported: URLSearchParams[] = [];
    vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/cases/search') return json({ items: [row('2026120100001', '小区门口占道经营')], hasMore: false, page: 1, pageSize: 20 });
      if (url.pathname !== '/api/cases/search/export') return json({ status: 404 }, 404);
      exported.push(url.searchParams);
      if (tooMany) {
        return new Response(JSON.stringify({ status: 400, title: 'One or more validation errors occurred.', detail: '符合条件的案件超过 10,000 件，请缩小时间范围', errors: { from: ['超过上限'] } }),
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } });
      }
      return new Response('\uFEFF受理编号\r\n', { status: 200, headers: { 'Content-Type': 'text/csv' } });
    }));
    const created = vi.fn(() => 'blob:cases');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderPage('/cases?phone=13811112222');

    await screen.findByRole('link', { name: '2026120100001' });
    fireEvent.click(screen.getByRole('button', { name: /导\s*出/ }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(exported[0].get('phone')).toBe('13811112222');
    expect(created).toHaveBeenCalledTimes(1);

    tooMany = true;
    // The button ignores clicks while the first export is still finishing.
    await waitFor(() => expect(screen.getByRole('button', { name: /导\s*出/ })).not.toHaveClass('ant-btn-loading'));
    fireEvent.click(screen.getByRole('button', { name: /导\s*出/ }));
    await waitFor(() => expect(exported.length).toBe(2));
    expect(await screen.findByText(/超过 10,000 件/)).toBeInTheDocument();
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });
});
