/**
 * The workflow document (Elsa-3 JSON) and the designer's graph, mapped both ways without any canvas code.
 * The activity objects travel whole, so properties and activity types this client does not know survive an edit:
 * only `metadata.designer.position/size` and the connection list are rewritten.
 */
import type { Schemas } from '../api/client';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type ActivityJson = JsonObject & { id: string; type: string };
export type WorkflowJson = JsonObject & { root: JsonObject };
export type Descriptor = Schemas['ActivityDescriptor'];
export type InputDescriptor = Schemas['InputDescriptor'];

export const inPort = 'In';
export const defaultSize = { width: 160, height: 60 };

export type DesignNode = { id: string; x: number; y: number; width: number; height: number; activity: ActivityJson };
/** One connection. `extra` holds the connection's other properties (vertices, …) as they were read. */
export type DesignEdge = { source: string; sourcePort: string; target: string; targetPort: string; extra: JsonObject };
export type DesignGraph = { nodes: DesignNode[]; edges: DesignEdge[] };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

function text(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: Json | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function activitiesOf(doc: WorkflowJson): ActivityJson[] {
  const list = doc.root.activities;
  return Array.isArray(list) ? list.filter((a): a is ActivityJson => isObject(a) && typeof a.id === 'string') : [];
}

const endpointKeys = new Set(['source', 'target', 'sourcePort', 'targetPort', 'sourceId', 'targetId']);

/** Reads a connection in the nested form Elsa 3 writes, or the legacy flat form. */
export function readConnection(c: JsonObject): DesignEdge | null {
  const extra: JsonObject = {};
  for (const [key, value] of Object.entries(c)) if (!endpointKeys.has(key)) extra[key] = clone(value);
  if (isObject(c.source) || isObject(c.target)) {
    const [s, t] = [c.source, c.target];
    if (!isObject(s) || !isObject(t) || !text(s.activity) || !text(t.activity)) return null;
    return { source: text(s.activity)!, sourcePort: text(s.port) ?? 'Done', target: text(t.activity)!, targetPort: text(t.port) ?? inPort, extra };
  }
  const source = text(c.source) ?? text(c.sourceId);
  const target = text(c.target) ?? text(c.targetId);
  if (!source || !target) return null;
  return { source, sourcePort: text(c.sourcePort) ?? 'Done', target, targetPort: text(c.targetPort) ?? inPort, extra };
}

export function connectionsOf(doc: WorkflowJson): DesignEdge[] {
  const list = doc.root.connections;
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map(readConnection).filter((e): e is DesignEdge => e !== null);
}

export function edgeKey(e: Pick<DesignEdge, 'source' | 'sourcePort' | 'target' | 'targetPort'>): string {
  return `${e.source}:${e.sourcePort}->${e.target}:${e.targetPort}`;
}

/** The designer box stored in the activity's metadata, or a place on a grid when it has none. */
function boxOf(activity: ActivityJson, index: number) {
  const designer = isObject(activity.metadata) && isObject(activity.metadata.designer) ? activity.metadata.designer : {};
  const position = isObject(designer.position) ? designer.position : {};
  const size = isObject(designer.size) ? designer.size : {};
  const x = num(position.x);
  const y = num(position.y);
  return {
    x: x ?? 40 + (index % 6) * 220,
    y: y ?? 40 + Math.floor(index / 6) * 120,
    width: num(size.width) ?? defaultSize.width,
    height: num(size.height) ?? defaultSize.height,
    placed: x !== undefined && y !== undefined,
  };
}

export function documentToGraph(doc: WorkflowJson): DesignGraph {
  const nodes = activitiesOf(doc).map((activity, i) => {
    const { x, y, width, height } = boxOf(activity, i);
    return { id: activity.id, x, y, width, height, activity: clone(activity) };
  });
  return { nodes, edges: connectionsOf(doc) };
}

/**
 * True when the designer should lay the graph out itself: no activity carries a position, or two activities
 * would cover each other (hand-written files often give several the same place).
 */
export function needsLayout(doc: WorkflowJson): boolean {
  const boxes = activitiesOf(doc).map((a, i) => boxOf(a, i));
  if (boxes.length > 0 && boxes.every((b) => !b.placed)) return true;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (w > 0 && h > 0 && w * h > 0.5 * Math.min(a.width * a.height, b.width * b.height)) return true;
    }
  }
  return false;
}

