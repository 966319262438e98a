import { describe, expect, it } from 'vitest';
import { ancestorsOf, type OrgTreeNode } from './orgTree';

const unit = (code: string, name: string, level: OrgTreeNode['level'], children: OrgTreeNode[] = []): OrgTreeNode =>
  ({ code, name, level, hasBoundary: level === 'Grid', children });
const tree = [unit('990100', '临江市', 'City', [
  unit('990102', '临北区', 'District', [unit('990102001', '滨河街道', 'Street', [unit('99010200101', '滨河第1网格', 'Grid')])]),
  unit('990103', '临南区', 'District', [unit('990103001', '南湖街道', 'Street')]),
])];

describe('org tree', () => {
  it('finds the codes above a unit, root first', () => {
    expect(ancestorsOf(tree, '99010200101')).toEqual(['990100', '990102', '990102001']);
    expect(ancestorsOf(tree, '990100')).toEqual([]);
    expect(ancestorsOf(tree, 'nowhere')).toEqual([]);
  });
});
