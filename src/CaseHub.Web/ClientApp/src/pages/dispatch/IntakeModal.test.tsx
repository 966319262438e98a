import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { IntakeModal } from './IntakeModal';
import { renderWith, user } from '../../test/render';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const earlier = (trackingNumber: string, title: string, status: string) => ({
  id: `id-${trackingNumber}`, trackingNumber, title, kind: 'Complaint', grade: 'C', status, channel: 'Hotline',
  receivedAt: '2026-11-27T02:00:00Z', waitingSince: '2026-11-27T02:00:00Z', dueAt: null, remainingWorkingMinutes: null, card: null,
  departmentCode: null, departmentName: null, itemCode: null, itemName: null, jurisdictionName: null,
  taskId: null, taskAssignee: null, probableDuplicateOf: null,
});

describe('IntakeModal', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the caller's earlier cases once the number is long enough, and records the call with the number", async () => {
    const searched: string[] = [];
    let posted: Record<string, unknown> | null = null;
    vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/cases/search') {
        searched.push(url.searchParams.get('phone')!);
        return json({ items: [earlier('2026112700003', '楼下饭店油烟扰民', 'Dispatched')], hasMore: false, page: 1, pageSize: 5 });
      }
      if (url.pathname === '/api/cases' && request.method === 'POST') {
        posted = await request.json();
        return json({ id: 'new', trackingNumber: '2026120400001' }, 201);
      }
      return json({ status: 404 }, 404);
    }));
    const created = vi.fn();
    renderWith(<IntakeModal open onClose={() => {}} onCreated={created} />, { me: user(['Dispatcher']) });

    const dialog = await screen.findByRole('dialog');
    const phone = within(dialog).getByLabelText('来电号码');
    fireEvent.change(phone, { target: { value: '13811' } });
    fireEvent.change(phone, { target: { value: '138-1111-2222' } });
    const history = await within(dialog).findByRole('region', { name: '来电人历史诉求' });
    expect(within(history).getByRole('link', { name: '2026112700003' })).toHaveAttribute('href', '/cases/2026112700003');
    expect(within(history).getByText('已派单')).toBeInTheDocument();
    expect(within(history).getByText('该号码有 1 件历史诉求，请先确认是否为同一问题')).toBeInTheDocument();
    // Only the settled number was looked up; five digits were never a search.
    expect(searched).toEqual(['138-1111-2222']);

    fireEvent.change(within(dialog).getByLabelText('标题'), { target: { value: '油烟又来了' } });
    fireEvent.change(within(dialog).getByLabelText('诉求内容'), { target: { value: '上周反映的饭店油烟还在直排' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /登记/ }));
    await waitFor(() => expect(created).toHaveBeenCalledWith('2026120400001'));
    expect(posted).toMatchObject({ channel: 'Hotline', kind: 'Complaint', title: '油烟又来了', complainant: { phone: '138-1111-2222', name: null } });
  });

  it('hides the history of an anonymous call', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ items: [earlier('2026112700003', '楼下饭店油烟扰民', 'Dispatched')], hasMore: false, page: 1, pageSize: 5 })));
    renderWith(<IntakeModal open onClose={() => {}} onCreated={() => {}} />, { me: user(['Dispatcher']) });

    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('来电号码'), { target: { value: '13811112222' } });
    await within(dialog).findByRole('region', { name: '来电人历史诉求' });
    fireEvent.click(within(dialog).getByLabelText('匿名'));
    await waitFor(() => expect(within(dialog).queryByRole('region', { name: '来电人历史诉求' })).toBeNull());
  });

  it('shows no history for a caller with none', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ items: [], hasMore: false, page: 1, pageSize: 5 })));
    renderWith(<IntakeModal open onClose={() => {}} onCreated={() => {}} />, { me: user(['Dispatcher']) });

    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('来电号码'), { target: { value: '13900001111' } });
    await waitFor(() => expect(globalThis.fetch).toHaveBeenCalled());
    expect(within(dialog).queryByRole('region', { name: '来电人历史诉求' })).toBeNull();
  });
});
