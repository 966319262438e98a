/**
 * The X6 canvas of the designer. Nodes are X6's own SVG markup (no React per node), so a 200-activity workflow
 * renders quickly. The activity JSON rides on each node as its data; ports and labels are derived from it and the
 * descriptors, and decorations (selection, validation errors, diff marks, counts) are kept out of undo history.
 */
import { EdgeView, Graph, History, Keyboard, NodeView, Selection, Snapline, type Cell, type Edge, type Node } from '@antv/x6';
import {
  activityLabel, edgeKey, inPort, newActivity, outcomesOf,
  type ActivityJson, type DesignEdge, type DesignGraph, type DesignNode, type Descriptor, type JsonObject,
} from './document';
import { layeredLayout, layoutSize } from './layout';
import type { Mark } from './diff';

const shape = 'casehub-activity';
const decor = { decor: true };
const outPrefix = 'out:';
const inId = 'in';

export const categoryColours: Record<string, string> = {
  Flow: '#722ed1', Primitives: '#8c8c8c', Timers: '#fa8c16', Events: '#13c2c2', Tasks: '#1677ff', Cases: '#52c41a',
};

let registered = false;
function register() {
  if (registered) return;
  registered = true;
  // No inherited shape and no ref attributes (refWidth, refX, …): those need a bounding box per node on every
  // render, which dominated opening large workflows. Sizes are written as plain numbers (see sizeAttrs).
  Graph.registerNode(shape, {
    width: 160,
    height: 60,
    markup: [
      { tagName: 'rect', selector: 'body' },
      { tagName: 'rect', selector: 'stripe' },
      { tagName: 'text', selector: 'label' },
      { tagName: 'text', selector: 'kind' },
      { tagName: 'text', selector: 'badge' },
    ],
    attrs: {
      body: { width: 160, height: 60, rx: 6, ry: 6, fill: '#fff', stroke: '#bfbfbf', strokeWidth: 1.5 },
      stripe: { width: 5, height: 60, rx: 2, fill: '#8c8c8c' },
      label: { x: 12, y: 26, fontSize: 13, fontWeight: 600, fill: '#1f1f1f', textAnchor: 'start' },
      kind: { x: 12, y: 46, fontSize: 11, fill: '#8c8c8c', textAnchor: 'start' },
      badge: { x: 154, y: -4, fontSize: 11, fill: '#d46b08', textAnchor: 'end' },
    },
    ports: {
      groups: {
        in: {
          position: 'left',
          attrs: { circle: { r: 5, magnet: 'passive', stroke: '#8c8c8c', fill: '#fff', strokeWidth: 1.5 } },
        },
        out: {
          position: 'right',
          label: { position: { name: 'left', args: { x: -8 } } },
          attrs: {
            circle: { r: 5, magnet: true, stroke: '#1677ff', fill: '#fff', strokeWidth: 1.5, cursor: 'crosshair' },
            text: { fontSize: 11, fill: '#595959' },
          },
        },
      },
    },
  }, true);
}

/**
 * A view class whose options are computed once per graph. X6 deep-clones and merges the view defaults for every
 * cell view it creates, about a fifth of the time to open a large workflow; the result only depends on the graph
 * and views never write to it, so one copy serves them all.
 */
function cachedOptions<T extends typeof NodeView | typeof EdgeView>(Base: T): T {
  const View = class extends (Base as typeof NodeView) {} as unknown as T;
  const compute = (Base.getOptions as (o: object) => unknown).bind(View);
  const byGraph = new WeakMap<object, unknown>();
  (View as unknown as { getOptions: (o: { graph?: object }) => unknown }).getOptions = (options) => {
    const graph = options.graph;
    if (!graph || Object.keys(options).length !== 1) return compute(options);
    if (!byGraph.has(graph)) byGraph.set(graph, compute(options));
    return byGraph.get(graph);
  };
  return View;
}
const ActivityView = cachedOptions(NodeView);
const ConnectionView = cachedOptions(EdgeView);

