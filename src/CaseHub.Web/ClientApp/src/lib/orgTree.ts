import { api, call, type Schemas } from '../api/client';

export type OrgLevel = Schemas['OrgLevel'];
/** GET /api/org-units?view=tree; the OpenAPI document leaves this view's body untyped. */
export type OrgTreeNode = { code: string; name: string; level: OrgLevel; hasBoundary: boolean; children: OrgTreeNode[] };

/** The whole org tree, city down to grids: a few hundred units, fetched once and shared by the pages that name units. */
export const orgTreeQuery = {
  queryKey: ['org-units', 'tree'],
  staleTime: 5 * 60_000,
  queryFn: async () => (await call(api.GET('/api/org-units', { params: { query: { view: 'tree' } } }))) as unknown as OrgTreeNode[],
} as const;

/** Every unit of the tree by code. */
export function indexTree<T extends { code: string; children: T[] }>(roots: readonly T[] | undefined): Map<string, T> {
  const byCode = new Map<string, T>();
  const visit = (nodes: readonly T[]) => {
    for (const node of nodes) {
      byCode.set(node.code, node);
      visit(node.children);
    }
  };
  visit(roots ?? []);
  return byCode;
}

/** The codes of the nodes above `code`, root first; empty when `code` is a root or not in the tree. */
export function ancestorsOf<T extends { code: string; children: T[] }>(roots: readonly T[] | undefined, code: string): string[] {
  const path: string[] = [];
  const find = (nodes: readonly T[]): boolean => nodes.some((node) => {
    if (node.code === code) return true;
    path.push(node.code);
    if (find(node.children)) return true;
    path.pop();
    return false;
  });
  return find(roots ?? []) ? path : [];
}

/** The codes of the nodes that have children, to expand a whole (filtered) tree. */
export function branchCodes<T extends { code: string; children: T[] }>(roots: readonly T[] | undefined): string[] {
  return [...indexTree(roots).values()].filter((n) => n.children.length > 0).map((n) => n.code);
}
