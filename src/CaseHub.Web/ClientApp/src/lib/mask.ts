/** Masking as the server does it (张*, 138****1234, 330102********1234), for users who may not see personal data. */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.includes('*') || phone.length < 7) return phone;
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '';
  if (id.includes('*') || id.length < 10) return id;
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}
