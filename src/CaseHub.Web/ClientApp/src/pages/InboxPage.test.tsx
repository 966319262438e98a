import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import InboxPage from './InboxPage';
import { renderWith, user } from '../test/render';

// Live updates need a SignalR hub; the list's own requests are what is tested here.
vi.mock('../live/useLiveCases', () => ({ useLiveCases: () => undefined }));

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const row = (trackingNumber: string, title: string) => ({
  id: `id-${trackingNumber}`, trackingNumber, title, kind: 'Complaint', grade: 'C', status: 'Dispatched', channel: 'Hotline',
  receivedAt: '2026-12-01T02:00:00Z', waitingSince: '2026-12-01T02:00:00Z', dueAt: null, remainingWorkingMinutes: null, card: null,
  departmentCode: 'LB-CG', departmentName: '临北区城管局', itemCode: '0101', itemName: '占道经营', jurisdictionName: '江滨街道',
  taskId: null, taskAssignee: null, probableDuplicateOf: null,
});

describe('InboxPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('searches its own cases by keyword from a box that / focuses', async () => {
    const asked: URLSearchParams[] = [];
    vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/notifications') return json([]);
      if (url.pathname !== '/api/cases') return json({ status: 404 }, 404);
      asked.push(url.searchParams);
      const q = url.searchParams.get('q');
      return json({ items: q ? [row('2026120100002', '临江路路灯不亮')] : [row('2026120100001', '小区门口占道经营')], total: 1, totalCapped: false, page: 1, pageSize: 50 });
    }));
    renderWith(<InboxPage />, { me: user(['Handler'], { departments: [{ code: 'LB-CG', name: '临北区城管局' }] }), path: '/inbox' });

    expect(await screen.findByRole('link', { name: '2026120100001' })).toBeInTheDocument();
    fireEvent.keyDown(document.body, { key: '/' });
    const box = screen.getByLabelText('受理编号或关键词（/）');
    expect(box).toHaveFocus();
    fireEvent.change(box, { target: { value: ' 临江路 ' } });
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter' });

    expect(await screen.findByRole('link', { name: '2026120100002' })).toBeInTheDocument();
    const last = asked.at(-1)!;
    expect([last.get('departmentCode'), last.get('q'), last.get('page')]).toEqual(['LB-CG', '临江路', '1']);
    await waitFor(() => expect(screen.queryByRole('link', { name: '2026120100001' })).not.toBeInTheDocument());
  });
});
