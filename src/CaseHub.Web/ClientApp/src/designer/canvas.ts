/**
 * The X6 canvas of the designer. Nodes are X6's own SVG markup (no React per node), so a 200-activity workflow
 * renders quickly. The activity JSON rides on each node as its data; ports and labels are derived from it and the
 * descriptors, and decorations (selection, validation errors, diff marks, counts) are kept out of undo history.
 */
import {
  Edge, EdgeView, Graph, History, Keyboard, markerRegistry, NodeView, Point, Rectangle, Selection, Snapline, type Cell, type Node,
} from '@antv/x6';
import {
  activityLabel, edgeKey, inPort, newActivity, outcomesOf,
  type ActivityJson, type DesignEdge, type DesignGraph, type DesignNode, type Descriptor, type JsonObject,
} from './document';
import { layeredLayout, layoutSize } from './layout';
import type { Mark } from './diff';

const shape = 'casehub-activity';
const connectionShape = 'casehub-connection';
const portAnchor = 'casehub-port';
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
  // Each node carries its own markup with every attribute written in (see nodeMarkup), and ports are bare circles in
  // markup too: X6's attribute pipeline (special attributes, text layout, port labels) cost more per node than
  // everything else in opening a large workflow. Only the style that changes (selection, errors, counts) goes through
  // attrs, and only once it differs from the default.
  Graph.registerNode(shape, {
    width: 160,
    height: 60,
    markup: [{ tagName: 'rect', selector: 'body' }],
    ports: {
      groups: {
        in: { position: 'left', markup: portMarkup('passive', '#8c8c8c') },
        out: { position: 'right', markup: portMarkup('true', '#1677ff') },
      },
    },
  }, true);
  // A connection's look is written into its markup, with one arrow shared by all (see arrowMarker); only the path goes
  // through X6's attributes. A marker per connection through the attribute pipeline cost more than drawing the line.
  Graph.registerEdge(connectionShape, {
    inherit: Edge, // not X6's 'edge' shape, whose attributes would bring back its own marker, stroke and width
    markup: [
      { tagName: 'path', selector: 'wrap', attrs: { fill: 'none', cursor: 'pointer', stroke: 'transparent', strokeWidth: 10, strokeLinecap: 'round', strokeLinejoin: 'round' } },
      { tagName: 'path', selector: 'line', attrs: { fill: 'none', pointerEvents: 'none', stroke: lineColour, strokeWidth: 1.5, strokeLinejoin: 'round' } },
    ],
    attrs: { wrap: { connection: true }, line: { connection: true } },
  }, true);
  // Where a port sits follows from its node's geometry (the ports' left/right layouts); asking the DOM for each port's
  // box, as X6's default anchor does, was a third of drawing a connection.
  Graph.registerAnchor(portAnchor, (view: NodeView, magnet: Element) => {
    const node = view.cell as Node;
    const { x, y } = node.getPosition();
    const { width, height } = node.getSize();
    const port = magnet.getAttribute('port');
    if (port === inId) return new Point(x, y + Math.round(height / 2));
    const outs = node.getPortsByGroup('out');
    const index = outs.findIndex((p) => p.id === port);
    if (index < 0) return new Point(x + width / 2, y + height / 2);
    return new Point(x + width, y + Math.round((height * (index + 0.5)) / outs.length));
  }, true);
}

const lineColour = '#8c8c8c';
const arrow = { name: 'block', width: 8, height: 6 };
/** The arrowhead every plain connection shares, as X6 would make it for a 1.5 px grey line. */
function arrowMarker(graph: Graph) {
  const { name, ...args } = arrow;
  const preset = markerRegistry.get(name)!(args) as object;
  return graph.defineMarker({ stroke: lineColour, fill: lineColour, refX: -1, transform: 'rotate(180)', ...preset });
}

function portMarkup(magnet: string, stroke: string) {
  return {
    tagName: 'circle', selector: 'circle',
    attrs: { r: 5, magnet, stroke, fill: '#fff', strokeWidth: 1.5, cursor: magnet === 'true' ? 'crosshair' : 'default' },
  };
}

/** What a node shows, worked out from its activity and descriptor. */
type Look = { colour: string; label: string; kind: string; outcomes: { text: string; stale: boolean }[] };

/**
 * A node's SVG with its attributes and texts in place. Outcome names sit just left of their ports, which X6's 'right'
 * port layout puts at (i + 0.5) / n of the node's height.
 */