/** Cuts text to about `width` pixels, counting CJK characters as wide. */
export function fit(text: string, width: number, size = 13): string {
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    used += text.charCodeAt(i) > 0x2e80 ? size : size * 0.58;
    if (used > width) return `${text.slice(0, Math.max(1, i - 1))}…`;
  }
  return text;
}

/** The attributes that follow a node's size. */
function sizeAttrs(width: number, height: number) {
  return { body: { width, height }, stripe: { height }, badge: { x: width - 6 } };
}

const edgeAttrs = { line: { stroke: '#8c8c8c', strokeWidth: 1.5, targetMarker: { name: 'block', width: 8, height: 6 } } };

export type CanvasOptions = {
  readOnly: boolean;
  language: string;
  descriptors: ReadonlyMap<string, Descriptor>;
  onSelect?: (ids: string[]) => void;
  onChange?: () => void;
};

type Style = { issues?: number; mark?: Mark; waiting?: number; faulted?: number; highlight?: boolean };

export class DesignerCanvas {
  readonly graph: Graph;
  private history?: History;
  private selection: Selection;
  private options: CanvasOptions;
  private styles = new Map<string, Style>();
  private edgeMarks = new Map<string, Mark>();
  private buffer: { nodes: DesignNode[]; edges: DesignEdge[] } | null = null;
  private loading = false;

  constructor(container: HTMLElement, options: CanvasOptions) {
    register();
    this.options = options;
    const readOnly = options.readOnly;
    this.graph = new Graph({
      container,
      autoResize: true,
      // Render in the same task as the load: for a few hundred nodes one synchronous pass beats frame-by-frame batches.
      async: false,
      createCellView: (cell) => (cell.isNode() ? ActivityView : cell.isEdge() ? ConnectionView : null),
      background: { color: '#fafafa' },
      grid: { visible: true, size: 10, type: 'dot' },
      panning: { enabled: true },
      mousewheel: { enabled: true, zoomAtMousePosition: true, minScale: 0.2, maxScale: 3, modifiers: null },
      interacting: readOnly ? { nodeMovable: false, edgeMovable: false, magnetConnectable: false, edgeLabelMovable: false, arrowheadMovable: false, vertexMovable: false, vertexAddable: false, vertexDeletable: false } : true,
      connecting: {
        snap: { radius: 24 },
        allowBlank: false,
        allowLoop: false,
        allowNode: false,
        allowEdge: false,
        allowMulti: true,
        highlight: true,
        connector: { name: 'smooth' },
        validateMagnet: ({ magnet }) => magnet.getAttribute('port-group') === 'out',
        validateConnection: ({ sourceCell, targetCell, sourcePort, targetPort }) =>
          !!sourceCell && !!targetCell && sourceCell !== targetCell && !!sourcePort?.startsWith(outPrefix) && targetPort === inId,
        createEdge: () => this.graph.createEdge({ attrs: edgeAttrs, connector: { name: 'smooth' }, data: { extra: {}, targetPort: inPort }, zIndex: 0 }),
      },
      highlighting: {
        magnetAvailable: { name: 'stroke', args: { padding: 3, attrs: { stroke: '#52c41a', strokeWidth: 2 } } },
      },
    });
    this.selection = new Selection({
      enabled: true, multiple: true, rubberband: !readOnly, modifiers: 'shift', movable: !readOnly,
      showNodeSelectionBox: false, showEdgeSelectionBox: false, pointerEvents: 'none',
    });
    this.graph.use(this.selection);
    if (!readOnly) {
      this.history = new History({
        enabled: true,
        beforeAddCommand: (_event, args) => !(args as { options?: Record<string, unknown> }).options?.decor,
      });
      this.graph.use(this.history);
      this.graph.use(new Snapline({ enabled: true }));
    }
    this.graph.use(new Keyboard({ enabled: true, global: false }));
    this.bindKeys(readOnly);

    this.selection.on('selection:changed', () => {
      for (const node of this.graph.getNodes()) this.restyle(node);
      for (const edge of this.graph.getEdges()) this.restyleEdge(edge);
      this.options.onSelect?.(this.selectedIds());
    });
    this.graph.on('node:change:data', ({ node }) => this.sync(node));
    const changed = () => { if (!this.loading) this.options.onChange?.(); };
    this.graph.on('cell:added', changed);
    this.graph.on('cell:removed', changed);
    this.graph.on('node:moved', changed);
    this.graph.on('node:change:data', changed);
    this.graph.on('edge:connected', changed);
  }

