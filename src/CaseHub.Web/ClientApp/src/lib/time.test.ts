import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { formatRemaining, formatWaiting, splitWorkingMinutes } from './time';

describe('remaining working time', () => {
  const zh = i18n.getFixedT('zh-CN');
  const en = i18n.getFixedT('en-US');

  it('splits working minutes into 7-hour working days', () => {
    expect(splitWorkingMinutes(420 + 3 * 60 + 5)).toEqual({ overdue: false, days: 1, hours: 3, minutes: 5 });
    expect(splitWorkingMinutes(-125)).toEqual({ overdue: true, days: 0, hours: 2, minutes: 5 });
  });

  it('shows days and hours in Chinese, marked as working time', () => {
    expect(formatRemaining(420 + 180, zh)).toBe('剩余 1天3小时 (工作时间)');
  });

  it('shows hours and minutes under a day, and minutes alone under an hour', () => {
    expect(formatRemaining(95, zh)).toBe('剩余 1小时35分钟 (工作时间)');
    expect(formatRemaining(35, zh)).toBe('剩余 35分钟 (工作时间)');
  });

  it('says overdue for negative minutes, and accepts the numbers as strings the API may send', () => {
    expect(formatRemaining('-39150.1', zh)).toBe('超时 93天1小时 (工作时间)');
  });

  it('uses the calendar length it is given', () => {
    expect(formatRemaining(480, zh, 480)).toBe('剩余 1天 (工作时间)');
  });

  it('formats in English too', () => {
    expect(formatRemaining(420 + 180, en)).toBe('1d 3h left (working time)');
  });

  it('shows a dash without an open clock', () => {
    expect(formatRemaining(null, zh)).toBe('—');
  });

  it('counts waiting time in clock days', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    expect(formatWaiting('2026-03-01T10:30:00Z', zh, now)).toBe('1天1小时');
  });
});
