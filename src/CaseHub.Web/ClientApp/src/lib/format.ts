import dayjs from 'dayjs';

export function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

export function toNumber(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function percent(value: number | string | null | undefined): string {
  const n = toNumber(value);
  return n === null ? '—' : `${(n * 100).toFixed(1)}%`;
}
