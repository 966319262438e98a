import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { defaultPeriod, quickFindTarget } from './caseSearch';

describe('quickFindTarget', () => {
  const today = dayjs('2026-12-04');

  it('opens a tracking number or case id directly', () => {
    expect(quickFindTarget(' 2026120400001 ', today)).toBe('/cases/2026120400001');
    expect(quickFindTarget('0b6f1c1e-8f1a-4d8e-9a53-2f7d2c0a9b11', today)).toBe('/cases/0b6f1c1e-8f1a-4d8e-9a53-2f7d2c0a9b11');
  });

  it("lists a phone number's cases over all time, however it is typed", () => {
    expect(quickFindTarget('13811112222', today)).toBe('/cases?phone=13811112222');
    expect(quickFindTarget('010-8888 6666', today)).toBe('/cases?phone=010-8888+6666');
  });

  it('searches anything else over the last 90 days', () => {
    expect(quickFindTarget('油烟', today)).toBe(`/cases?q=${encodeURIComponent('油烟')}&from=2026-09-06&to=2026-12-04`);
    expect(quickFindTarget('12345', today)).toBe('/cases?q=12345&from=2026-09-06&to=2026-12-04'); // too short for a phone
    expect(quickFindTarget('   ', today)).toBeNull();
    expect(defaultPeriod(today)).toEqual({ from: '2026-09-06', to: '2026-12-04' });
  });
});
