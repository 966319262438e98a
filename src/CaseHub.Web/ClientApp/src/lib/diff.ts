export type FieldChange = { field: string; before: unknown; after: unknown; kind: 'added' | 'removed' | 'changed' };

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out.set(prefix, value);
  }
}

/** The fields that differ between an audit entry's before and after, nested objects flattened to dotted paths. */
export function diffFields(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before ?? {}, '', a);
  flatten(after ?? {}, '', b);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const inBefore = a.has(field);
    const inAfter = b.has(field);
    const x = a.get(field);
    const y = b.get(field);
    if (inBefore && inAfter && JSON.stringify(x) === JSON.stringify(y)) continue;
    changes.push({ field, before: x, after: y, kind: !inBefore ? 'added' : !inAfter ? 'removed' : 'changed' });
  }
  return changes;
}
