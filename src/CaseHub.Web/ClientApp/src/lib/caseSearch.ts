import dayjs, { type Dayjs } from 'dayjs';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id, or a tracking number (the day, yyyyMMdd, then its sequence), typed alone. */
export function isCaseKey(text: string): boolean {
  return guid.test(text) || /^20\d{10,14}$/.test(text);
}

/** A new search covers the last 90 days: a rare keyword over every year on record would read the whole table. */
export function defaultPeriod(today: Dayjs = dayjs()): { from: string; to: string } {
  return { from: today.subtract(89, 'day').format('YYYY-MM-DD'), to: today.format('YYYY-MM-DD') };
}

/**
 * Where the header's quick find goes: a tracking number or id opens its case; a phone number (digits and separators,
 * at least 7 digits) lists the caller's cases, all of them; anything else searches titles and addresses of the last 90 days.
 */
export function quickFindTarget(value: string, today: Dayjs = dayjs()): string | null {
  const text = value.trim();
  if (!text) return null;
  if (isCaseKey(text)) return `/cases/${encodeURIComponent(text)}`;
  if (/^[\d\s\-+()]+$/.test(text) && text.replace(/\D/g, '').length >= 7) return `/cases?${new URLSearchParams({ phone: text })}`;
  return `/cases?${new URLSearchParams({ q: text, ...defaultPeriod(today) })}`;
}