  private bindKeys(readOnly: boolean) {
    const keyboard = this.graph.getPlugin<Keyboard>('keyboard')!;
    const stop = (handler: () => void) => (e: KeyboardEvent) => { e.preventDefault(); handler(); };
    keyboard.bindKey('f', stop(() => this.fit()));
    keyboard.bindKey(['ctrl+a', 'meta+a'], stop(() => this.selection.select(this.graph.getNodes())));
    if (readOnly) return;
    keyboard.bindKey(['delete', 'backspace'], stop(() => this.removeSelected()));
    keyboard.bindKey(['ctrl+c', 'meta+c'], stop(() => this.copy()));
    keyboard.bindKey(['ctrl+v', 'meta+v'], stop(() => this.paste()));
    keyboard.bindKey(['ctrl+z', 'meta+z'], stop(() => this.undo()));
    keyboard.bindKey(['ctrl+y', 'meta+y', 'ctrl+shift+z', 'meta+shift+z'], stop(() => this.redo()));
  }

  setLanguage(language: string) {
    this.options = { ...this.options, language };
    for (const node of this.graph.getNodes()) this.sync(node);
  }

  // ---- loading and reading ----

  load(design: DesignGraph) {
    this.loading = true;
    try {
      const used = new Map<string, string[]>();
      for (const e of design.edges) used.set(e.source, [...(used.get(e.source) ?? []), e.sourcePort]);
      const nodes = design.nodes.map((n) => this.createNode(n, used.get(n.id)));
      const ids = new Set(design.nodes.map((n) => n.id));
      const edges = design.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => this.createEdge(e));
      this.graph.resetCells([...nodes, ...edges]);
      this.history?.clean();
    } finally {
      this.loading = false;
    }
  }

  /** One node with its ports and attributes given at creation: a prop change per node later would cost a deep merge each. */
  private createNode(n: DesignNode, used: readonly string[] = []): Node {
    const { items, height, attrs } = this.appearance(n.activity, used);
    const style = this.styleAttrs(n.id);
    const box = sizeAttrs(n.width, Math.max(n.height, height));
    return this.graph.createNode({
      id: n.id, shape, x: n.x, y: n.y, width: n.width, height: Math.max(n.height, height),
      data: { activity: n.activity }, ports: { items },
      attrs: { ...attrs, ...style, body: { ...style.body, ...box.body }, stripe: { ...attrs.stripe, ...box.stripe }, badge: { ...style.badge, ...box.badge } },
    });
  }

  private createEdge(e: DesignEdge): Edge {
    return this.graph.createEdge({
      source: { cell: e.source, port: outPrefix + e.sourcePort },
      target: { cell: e.target, port: inId },
      attrs: edgeAttrs,
      connector: { name: 'smooth' },
      data: { extra: e.extra, targetPort: e.targetPort },
      zIndex: 0,
    });
  }

  read(): DesignGraph {
    const nodes = this.graph.getNodes().map((node) => {
      const { x, y } = node.getPosition();
      const { width, height } = node.getSize();
      return { id: node.id, x, y, width, height, activity: (node.getData() as { activity: ActivityJson }).activity };
    });
    const edges: DesignEdge[] = [];
    for (const edge of this.graph.getEdges()) {
      const [source, target] = [edge.getSourceCellId(), edge.getTargetCellId()];
      const port = edge.getSourcePortId();
      if (!source || !target || !port?.startsWith(outPrefix)) continue;
      const data = (edge.getData() ?? {}) as { extra?: JsonObject; targetPort?: string };
      edges.push({ source, sourcePort: port.slice(outPrefix.length), target, targetPort: data.targetPort ?? inPort, extra: data.extra ?? {} });
    }
    return { nodes, edges };
  }

  // ---- node appearance ----

  /** A node's label, ports and least height, from its activity and descriptor; `used` are the ports with connections. */
  private appearance(activity: ActivityJson, used: readonly string[]) {
    const descriptor = this.options.descriptors.get(activity.type);
    const english = this.options.language.startsWith('en');
    const outcomes = outcomesOf(activity, descriptor);
    const names = new Set(outcomes.map((o) => o.name));
    const stale = [...new Set(used)].filter((n) => !names.has(n));
    const showLabels = !(outcomes.length === 1 && outcomes[0].name === 'Done') || stale.length > 0;
    const items = [
      ...(descriptor?.isStart ? [] : [{ id: inId, group: 'in' }]),
      ...outcomes.map((o) => ({ id: outPrefix + o.name, group: 'out', attrs: { text: { text: showLabels ? fit(english ? o.enUS : o.zhCN, 70, 11) : '' } } })),
      ...stale.map((name) => ({ id: outPrefix + name, group: 'out', attrs: { text: { text: `⚠ ${name}`, fill: '#ff4d4f' }, circle: { stroke: '#ff4d4f' } } })),
    ];
    const kind = descriptor ? (english ? descriptor.displayName.enUS : descriptor.displayName.zhCN) : `? ${activity.type}`;
    const label = activityLabel(activity, descriptor, this.options.language);
    return {
      items,
      height: Math.max(60, (outcomes.length + stale.length) * 18 + 16),
      attrs: {
        stripe: { fill: descriptor ? categoryColours[descriptor.category] ?? '#8c8c8c' : '#ff4d4f' },
        label: { text: fit(label, showLabels ? 80 : 136) },
        kind: { text: fit(kind === label ? activity.id : kind, showLabels ? 90 : 136, 11) },
      },
    };
  }

  /** Redraws a node's label, ports and size after its activity changed; outcomes still connected stay as ports, flagged. */
  private sync(node: Node) {
    const activity = (node.getData() as { activity: ActivityJson }).activity;
    const used = this.graph.getConnectedEdges(node, { outgoing: true })
      .map((e) => e.getSourcePortId()).filter((p): p is string => !!p?.startsWith(outPrefix)).map((p) => p.slice(outPrefix.length));
    const { items, height, attrs } = this.appearance(activity, used);
    const size = node.getSize();
    if (size.height < height) node.resize(size.width, height, decor);
    node.prop('ports/items', items, decor);
    const style = this.styleAttrs(node);
    const box = sizeAttrs(size.width, Math.max(size.height, height));
    node.attr({ ...attrs, ...style, body: { ...style.body, ...box.body }, stripe: { ...attrs.stripe, ...box.stripe }, badge: { ...style.badge, ...box.badge } }, decor);
  }

  private styleAttrs(node: Node | string) {
    const id = typeof node === 'string' ? node : node.id;
    const style = this.styles.get(id) ?? {};
    const selected = typeof node !== 'string' && this.selection.isSelected(node);
    let [stroke, fill, width, dash] = ['#bfbfbf', '#fff', 1.5, ''];
    if (style.mark === 'added') [stroke, fill, width] = ['#52c41a', '#f6ffed', 2.5];
    if (style.mark === 'changed') [stroke, fill, width] = ['#fa8c16', '#fff7e6', 2.5];
    if (style.mark === 'removed') [stroke, fill, width, dash] = ['#ff4d4f', '#fff1f0', 2, '6 3'];
    if (style.highlight) [stroke, fill, width] = ['#fa8c16', '#fff7e6', 3];
    if (style.issues) [stroke, width] = ['#ff4d4f', 2.5];
    if (selected) [stroke, width] = ['#1677ff', 3];
    const badges: string[] = [];
    if (style.issues) badges.push(`⚠ ${style.issues}`);
    if (style.waiting) badges.push(`⏳ ${style.waiting}`);
    if (style.faulted) badges.push(`✖ ${style.faulted}`);
    return {
      body: { stroke, fill, strokeWidth: width, strokeDasharray: dash },
      badge: { text: badges.join('  '), fill: style.issues || style.faulted ? '#cf1322' : '#d46b08' },
    };
  }

  private restyle(node: Node) {
    node.attr(this.styleAttrs(node), decor);
  }

  private setStyles(update: (id: string, style: Style) => Style) {
    for (const node of this.graph.getNodes()) {
      const before = this.styles.get(node.id) ?? {};
      const next = update(node.id, { ...before });
      this.styles.set(node.id, next);
      if (JSON.stringify(before) !== JSON.stringify(next)) this.restyle(node);
    }
  }

  /** Validation errors per activity id: a red outline and a count on each. */
  setIssues(counts: ReadonlyMap<string, number>) {
    this.setStyles((id, s) => ({ ...s, issues: counts.get(id) ?? 0 }));
  }

  setCounts(counts: ReadonlyMap<string, { waiting: number; faulted: number }>) {
    this.setStyles((id, s) => ({ ...s, waiting: counts.get(id)?.waiting ?? 0, faulted: counts.get(id)?.faulted ?? 0 }));
  }

  /** Highlights activities, e.g. where a dry-run went, or clears with an empty set. */
  setHighlighted(ids: ReadonlySet<string>) {
    this.setStyles((id, s) => ({ ...s, highlight: ids.has(id) }));
  }

  setMarks(nodeMarks: ReadonlyMap<string, Mark>, edgeMarks: ReadonlyMap<string, Mark>) {
    this.setStyles((id, s) => ({ ...s, mark: nodeMarks.get(id) }));
    this.edgeMarks = new Map(edgeMarks);
    for (const edge of this.graph.getEdges()) {
      const key = edgeKey({
        source: edge.getSourceCellId(), sourcePort: (edge.getSourcePortId() ?? '').slice(outPrefix.length),
        target: edge.getTargetCellId(), targetPort: (edge.getData() as { targetPort?: string } | undefined)?.targetPort ?? inPort,
      });
      edge.setData({ ...(edge.getData() ?? {}), mark: this.edgeMarks.get(key) }, { ...decor, silent: true });
      this.restyleEdge(edge);
    }
  }

  private restyleEdge(edge: Edge) {
    const mark = (edge.getData() as { mark?: Mark } | undefined)?.mark;
    let stroke = mark === 'added' ? '#52c41a' : mark === 'removed' ? '#ff4d4f' : '#8c8c8c';
    let width = mark ? 2.5 : 1.5;
    if (this.selection.isSelected(edge)) [stroke, width] = ['#1677ff', 3];
    edge.attr('line', { stroke, strokeWidth: width, strokeDasharray: mark === 'removed' ? '6 3' : '' }, decor);
  }

  // ---- editing ----

  selectedIds(): string[] {
    return this.selection.getSelectedCells().filter((c) => c.isNode()).map((c) => c.id);
  }

  activity(id: string): ActivityJson | null {
    const cell = this.graph.getCellById(id);
    return cell?.isNode() ? (cell.getData() as { activity: ActivityJson }).activity : null;
  }

  setActivity(id: string, activity: ActivityJson) {
    const cell = this.graph.getCellById(id);
    if (cell?.isNode()) cell.setData({ activity }, { overwrite: true });
  }

  /** Adds an activity of this type where the pointer let go (client coordinates), or in view when none are given. */
  add(descriptor: Descriptor, at?: { clientX: number; clientY: number }): string {
    const taken = new Set(this.graph.getNodes().map((n) => n.id));
    const activity = newActivity(descriptor, taken, this.options.language.startsWith('en') ? 'en-US' : 'zh-CN');
    const point = at ? this.graph.clientToLocal(at.clientX, at.clientY) : this.graph.getGraphArea().center;
    const node = this.createNode({ id: activity.id, x: point.x - 80, y: point.y - 30, width: 160, height: 60, activity });
    this.graph.addNode(node);
    this.selection.reset(node);
    return activity.id;
  }

  removeSelected() {
    const cells = this.selection.getSelectedCells();
    if (cells.length === 0) return;
    this.graph.startBatch('remove');
    this.graph.removeCells(cells);
    this.graph.stopBatch('remove');
  }

  copy() {
    const ids = new Set(this.selectedIds());
    if (ids.size === 0) return;
    const all = this.read();
    this.buffer = {
      nodes: all.nodes.filter((n) => ids.has(n.id)),
      edges: all.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    };
  }

  /** Pastes the copied activities with new ids, 40 px down and right, keeping the connections among them. */
  paste() {
    if (!this.buffer) return;
    const taken = new Set(this.graph.getNodes().map((n) => n.id));
    const ids = new Map<string, string>();
    for (const n of this.buffer.nodes) {
      let id = `${n.id}-copy`;
      for (let i = 2; taken.has(id); i++) id = `${n.id}-copy${i}`;
      taken.add(id);
      ids.set(n.id, id);
    }
    this.graph.startBatch('paste');
    const nodes = this.buffer.nodes.map((n) => this.createNode({
      ...n, id: ids.get(n.id)!, x: n.x + 40, y: n.y + 40,
      activity: { ...structuredClone(n.activity), id: ids.get(n.id)!, nodeId: `flowchart:${ids.get(n.id)!}` },
    }));
    this.graph.addCell(nodes);
    this.graph.addCell(this.buffer.edges.map((e) => this.createEdge({ ...e, source: ids.get(e.source)!, target: ids.get(e.target)! })));
    this.graph.stopBatch('paste');
    this.selection.reset(nodes);
    this.buffer = { nodes: this.buffer.nodes.map((n) => ({ ...n, x: n.x + 40, y: n.y + 40 })), edges: this.buffer.edges };
  }

  clearHistory() { this.history?.clean(); }
  undo() { this.history?.undo(); }
  redo() { this.history?.redo(); }
  canUndo() { return !!this.history?.canUndo(); }
  canRedo() { return !!this.history?.canRedo(); }

  zoom(factor: number) { this.graph.zoom(factor); }
  fit() { this.graph.zoomToFit({ padding: 24, maxScale: 1.2 }); }

  /** Lays the whole graph out in columns, as one undoable step; `notify` false when it is only for display. */
  autoLayout(notify = true) {
    const design = this.read();
    // Left to right reads best, but a long chain in a narrow view is clearer top to bottom: take the one that fits larger.
    const view = this.graph.getGraphArea();
    const scale = (p: Map<string, { x: number; y: number }>) => {
      const { width, height } = layoutSize(p, design.nodes);
      return Math.min(view.width / Math.max(width, 1), view.height / Math.max(height, 1));
    };
    const across = layeredLayout(design.nodes, design.edges);
    const down = layeredLayout(design.nodes, design.edges, { direction: 'TB' });
    const positions = scale(down) > scale(across) * 1.3 ? down : across;
    this.graph.startBatch('layout');
    for (const node of this.graph.getNodes()) {
      const p = positions.get(node.id);
      if (p) node.setPosition(p.x, p.y);
    }
    this.graph.stopBatch('layout');
    if (notify) this.options.onChange?.();
    this.fit();
  }

  /** Selects an activity and scrolls it into the middle. */
  focus(id: string) {
    const cell = this.graph.getCellById(id);
    if (!cell) return;
    this.selection.reset(cell as Cell);
    this.graph.centerCell(cell as Cell);
  }

  dispose() {
    this.graph.dispose();
  }
}
