import { describe, expect, it } from 'vitest';
import { diffFields } from './diff';

describe('diffFields', () => {
  it('lists changed, added and removed fields with nested paths, and skips equal ones', () => {
    const before = { status: 'Dispatched', dueAt: '2026-03-10', complainant: { phone: '138****1234' }, tags: ['a'] };
    const after = { status: 'Accepted', dueAt: '2026-03-10', complainant: { phone: '138****1234', name: '张*' }, acceptedAt: '2026-03-02' };
    expect(diffFields(before, after)).toEqual([
      { field: 'acceptedAt', before: undefined, after: '2026-03-02', kind: 'added' },
      { field: 'complainant.name', before: undefined, after: '张*', kind: 'added' },
      { field: 'status', before: 'Dispatched', after: 'Accepted', kind: 'changed' },
      { field: 'tags', before: ['a'], after: undefined, kind: 'removed' },
    ]);
  });

  it('treats a missing side as empty (creation and deletion)', () => {
    expect(diffFields(null, { id: 1 })).toEqual([{ field: 'id', before: undefined, after: 1, kind: 'added' }]);
    expect(diffFields({ id: 1 }, null)).toEqual([{ field: 'id', before: 1, after: undefined, kind: 'removed' }]);
  });
});
