import type { TFunction } from 'i18next';

/** The working minutes in one working day of the default calendar (09:00–12:00 and 13:30–17:30). */
export const defaultWorkingMinutesPerDay = 420;

export type WorkingSpan = { overdue: boolean; days: number; hours: number; minutes: number };

/** Splits working minutes into working days, hours and minutes; negative minutes are overdue. */
export function splitWorkingMinutes(total: number, minutesPerDay = defaultWorkingMinutesPerDay): WorkingSpan {
  const overdue = total < 0;
  let rest = Math.floor(Math.abs(total));
  const days = Math.floor(rest / minutesPerDay);
  rest -= days * minutesPerDay;
  const hours = Math.floor(rest / 60);
  return { overdue, days, hours, minutes: rest - hours * 60 };
}

/** "1天3小时": days with hours, or hours with minutes, or minutes alone. */
export function formatSpan(span: WorkingSpan, t: TFunction): string {
  const parts: string[] = [];
  if (span.days > 0) {
    parts.push(t('time.days', { count: span.days }));
    if (span.hours > 0) parts.push(t('time.hours', { count: span.hours }));
  } else if (span.hours > 0) {
    parts.push(t('time.hours', { count: span.hours }));
    if (span.minutes > 0) parts.push(t('time.minutes', { count: span.minutes }));
  } else {
    parts.push(t('time.minutes', { count: span.minutes }));
  }
  return parts.join(t('time.separator'));
}

/** "剩余 1天3小时 (工作时间)" or "超时 2小时 (工作时间)"; an em dash when there is no open clock. */
export function formatRemaining(
  minutes: number | string | null | undefined,
  t: TFunction,
  minutesPerDay = defaultWorkingMinutesPerDay,
): string {
  if (minutes === null || minutes === undefined || minutes === '') return '—';
  const value = Number(minutes);
  if (!Number.isFinite(value)) return '—';
  const span = splitWorkingMinutes(value, minutesPerDay);
  return t(span.overdue ? 'time.overdue' : 'time.remaining', { span: formatSpan(span, t) });
}

/** Clock time since an instant, for queue waiting times: "3小时20分钟". */
export function formatWaiting(since: string | null | undefined, t: TFunction, now: Date = new Date()): string {
  if (!since) return '—';
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 60000));
  return formatSpan(splitWorkingMinutes(minutes, 1440), t);
}
