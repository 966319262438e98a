/**
 * Durations as the engine reads them, shown as an amount and a unit: working time ('3 working days', '4 working
 * hours'), counted on the centre's calendar, or clock time (TimeSpan text 'd.hh:mm:ss' or 'hh:mm:ss', or ISO 8601
 * like 'PT2H'), counted around the clock.
 */
export type WorkingUnit = 'workingDays' | 'workingHours';
export type ClockUnit = 'days' | 'hours' | 'minutes';
export type DurationUnit = WorkingUnit | ClockUnit;
export type Duration = { amount: number; unit: DurationUnit };

export const durationUnits: readonly DurationUnit[] = ['workingDays', 'workingHours', 'days', 'hours', 'minutes'];

const minutesPer: Record<ClockUnit, number> = { days: 24 * 60, hours: 60, minutes: 1 };
const workingText: Record<WorkingUnit, string> = { workingDays: 'working days', workingHours: 'working hours' };

/** Total minutes in a TimeSpan or ISO 8601 text, or null when it is neither. */
export function parseMinutes(text: string): number | null {
  const value = text.trim();
  const span = value.match(/^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/);
  if (span) {
    const total = Number(span[2] ?? 0) * 1440 + Number(span[3]) * 60 + Number(span[4]) + Number(span[5] ?? 0) / 60;
    return span[1] ? -total : total;
  }
  const iso = value.match(/^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i);
  if (iso && value.length > 1 && !/T$/i.test(value)) {
    return Number(iso[1] ?? 0) * 1440 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0) + Number(iso[4] ?? 0) / 60;
  }
  return null;
}

/** Working time in its own unit; clock time in the largest unit it is a whole number of. */
export function parseDuration(text: string): Duration | null {
  const working = text.trim().match(/^(\d+(?:\.\d+)?)\s*working\s+(day|hour)s?$/i);
  if (working) return { amount: Number(working[1]), unit: working[2].toLowerCase() === 'day' ? 'workingDays' : 'workingHours' };
  const minutes = parseMinutes(text);
  if (minutes === null) return null;
  for (const unit of ['days', 'hours'] as const) {
    if (minutes !== 0 && minutes % minutesPer[unit] === 0) return { amount: minutes / minutesPer[unit], unit };
  }
  return { amount: minutes, unit: 'minutes' };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The engine's text: 3 working days → '3 working days', 2 days → '2.00:00:00', 4 hours → '04:00:00'. */
export function formatDuration({ amount, unit }: Duration): string {
  if (unit === 'workingDays' || unit === 'workingHours') return `${amount} ${workingText[unit]}`;
  const total = Math.round(amount * minutesPer[unit] * 60);
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  const time = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return days > 0 ? `${days}.${time}` : time;
}
