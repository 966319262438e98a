import { describe, expect, it } from 'vitest';
import { ancestorsOf, boundaryRings, filterOrgTree, type OrgTreeNode } from './orgTree';

const unit = (code: string, name: string, level: OrgTreeNode['level'], children: OrgTreeNode[] = []): OrgTreeNode =>
  ({ code, name, level, hasBoundary: level === 'Grid', children });
const tree = [unit('990100', '临江市', 'City', [
  unit('990102', '临北区', 'District', [unit('990102001', '滨河街道', 'Street', [unit('99010200101', '滨河第1网格', 'Grid')])]),
  unit('990103', '临南区', 'District', [unit('990103001', '南湖街道', 'Street')]),
])];

describe('org tree', () => {
  it('keeps each match with its subtree and the path to it, and opens only the path', () => {
    const { roots, open } = filterOrgTree(tree, '滨河街道');
    expect(roots).toHaveLength(1);
    expect(roots[0].children.map((c) => c.name)).toEqual(['临北区']);
    expect(roots[0].children[0].children[0].children.map((c) => c.name)).toEqual(['滨河第1网格']);
    expect(open).toEqual(['990102', '990100']);
    expect(filterOrgTree(tree, '9901030').roots[0].children.map((c) => c.code)).toEqual(['990103']);
    expect(filterOrgTree(tree, '  ')).toEqual({ roots: tree, open: [] });
    expect(filterOrgTree(tree, '不存在').roots).toEqual([]);
  });

  it('finds the codes above a unit, root first', () => {
    expect(ancestorsOf(tree, '99010200101')).toEqual(['990100', '990102', '990102001']);
    expect(ancestorsOf(tree, '990100')).toEqual([]);
    expect(ancestorsOf(tree, 'nowhere')).toEqual([]);
  });

  it('reads the rings of a Polygon and of every polygon of a MultiPolygon, and nothing else', () => {
    const a = [[119.2, 30.1], [119.21, 30.1], [119.21, 30.11], [119.2, 30.1]];
    const hole = [[119.202, 30.102], [119.203, 30.102], [119.203, 30.103], [119.202, 30.102]];
    const b = [[119.3, 30.1], [119.31, 30.1], [119.31, 30.11], [119.3, 30.1]];
    expect(boundaryRings({ type: 'Polygon', coordinates: [a, hole] })).toEqual([a, hole]);
    expect(boundaryRings({ type: 'MultiPolygon', coordinates: [[a, hole], [b]] })).toEqual([a, hole, b]);
    expect(boundaryRings({ type: 'Point', coordinates: [119.2, 30.1] })).toEqual([]);
    expect(boundaryRings({ type: 'Polygon', coordinates: [[['x', 1]]] })).toEqual([]);
    expect(boundaryRings(null)).toEqual([]);
  });
});
