/** The org tree as the pages load it, and helpers for the reference-data trees (items and org units) and their search boxes. */
import type { KeyboardEvent, RefObject } from 'react';
import { api, call, type Schemas } from '../api/client';

export type OrgLevel = Schemas['OrgLevel'];
/** A node of GET /api/org-units?view=tree. */
export type OrgTreeNode = { code: string; name: string; level: OrgLevel; hasBoundary: boolean; children: OrgTreeNode[] };

export const orgLevelColours: Record<OrgLevel, string> = { City: 'magenta', District: 'volcano', Street: 'gold', Community: 'green', Grid: 'blue' };

/** The whole org tree, city down to grids: a few hundred units, fetched once and shared by the pages that name units. */
export const orgTreeQuery = {
  queryKey: ['org-units', 'tree'],
  staleTime: 5 * 60_000,
  queryFn: async () => (await call(api.GET('/api/org-units', { params: { query: { view: 'tree' } } }))) as OrgTreeNode[],
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

/** Whether a unit's name or code contains `text` (ignoring case). */
function orgMatches(node: OrgTreeNode, text: string): boolean {
  const needle = text.trim().toLowerCase();
  return node.name.toLowerCase().includes(needle) || node.code.toLowerCase().includes(needle);
}

/**
 * The units whose name or code contains `text`, each with its whole subtree, and the path down to them; `open` lists the
 * units on those paths, to expand so that every match shows. The whole tree, with nothing to open, for empty text.
 */
export function filterOrgTree(roots: readonly OrgTreeNode[], text: string): { roots: OrgTreeNode[]; open: string[] } {
  const open: string[] = [];
  const keep = (nodes: readonly OrgTreeNode[]): OrgTreeNode[] => nodes.flatMap((node) => {
    if (orgMatches(node, text)) return [node];
    const children = keep(node.children);
    if (children.length === 0) return [];
    open.push(node.code);
    return [{ ...node, children }];
  });
  return text.trim() ? { roots: keep(roots), open } : { roots: [...roots], open };
}

/**
 * A grid's stored boundary (a GeoJSON Polygon or MultiPolygon geometry) as the rings the map snippet draws ([lng, lat]
 * points): every ring of every polygon. Anything else draws nothing.
 */
export function boundaryRings(boundary: unknown): number[][][] {
  if (!boundary || typeof boundary !== 'object') return [];
  const { type, coordinates } = boundary as { type?: string; coordinates?: unknown };
  if (!Array.isArray(coordinates)) return [];
  const polygons = type === 'Polygon' ? [coordinates] : type === 'MultiPolygon' ? coordinates : [];
  return (polygons as unknown[][]).flatMap((polygon) => (Array.isArray(polygon) ? polygon : []))
    .filter((ring): ring is number[][] => Array.isArray(ring) && ring.every((p) => Array.isArray(p) && p.length >= 2 && p.every(Number.isFinite)));
}

/** A search box's onKeyDown that moves focus into the tree below it on the down arrow (the tree then marks its first or selected node). */
export function focusTreeOnArrowDown(pane: RefObject<HTMLElement | null>) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown') return;
    const tree = pane.current?.querySelector<HTMLElement>('[role="tree"]');
    if (!tree) return;
    e.preventDefault();
    tree.focus();
  };
}
