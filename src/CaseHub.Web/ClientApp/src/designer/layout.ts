/**
 * A small layered layout, left to right: back edges (loops such as 退单 → 派单) are set aside, every activity goes in
 * the column of its longest path from a start, and a few barycentre sweeps order each column to keep lines short.
 */
export type LayoutNode = { id: string; width: number; height: number };
export type LayoutEdge = { source: string; target: string };
export type Position = { x: number; y: number };

/** LR: columns left to right (the default); TB: the same layers as rows, top to bottom. */
export type LayoutOptions = { columnGap?: number; rowGap?: number; origin?: Position; direction?: 'LR' | 'TB' };

export function layeredLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], options: LayoutOptions = {}): Map<string, Position> {
  const { columnGap = 80, rowGap = 40, origin = { x: 40, y: 40 }, direction = 'LR' } = options;
  const ids = new Set(nodes.map((n) => n.id));
  const out = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const indegree = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const e of edges) {
    if (!ids.has(e.source) || !ids.has(e.target) || e.source === e.target) continue;
    out.get(e.source)!.push(e.target);
    indegree.set(e.target, indegree.get(e.target)! + 1);
  }

  // Depth-first from the sources (then from whatever is left) marks the edges that close a cycle.
  const state = new Map<string, 0 | 1 | 2>();
  const forward = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const visit = (start: string) => {
    const stack: [string, number][] = [[start, 0]];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [id, i] = top;
      const next = out.get(id)!;
      if (i >= next.length) {
        state.set(id, 2);
        stack.pop();
        continue;
      }
      top[1]++;
      const target = next[i];
      const s = state.get(target) ?? 0;
      if (s === 1) continue; // a back edge
      forward.get(id)!.push(target);
      if (s === 0) {
        state.set(target, 1);
        stack.push([target, 0]);
      }
    }
  };
  for (const n of nodes) if (indegree.get(n.id) === 0 && !state.get(n.id)) visit(n.id);
  for (const n of nodes) if (!state.get(n.id)) visit(n.id);

  // Longest-path ranks over the forward edges, in topological order.
  const incoming = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const targets of forward.values()) for (const t of targets) incoming.set(t, incoming.get(t)! + 1);
  const rank = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const queue = nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const t of forward.get(id)!) {
      rank.set(t, Math.max(rank.get(t)!, rank.get(id)! + 1));
      incoming.set(t, incoming.get(t)! - 1);
      if (incoming.get(t) === 0) queue.push(t);
    }
  }

  const columns: string[][] = [];
  for (const n of nodes) (columns[rank.get(n.id)!] ??= []).push(n.id);
  const predecessors = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const [s, targets] of forward) for (const t of targets) predecessors.get(t)!.push(s);
  const order = new Map<string, number>();
  const renumber = (column: string[]) => column.forEach((id, i) => order.set(id, i));
  columns.forEach((c) => c && renumber(c));
  for (let sweep = 0; sweep < 4; sweep++) {
    for (const column of columns.slice(1)) {
      if (!column) continue;
      const weight = (id: string) => {
        const ps = predecessors.get(id)!;
        return ps.length === 0 ? order.get(id)! : ps.reduce((sum, p) => sum + order.get(p)!, 0) / ps.length;
      };
      const weights = new Map(column.map((id) => [id, weight(id)]));
      column.sort((a, b) => weights.get(a)! - weights.get(b)!);
      renumber(column);
    }
  }

  // Place the layers along the main axis and each layer's members across it, centred on the widest layer.
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const along = (id: string) => (direction === 'LR' ? byId.get(id)!.width : byId.get(id)!.height);
  const across = (id: string) => (direction === 'LR' ? byId.get(id)!.height : byId.get(id)!.width);
  const [layerGap, memberGap] = direction === 'LR' ? [columnGap, rowGap] : [rowGap + 20, columnGap / 2];
  const spans = columns.map((c) => (c ?? []).reduce((sum, id) => sum + across(id), 0) + memberGap * Math.max(0, (c?.length ?? 0) - 1));
  const widest = Math.max(0, ...spans);
  const positions = new Map<string, Position>();
  let main = 0;
  columns.forEach((column, i) => {
    if (!column) return;
    let cross = (widest - spans[i]) / 2;
    for (const id of column) {
      const [dx, dy] = direction === 'LR' ? [main, cross] : [cross, main];
      positions.set(id, { x: Math.round(origin.x + dx), y: Math.round(origin.y + dy) });
      cross += across(id) + memberGap;
    }
    main += Math.max(...column.map(along)) + layerGap;
  });
  return positions;
}

/** The extent of a layout, to choose the direction that fits a viewport best. */
export function layoutSize(positions: ReadonlyMap<string, Position>, nodes: readonly LayoutNode[]) {
  let [width, height] = [0, 0];
  for (const n of nodes) {
    const p = positions.get(n.id);
    if (p) [width, height] = [Math.max(width, p.x + n.width), Math.max(height, p.y + n.height)];
  }
  return { width, height };
}