function nodeMarkup(look: Look, width: number, height: number) {
  const n = look.outcomes.length;
  return [
    { tagName: 'rect', selector: 'body', attrs: { width, height, rx: 6, ry: 6, fill: '#fff', stroke: '#bfbfbf', strokeWidth: 1.5 } },
    { tagName: 'rect', selector: 'stripe', attrs: { width: 5, height, rx: 2, fill: look.colour } },
    { tagName: 'text', selector: 'label', textContent: look.label, attrs: { x: 12, y: 26, fontSize: 13, fontWeight: 600, fill: '#1f1f1f' } },
    { tagName: 'text', selector: 'kind', textContent: look.kind, attrs: { x: 12, y: 46, fontSize: 11, fill: '#8c8c8c' } },
    { tagName: 'text', selector: 'badge', attrs: { x: width - 6, y: -4, fontSize: 11, fill: '#d46b08', textAnchor: 'end' } },
    ...look.outcomes.map((o, i) => ({
      tagName: 'text', textContent: o.text,
      attrs: { x: width - 8, y: Math.round((height * (i + 0.5)) / n), dy: '.3em', fontSize: 11, fill: o.stale ? '#ff4d4f' : '#595959', textAnchor: 'end' },
    })),
  ];
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

const directions: [string, number, number][] = [['left', -1, 0], ['right', 1, 0], ['up', 0, -1], ['down', 0, 1]];
/** Alt+arrow moves the selection by one grid step. */
const nudgeStep = 10;

const centre = (node: Node) => node.getBBox().getCenter();
const readingOrder = (a: Node, b: Node) => centre(a).y - centre(b).y || centre(a).x - centre(b).x;

/** The node ahead in the direction (dx, dy), where straying sideways counts double against it. */
function nearestInDirection(from: Node, nodes: readonly Node[], dx: number, dy: number): Node | undefined {
  const origin = centre(from);
  let best: { node: Node; score: number } | undefined;
  for (const node of nodes) {
    if (node === from) continue;
    const c = centre(node);
    const ahead = (c.x - origin.x) * dx + (c.y - origin.y) * dy;
    if (ahead <= 0) continue;
    const aside = Math.abs((c.x - origin.x) * dy) + Math.abs((c.y - origin.y) * dx);
    const score = ahead + 2 * aside;
    if (!best || score < best.score) best = { node, score };
  }
  return best?.node;
}

/** Below this zoom the 13 px activity names shrink past what a 1366×768 screen shows legibly. */
const legibleScale = 0.7;

/** Cuts text to about `width` pixels, counting CJK characters as wide. */
export function fit(text: string, width: number, size = 13): string {
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    used += text.charCodeAt(i) > 0x2e80 ? size : size * 0.58;
    if (used > width) return `${text.slice(0, Math.max(1, i - 1))}…`;
  }
  return text;
}


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
  private readonly plainLine: Record<string, string | number | boolean>;
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
        // Ports are points: ending a line at the port's centre spares X6 a boundary intersection per connection end.
        connectionPoint: 'anchor',
        anchor: portAnchor,
        validateMagnet: ({ magnet }) => magnet.getAttribute('port-group') === 'out',
        validateConnection: ({ sourceCell, targetCell, sourcePort, targetPort }) =>
          !!sourceCell && !!targetCell && sourceCell !== targetCell && !!sourcePort?.startsWith(outPrefix) && targetPort === inId,
        createEdge: () => this.graph.createEdge({ shape: connectionShape, attrs: { line: this.plainLine }, connector: { name: 'smooth' }, data: { extra: {}, targetPort: inPort }, zIndex: 0 }),
      },
      highlighting: {
        magnetAvailable: { name: 'stroke', args: { padding: 3, attrs: { stroke: '#52c41a', strokeWidth: 2 } } },
      },
    });
    this.plainLine = { connection: true, markerEnd: `url(#${arrowMarker(this.graph)})` };
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
    // X6 makes the canvas focusable by script only; the keyboard user has to be able to Tab to it.
    container.setAttribute('tabindex', '0');
    this.bindKeys(readOnly);

    // Only the cells whose selection changed: restyling every cell on each click is slow in a large workflow.
    this.selection.on('selection:changed', ({ added, removed }) => {
      for (const cell of [...added, ...removed]) {
        if (cell.isNode()) this.restyle(cell);
        else if (cell.isEdge()) this.restyleEdge(cell);
      }
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
    keyboard.bindKey('escape', stop(() => this.selection.clean()));
    for (const [key, dx, dy] of directions) {
      keyboard.bindKey(key, stop(() => this.step(dx, dy)));
      if (!readOnly) keyboard.bindKey(`alt+${key}`, stop(() => this.nudge(dx * nudgeStep, dy * nudgeStep)));
    }
    if (readOnly) return;
    keyboard.bindKey(['delete', 'backspace'], stop(() => this.removeSelected()));
    keyboard.bindKey(['ctrl+c', 'meta+c'], stop(() => this.copy()));
    keyboard.bindKey(['ctrl+v', 'meta+v'], stop(() => this.paste()));
    keyboard.bindKey(['ctrl+z', 'meta+z'], stop(() => this.undo()));
    keyboard.bindKey(['ctrl+y', 'meta+y', 'ctrl+shift+z', 'meta+shift+z'], stop(() => this.redo()));
  }

  /**
   * Selects the activity nearest to the selected one in a direction (the first in reading order when none is), so a
   * keyboard user can walk the flow; it is scrolled into view when it lies outside.
   */
  private step(dx: number, dy: number) {
    const nodes = this.graph.getNodes();
    if (nodes.length === 0) return;
    const from = this.selection.getSelectedCells().find((c) => c.isNode()) as Node | undefined;
    const next = from ? nearestInDirection(from, nodes, dx, dy) : [...nodes].sort(readingOrder)[0];
    if (!next) return;
    this.selection.reset(next);
    if (!this.graph.getGraphArea().containsRect(next.getBBox())) this.graph.centerCell(next);
  }

  private nudge(dx: number, dy: number) {
    const nodes = this.selection.getSelectedCells().filter((c): c is Node => c.isNode());
    if (nodes.length === 0) return;
    this.graph.startBatch('nudge');
    for (const node of nodes) node.translate(dx, dy);
    this.graph.stopBatch('nudge');
    this.options.onChange?.();
  }

  setLanguage(language: string) {
    // Called once right after the canvas is made, with the language it was made in: redrawing every node then was waste.
    if (language === this.options.language) return;
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
      // A loaded connection's id names its ends, so tests and tools can find it; a repeated one gets a suffix.
      const edgeIds = new Set<string>();
      const edges = design.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => {
        const ends = `${e.source}:${e.sourcePort}->${e.target}:${e.targetPort}`;
        let id = ends;
        for (let n = 2; edgeIds.has(id); n++) id = `${ends}#${n}`;
        edgeIds.add(id);
        return this.createEdge(e, id);
      });
      this.graph.resetCells([...nodes, ...edges]);
      this.history?.clean();
    } finally {
      this.loading = false;
    }
  }

  /** One node with its markup and ports given at creation: a prop change per node later would cost a deep merge each. */
  private createNode(n: DesignNode, used: readonly string[] = []): Node {
    const { items, height, look } = this.appearance(n.activity, used);
    const size = { width: n.width, height: Math.max(n.height, height) };
    return this.graph.createNode({
      // Given, so X6 does not look for the highest z-index once per node; connections lie below at 0.
      id: n.id, shape, x: n.x, y: n.y, ...size, zIndex: 1,
      data: { activity: n.activity }, ports: { items }, markup: nodeMarkup(look, size.width, size.height),
      // A pasted or re-added node may already have a style; a fresh one has the markup's default.
      ...(this.styles.has(n.id) ? { attrs: this.styleAttrs(n.id) } : {}),
    });
  }

  private createEdge(e: DesignEdge, id?: string): Edge {
    return this.graph.createEdge({
      id,
      source: { cell: e.source, port: outPrefix + e.sourcePort },
      target: { cell: e.target, port: inId },
      shape: connectionShape,
      attrs: { line: this.plainLine },
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
      ...outcomes.map((o) => ({ id: outPrefix + o.name, group: 'out' })),
      ...stale.map((name) => ({ id: outPrefix + name, group: 'out', attrs: { circle: { stroke: '#ff4d4f' } } })),
    ];
    const kind = descriptor ? (english ? descriptor.displayName.enUS : descriptor.displayName.zhCN) : `? ${activity.type}`;
    const label = activityLabel(activity, descriptor, this.options.language);
    const look: Look = {
      colour: descriptor ? categoryColours[descriptor.category] ?? '#8c8c8c' : '#ff4d4f',
      label: fit(label, showLabels ? 80 : 136),
      kind: fit(kind === label ? activity.id : kind, showLabels ? 90 : 136, 11),
      outcomes: [
        ...outcomes.map((o) => ({ text: showLabels ? fit(english ? o.enUS : o.zhCN, 70, 11) : '', stale: false })),
        ...stale.map((name) => ({ text: `⚠ ${name}`, stale: true })),
      ],
    };
    return { items, height: Math.max(60, (outcomes.length + stale.length) * 18 + 16), look };
  }

  /** Redraws a node's label, ports and size after its activity changed; outcomes still connected stay as ports, flagged. */
  private sync(node: Node) {
    const activity = (node.getData() as { activity: ActivityJson }).activity;
    const used = this.graph.getConnectedEdges(node, { outgoing: true })
      .map((e) => e.getSourcePortId()).filter((p): p is string => !!p?.startsWith(outPrefix)).map((p) => p.slice(outPrefix.length));
    const { items, height, look } = this.appearance(activity, used);
    const size = node.getSize();
    if (size.height < height) node.resize(size.width, height, decor);
    node.prop('ports/items', items, decor);
    node.setMarkup(nodeMarkup(look, size.width, Math.max(size.height, height)), decor);
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
    // Words, not emoji: office PCs often have no emoji font, and a box tells nobody anything.
    const english = this.options.language.startsWith('en');
    const badges: string[] = [];
    if (style.issues) badges.push(english ? `${style.issues} errors` : `错误 ${style.issues}`);
    if (style.waiting) badges.push(english ? `${style.waiting} waiting` : `等待 ${style.waiting}`);
    if (style.faulted) badges.push(english ? `${style.faulted} faulted` : `故障 ${style.faulted}`);
    return {
      body: { stroke, fill, strokeWidth: width, strokeDasharray: dash },
      badge: { text: badges.join('  '), fill: style.issues || style.faulted ? '#cf1322' : '#d46b08' },
    };
  }

  private restyle(node: Node) {
    node.attr(this.styleAttrs(node), decor);
  }

  /**
   * Restyles only the nodes whose style really changed. A zero count or a false flag is no style, so clearing counts or
   * issues that were never set (as happens on opening) touches no node.
   */
  private setStyles(update: (id: string, style: Style) => Style) {
    const key = (style: Style) => JSON.stringify(Object.entries(style).filter(([, v]) => v));
    for (const node of this.graph.getNodes()) {
      const before = this.styles.get(node.id) ?? {};
      const next = update(node.id, { ...before });
      if (key(before) === key(next)) continue;
      this.styles.set(node.id, next);
      this.restyle(node);
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
    let stroke = mark === 'added' ? '#52c41a' : mark === 'removed' ? '#ff4d4f' : lineColour;
    let width = mark ? 2.5 : 1.5;
    if (this.selection.isSelected(edge)) [stroke, width] = ['#1677ff', 3];
    // A coloured line gets an arrow of its colour; the plain one goes back to the shared grey arrow.
    const line = stroke === lineColour
      ? { ...this.plainLine, stroke, strokeWidth: width, strokeDasharray: '' }
      : { connection: true, stroke, strokeWidth: width, strokeDasharray: mark === 'removed' ? '6 3' : '', targetMarker: arrow };
    edge.setAttrByPath('line', line, decor);
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
  fit() {
    const area = this.nodesArea();
    if (area) this.graph.zoomToRect(area, { padding: 24, maxScale: 1.2 });
  }

  /**
   * The box around all activities, from their positions and sizes. X6's own content box measures every connection as
   * well, which took longer than the rest of opening a view; connections run between activities, so they add nothing.
   */
  private nodesArea(): Rectangle | null {
    const nodes = this.graph.getNodes();
    if (nodes.length === 0) return null;
    let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const node of nodes) {
      const { x, y } = node.getPosition();
      const { width, height } = node.getSize();
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x + width), Math.max(bottom, y + height)];
    }
    return new Rectangle(left, top, right - left, bottom - top);
  }

  /**
   * The first view of a flow: all of it when its names stay legible, else its top at the smallest legible zoom, so a
   * long flow opens readable rather than as a thumbnail; F or the fit button still shows all of it.
   */
  openView() {
    this.fit();
    if (this.graph.zoom() >= legibleScale) return;
    this.graph.zoomTo(legibleScale);
    this.graph.positionRect(this.nodesArea()!, 'top');
    const { tx, ty } = this.graph.translate();
    this.graph.translate(tx, ty + 24); // a margin above the start, as fit() leaves one

  }

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

  /** Scrolls the first of these activities into the middle, unless one of them is in view already; selects nothing. */
  reveal(ids: Iterable<string>) {
    const area = this.graph.getGraphArea();
    const nodes = [...ids].map((id) => this.graph.getCellById(id)).filter((c): c is Node => !!c && c.isNode());
    if (nodes.length === 0 || nodes.some((n) => area.containsRect(n.getBBox()))) return;
    this.graph.centerCell(nodes[0]);
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