/** Writes the graph back into a copy of `base`: everything else in the document stays as it was. */
export function graphToDocument(base: WorkflowJson, graph: DesignGraph): WorkflowJson {
  const doc = clone(base);
  const activities: Json[] = graph.nodes.map((n) => {
    const activity = clone(n.activity);
    const metadata: JsonObject = isObject(activity.metadata) ? activity.metadata : {};
    const designer: JsonObject = isObject(metadata.designer) ? metadata.designer : {};
    designer.position = { x: Math.round(n.x), y: Math.round(n.y) };
    designer.size = { width: Math.round(n.width), height: Math.round(n.height) };
    metadata.designer = designer;
    activity.metadata = metadata;
    activity.id = n.id;
    return activity;
  });
  const connections: Json[] = graph.edges.map((e) => ({
    source: { activity: e.source, port: e.sourcePort },
    target: { activity: e.target, port: e.targetPort },
    ...clone(e.extra),
  }));
  doc.root = { ...doc.root, activities, connections };
  return doc;
}

/** The same document with connections in the nested form, as the server's export writes it. */
export function normalize(doc: WorkflowJson): WorkflowJson {
  const copy = clone(doc);
  if (Array.isArray(copy.root.connections)) {
    copy.root.connections = copy.root.connections.map((c) => {
      if (!isObject(c) || isObject(c.source)) return c;
      const e = readConnection(c);
      return e ? { source: { activity: e.source, port: e.sourcePort }, target: { activity: e.target, port: e.targetPort }, ...e.extra } : c;
    });
  }
  return copy;
}

// ---- inputs ----

export type ExpressionType = 'Literal' | 'Object' | 'Variable' | 'JavaScript';
export type InputValue = { type: ExpressionType; value: Json };

/** An input in `{typeName, expression:{type, value}}` form, or null when it is absent or in another form. */
export function readInput(activity: ActivityJson, name: string): InputValue | null {
  const input = activity[name];
  if (!isObject(input) || !isObject(input.expression)) return null;
  const type = (text(input.expression.type) ?? 'Literal') as ExpressionType;
  return { type, value: input.expression.value ?? null };
}

/** The input's value as text, the way an editor shows it. */
export function inputText(activity: ActivityJson, name: string): string {
  const input = readInput(activity, name);
  if (!input || input.value === null) return '';
  return typeof input.value === 'string' ? input.value : JSON.stringify(input.value);
}

export function isEmptyValue(value: Json | undefined): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
    || (Array.isArray(value) && value.length === 0);
}

/** A copy of the activity with the input set; an empty value removes it, so the engine's default applies. */
export function writeInput(activity: ActivityJson, input: InputDescriptor, value: Json, type: ExpressionType = 'Literal'): ActivityJson {
  const next = clone(activity);
  if (!input.isExpression) {
    if (isEmptyValue(value)) delete next[input.name];
    else next[input.name] = value;
    return next;
  }
  if (isEmptyValue(value)) {
    delete next[input.name];
    return next;
  }
  const previous = next[input.name];
  const typeName = isObject(previous) && typeof previous.typeName === 'string' ? previous.typeName : input.typeName;
  next[input.name] = { typeName, expression: { type, value } };
  return next;
}

/** A string list stored as a Literal: a JSON array in text, or a real array. */
export function parseStringList(value: Json | undefined): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string' || value.trim() === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.map((v) => String(v));
  } catch {
    // A comma-separated list is accepted too.
  }
  return value.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
}

export type SwitchCase = { label: string; condition: { type: ExpressionType; value: string } | null };

