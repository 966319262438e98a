import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import ReportPage, { mobilePattern } from './ReportPage';
import { renderWith } from '../../test/render';

describe('citizen report', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('accepts only 11-digit mainland mobile numbers', () => {
    expect(mobilePattern.test('13812341234')).toBe(true);
    expect(mobilePattern.test('1381234123')).toBe(false);
    expect(mobilePattern.test('23812341234')).toBe(false);
  });

  it('posts the report and shows the tracking number', async () => {
    const fetch = vi.fn(async (_: Request) => new Response(JSON.stringify({ trackingNumber: '2026030100042' }), { status: 201, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    renderWith(<ReportPage />);

    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '路灯不亮' } });
    fireEvent.change(screen.getByLabelText('详细描述'), { target: { value: '小区门口路灯坏了一周' } });
    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '张三' } });
    fireEvent.change(screen.getByLabelText('手机号'), { target: { value: '13812341234' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));

    expect(await screen.findByTestId('tracking-number', {}, { timeout: 3000 })).toHaveTextContent('2026030100042');
    const request = fetch.mock.calls[0][0];
    expect(new URL(request.url).pathname).toBe('/api/public/cases');
    await waitFor(async () => expect(await request.clone().json()).toMatchObject({
      kind: 'Complaint', title: '路灯不亮', description: '小区门口路灯坏了一周', name: '张三', phone: '13812341234',
    }));
  }, 30_000);
});
