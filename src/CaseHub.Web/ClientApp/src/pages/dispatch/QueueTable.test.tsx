import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { QueueTable } from './QueueTable';
import type { CaseSummary } from '../../api/types';
import { renderWith } from '../../test/render';

function row(overrides: Partial<CaseSummary>): CaseSummary {
  return {
    id: overrides.trackingNumber ?? 'id', trackingNumber: '2026030100001', title: '油烟扰民', kind: 'Complaint', grade: 'B', status: 'PendingDispatch',
    channel: 'Hotline', receivedAt: '2026-03-01T01:00:00Z', waitingSince: '2026-03-01T01:00:00Z', dueAt: null, remainingWorkingMinutes: 30,
    card: null, departmentCode: null, departmentName: null, itemCode: null, itemName: '餐饮油烟', jurisdictionName: '滨河街道',
    taskId: 't', taskAssignee: null, probableDuplicateOf: null, ...overrides,
  };
}

describe('QueueTable', () => {
  const rows = [
    row({ trackingNumber: '2026030100001', card: 'Red', remainingWorkingMinutes: -90, taskAssignee: 'dispatcher2' }),
    row({ trackingNumber: '2026030100002', card: 'Yellow' }),
    row({ trackingNumber: '2026030100003', card: 'Blue' }),
    row({ trackingNumber: '2026030100004', card: null }),
  ];

  it('shows each case’s card in its colour and name', () => {
    const { container } = renderWith(<QueueTable rows={rows} selected={0} onSelect={() => {}} />);
    const tags = [...container.querySelectorAll('[data-card]')];
    expect(tags.map((t) => [t.getAttribute('data-card'), t.textContent])).toEqual([
      ['Red', '红牌'], ['Yellow', '黄牌'], ['Blue', '蓝牌'],
    ]);
    // antd renders a preset-free colour as an inline background.
    expect((tags[0] as HTMLElement).style.backgroundColor).toBe('rgb(207, 19, 34)');
    expect((tags[1] as HTMLElement).style.backgroundColor).toBe('rgb(212, 161, 6)');
    expect((tags[2] as HTMLElement).style.backgroundColor).toBe('rgb(22, 119, 255)');
  });

  it('shows who holds the task, overdue time, and marks the selected row', () => {
    const onSelect = vi.fn();
    renderWith(<QueueTable rows={rows} selected={1} onSelect={onSelect} me="dispatcher" />);
    expect(screen.getByText('dispatcher2')).toBeInTheDocument();
    expect(screen.getAllByText('未认领')).toHaveLength(3);
    expect(screen.getByText('超时 1小时30分钟 (工作时间)')).toBeInTheDocument();
    const selected = screen.getByText('2026030100002').closest('tr')!;
    expect(selected).toHaveClass('row-selected');
    fireEvent.click(screen.getByText('2026030100003').closest('tr')!);
    expect(onSelect).toHaveBeenCalledWith(2);
  });
});