export function switchCases(activity: ActivityJson, name = 'cases'): SwitchCase[] {
  const list = activity[name];
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((c) => ({
    label: text(c.label) ?? '',
    condition: isObject(c.condition) ? { type: (text(c.condition.type) ?? 'JavaScript') as ExpressionType, value: text(c.condition.value) ?? '' } : null,
  }));
}

// ---- outcomes ----

export type Outcome = { name: string; zhCN: string; enUS: string };

/** The outcome ports of an activity: the descriptor's, or those its inputs make (switch cases, task outcomes). */
/** An outcome as its port is labelled (已办结 rather than Completed); the name itself when the activity does not know it. */
export function outcomeLabel(activity: ActivityJson | undefined, descriptor: Descriptor | undefined, outcome: string, language: string): string {
  const known = activity && outcomesOf(activity, descriptor).find((o) => o.name === outcome);
  return known ? (language.startsWith('en') ? known.enUS : known.zhCN) : outcome;
}

export function outcomesOf(activity: ActivityJson, descriptor: Descriptor | undefined): Outcome[] {
  if (!descriptor) return [];
  if (descriptor.isTerminal) return [];
  const named = new Map(descriptor.outcomes.map((o) => [o.name, o.displayName]));
  const make = (name: string): Outcome => {
    const label = named.get(name);
    return { name, zhCN: label?.zhCN ?? name, enUS: label?.enUS ?? name };
  };
  const dynamic = descriptor.dynamicOutcomes;
  if (!dynamic) return descriptor.outcomes.map((o) => make(o.name));
  const input = descriptor.inputs.find((i) => i.name === dynamic.input);
  let names: string[];
  if (input?.uiHint === 'switch-cases') names = switchCases(activity, dynamic.input).map((c) => c.label).filter(Boolean);
  else {
    const value = readInput(activity, dynamic.input)?.value;
    names = value === undefined ? parseStringList(input?.defaultValue as Json) : parseStringList(value);
  }
  const all = [...new Set([...names, ...dynamic.fixed])];
  return all.length > 0 ? all.map(make) : descriptor.outcomes.map((o) => make(o.name));
}

/** Required inputs that are empty, by input name. */
export function missingRequired(activity: ActivityJson, descriptor: Descriptor | undefined): string[] {
  if (!descriptor) return [];
  return descriptor.inputs.filter((input) => {
    if (!input.required) return false;
    if (input.uiHint === 'switch-cases') return switchCases(activity, input.name).length === 0;
    if (!input.isExpression) return isEmptyValue(activity[input.name]);
    const value = readInput(activity, input.name)?.value;
    if (input.typeName.endsWith('[]') && readInput(activity, input.name)?.type === 'Literal') return parseStringList(value).length === 0;
    return isEmptyValue(value);
  }).map((i) => i.name);
}

/** A fresh activity of a descriptor's type, with an id not yet used. */
export function newActivity(descriptor: Descriptor, taken: ReadonlySet<string>, language: 'zh-CN' | 'en-US'): ActivityJson {
  const base = descriptor.typeName.split('.').pop()!.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  const name = language === 'en-US' ? descriptor.displayName.enUS : descriptor.displayName.zhCN;
  const activity: ActivityJson = { id, nodeId: `flowchart:${id}`, type: descriptor.typeName, version: 1, name, customProperties: {}, metadata: {} };
  for (const input of descriptor.inputs) {
    if (input.defaultValue === undefined || input.defaultValue === null || !input.isExpression) continue;
    const value = input.defaultValue as Json;
    activity[input.name] = { typeName: input.typeName, expression: { type: 'Literal', value: typeof value === 'string' ? value : JSON.stringify(value) } };
  }
  return activity;
}

/** The name shown on a node: the activity's own name, else the descriptor's, else the type. */
export function activityLabel(activity: ActivityJson, descriptor: Descriptor | undefined, language: string): string {
  if (typeof activity.name === 'string' && activity.name.trim()) return activity.name;
  if (descriptor) return language.startsWith('en') ? descriptor.displayName.enUS : descriptor.displayName.zhCN;
  return activity.type;
}
