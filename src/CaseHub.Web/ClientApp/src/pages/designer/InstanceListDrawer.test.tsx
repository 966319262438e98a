import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { InstanceListDrawer } from './InstanceListDrawer';
import { renderWith, user } from '../../test/render';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const at = '2025-03-03T01:00:00Z';
const instance = (id: string, status: string, openIncidents: number, trackingNumber: string | null) => ({
  id, definitionId: 'standard-case', definitionVersion: 2, status, correlationId: null, createdAt: at, updatedAt: at, finishedAt: null,
  waiting: [], variables: null, input: null, openIncidents, case: trackingNumber ? { id: `case-${id}`, trackingNumber } : null,
});

describe('InstanceListDrawer', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the running instances with their case and open incidents, each linking to its instance view', async () => {
    const fetch = vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname !== '/api/workflows/instances') return json({ status: 404 }, 404);
      const items = url.searchParams.get('active') === 'true'
        ? [instance('aaaaaaaa-1', 'Faulted', 2, '2025030300001'), instance('bbbbbbbb-2', 'Suspended', 0, null)]
        : [instance('cccccccc-3', 'Finished', 0, '2025030300009')];
      return json({ items, total: items.length, page: 1, pageSize: 20 });
    });
    vi.stubGlobal('fetch', fetch);
    renderWith(<InstanceListDrawer definition={{ definitionId: 'standard-case', name: '接诉即办标准流程' }} onClose={() => {}} />,
      { me: user(['WorkflowAdmin']) });

    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('“接诉即办标准流程”的实例')).toBeInTheDocument();
    const faulted = (await within(drawer).findByRole('link', { name: 'aaaaaaaa' })).closest('tr')!;
    expect(within(drawer).getByRole('link', { name: 'aaaaaaaa' })).toHaveAttribute('href', '/designer/instances/aaaaaaaa-1');
    expect(within(faulted).getByRole('link', { name: '2025030300001' })).toHaveAttribute('href', '/cases/2025030300001');
    expect(within(faulted).getByText('故障')).toBeInTheDocument();
    expect(within(faulted).getByText('2')).toBeInTheDocument();
    const waiting = within(drawer).getByRole('link', { name: 'bbbbbbbb' }).closest('tr')!;
    expect(within(waiting).getByText('等待中')).toBeInTheDocument();
    expect(within(drawer).queryByText('cccccccc')).not.toBeInTheDocument();
    const asked = new URL(fetch.mock.calls[0][0].url);
    expect(asked.searchParams.get('definitionId')).toBe('standard-case');

    // Finished ones only when asked for.
    fireEvent.click(within(drawer).getByRole('checkbox', { name: '包括已结束和已取消的' }));
    await waitFor(() => expect(within(drawer).getByRole('link', { name: 'cccccccc' })).toBeInTheDocument());
  }, 30_000);
});
