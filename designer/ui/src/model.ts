// The canonical Nussknacker scenario (a tree of branches) <-> the canvas graph (nodes + edges).
// Every node keeps its own JSON (`raw`) untouched except for what the user edits, so fields the
// designer does not model survive a round trip; successor fields are rebuilt from the edges.
// What each node type means (its successor fields, outputs, component) comes from the engine's
// table, generated into ./generated/nodeTypes.ts.
import type { Edge, Node } from "@xyflow/react";
import type { ComponentSchema } from "./api";
import {
  NODE_TYPES,
  type BranchEndDataJson,
  type CaseJson,
  type JsonValue,
  type NodeJson,
  type ScenarioJson,
  type SwitchJson,
} from "./generated/nodeTypes";

export { componentIdOf, parametersOf } from "./generated/nodeTypes";

/** A node drawn on the canvas: any node of the format but a branch end (an edge into a join). */
export type CanvasNodeJson = Exclude<NodeJson, BranchEndDataJson>;

export interface WalnutNodeData extends Record<string, unknown> {
  raw: CanvasNodeJson;
  order: number;
  /** validation errors of this node (shown on the canvas) */
  errors?: number;
  /** records in/out from the last test run or the running deployment */
  counts?: { in: number; out: number };
  /** where the counts come from: a test run or the running deployment */
  countsSource?: "test" | "live";
  /** when two versions are compared on the canvas: how this node differs */
  diff?: "added" | "changed" | "removed";
  /** after running the test cases: whether this node's checks passed, and what failed */
  caseCheck?: { passed: boolean; messages: string[] };
}
export type WalnutNode = Node<WalnutNodeData, "walnut">;
export interface WalnutEdgeData extends Record<string, unknown> {
  branchEnd?: BranchEndDataJson;
  /** when two versions are compared on the canvas: an edge only one of them has */
  diff?: "added" | "removed";
}
export type WalnutEdge = Edge<WalnutEdgeData>;

export interface Graph {
  nodes: WalnutNode[];
  edges: WalnutEdge[];
  /** the scenario without its nodes: metaData and any unmodelled top-level fields */
  head: ScenarioJson;
  /** whether some node had no stored position (auto-layout it) */
  needsLayout: boolean;
}

export function edgeId(source: string, handle: string, target: string): string {
  return `${source}:${handle}->${target}`;
}

/** The node's JSON with its successor fields emptied: the canvas's edges hold them. */
function withoutSuccessors(n: CanvasNodeJson): CanvasNodeJson {
  const raw = structuredClone(n);
  const fields = raw as unknown as Record<string, unknown>;
  for (const f of NODE_TYPES[n.type].successorFields) {
    if (f === "nexts" && raw.type === "Switch") {
      raw.nexts = raw.nexts.map((c: CaseJson) => ({ ...c, nodes: [] }));
    } else if (f in fields) {
      fields[f] = [];
    }
  }
  return raw;
}

export function toGraph(tree: ScenarioJson): Graph {
  const nodes: WalnutNode[] = [];
  const edges: WalnutEdge[] = [];
  let needsLayout = false;
  let order = 0;

  const addEdge = (source: string, handle: string, target: string, data: WalnutEdgeData = {}) =>
    edges.push({ id: edgeId(source, handle, target), source, sourceHandle: handle, target, data });

  const walk = (branch: NodeJson[], from: { id: string; handle: string } | null) => {
    let prev = from;
    for (const n of branch) {
      if (n.type === "BranchEndData") {
        if (prev) addEdge(prev.id, prev.handle, n.definition.joinId, { branchEnd: n });
        return;
      }
      const layout = n.additionalFields?.layoutData;
      if (!layout) needsLayout = true;
      nodes.push({
        id: n.id,
        type: "walnut",
        position: layout ? { x: layout.x, y: layout.y } : { x: 0, y: 0 },
        data: { raw: withoutSuccessors(n), order: order++ },
      });
      if (prev) addEdge(prev.id, prev.handle, n.id);
      if (n.type === "Filter") {
        walk(n.nextFalse ?? [], { id: n.id, handle: "false" });
        prev = { id: n.id, handle: "true" };
      } else if (n.type === "Split") {
        (n.nexts ?? []).forEach((b) => walk(b, { id: n.id, handle: "out" }));
        return;
      } else if (n.type === "Switch") {
        (n.nexts ?? []).forEach((c, i) => walk(c.nodes, { id: n.id, handle: `case-${i}` }));
        walk(n.defaultNext ?? [], { id: n.id, handle: "default" });
        return;
      } else {
        prev = { id: n.id, handle: "out" };
      }
    }
  };
  walk(tree.nodes ?? [], null);
  for (const b of tree.additionalBranches ?? []) walk(b, null);
  const head = { ...tree };
  return { nodes, edges, head, needsLayout };
}

export function toTree(graph: { nodes: WalnutNode[]; edges: WalnutEdge[]; head: ScenarioJson }): ScenarioJson {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, WalnutEdge[]>();
  const incoming = new Map<string, number>();
  for (const e of graph.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
  }
  const isJoin = (id: string) => {
    const n = byId.get(id);
    return n !== undefined && NODE_TYPES[n.data.raw.type].joinsBranches;
  };
  const visited = new Set<string>();

  const rawOf = (n: WalnutNode): CanvasNodeJson => {
    const raw = structuredClone(n.data.raw);
    const layout = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
    if (raw.additionalFields && typeof raw.additionalFields === "object") {
      raw.additionalFields.layoutData = layout;
    } else if (raw.additionalFields === undefined) {
      raw.additionalFields = { description: null, layoutData: layout };
    }
    return raw;
  };

  const follow = (e: WalnutEdge | undefined): NodeJson[] => {
    if (!e) return [];
    if (isJoin(e.target)) {
      return [
        e.data?.branchEnd ?? {
          definition: { id: e.source, joinId: e.target },
          type: "BranchEndData",
        },
      ];
    }
    return branch(e.target);
  };

  const branch = (start: string): NodeJson[] => {
    const out: NodeJson[] = [];
    let cur: string | undefined = start;
    while (cur !== undefined && !visited.has(cur)) {
      visited.add(cur);
      const n = byId.get(cur)!;
      const raw = rawOf(n);
      const outs: WalnutEdge[] = outgoing.get(cur) ?? [];
      const by = (h: string): WalnutEdge | undefined =>
        outs.find((e: WalnutEdge) => (e.sourceHandle ?? "out") === h);
      out.push(raw);
      cur = undefined;
      if (raw.type === "Filter") {
        raw.nextFalse = follow(by("false"));
        const t: WalnutEdge | undefined = by("true");
        if (t && isJoin(t.target)) out.push(...follow(t));
        else cur = t?.target;
      } else if (raw.type === "Split") {
        raw.nexts = outs.map(follow);
      } else if (raw.type === "Switch") {
        raw.nexts = (raw.nexts ?? []).map((c: CaseJson, i: number) => ({
          ...c,
          nodes: follow(by(`case-${i}`)),
        }));
        raw.defaultNext = follow(by("default"));
      } else {
        const e: WalnutEdge | undefined = outs[0];
        if (e && isJoin(e.target)) out.push(...follow(e));
        else cur = e?.target;
      }
    }
    return out;
  };

  const roots = graph.nodes
    .filter((n) => !incoming.get(n.id) || isJoin(n.id))
    .sort((a, b) => a.data.order - b.data.order || a.position.y - b.position.y);
  const sourcesFirst = [
    ...roots.filter((n) => !isJoin(n.id)),
    ...roots.filter((n) => isJoin(n.id)),
  ];
  const branches = sourcesFirst.map((n) => branch(n.id)).filter((b) => b.length > 0);
  const tree = { ...graph.head };
  tree.nodes = branches[0] ?? [];
  tree.additionalBranches = branches.slice(1);
  return tree;
}

/** The JSON of a new node for a palette component. */
export function newNodeRaw(c: ComponentSchema, id: string, x: number, y: number): CanvasNodeJson {
  const additionalFields = { description: null, layoutData: { x: Math.round(x), y: Math.round(y) } };
  const parameters = c.parameters.map((p) => ({
    name: p.name,
    expression: { language: "spel", expression: p.defaultExpression ?? "" },
  }));
  const expr = (e: string) => ({ language: "spel", expression: e });
  switch (c.nodeType) {
    case "Source":
      return { id, ref: { typ: c.id, parameters }, additionalFields, type: "Source" };
    case "Sink":
      return {
        id,
        ref: { typ: c.id, parameters },
        endResult: null,
        isDisabled: null,
        additionalFields,
        type: "Sink",
      };
    case "Enricher":
      return { id, service: { id: c.id, parameters }, output: "output", additionalFields, type: "Enricher" };
    case "Join":
      return {
        id,
        outputVar: c.outputVariable === "none" ? null : "",
        nodeType: c.id,
        parameters,
        branchParameters: [],
        additionalFields,
        type: "Join",
      };
    case "Filter":
      return { id, expression: expr("true"), isDisabled: null, nextFalse: [], additionalFields, type: "Filter" };
    case "Variable":
      return { id, varName: "value", value: expr(""), additionalFields, type: "Variable" };
    case "VariableBuilder":
      return { id, varName: "record", fields: [], additionalFields, type: "VariableBuilder" };
    case "Switch":
      return {
        id,
        expression: null,
        exprVal: null,
        nexts: [{ expression: expr("true"), nodes: [] }],
        defaultNext: [],
        additionalFields,
        type: "Switch",
      };
    case "Split":
      return { id, nexts: [], additionalFields, type: "Split" };
    default:
      return {
        id,
        outputVar: c.outputVariable === "none" ? null : "",
        nodeType: c.id,
        parameters,
        additionalFields,
        type: "CustomNode",
      };
  }
}

/** Output handles of a node: [handle id, label]; the single output of most types has no label. */
export function outputsOf(raw: CanvasNodeJson): [string, string][] {
  const type = NODE_TYPES[raw.type];
  const cases: [string, string][] =
    type.outputPerCase && raw.type === "Switch"
      ? (raw.nexts ?? []).map((_: CaseJson, i: number) => [`case-${i}`, `case ${i + 1}`])
      : [];
  return [...cases, ...type.outputs.map((h): [string, string] => [h, h === "out" ? "" : h])];
}

/** Whether a node of this type takes records from a previous node (an input handle). */
export function hasInput(raw: CanvasNodeJson): boolean {
  return NODE_TYPES[raw.type].hasInput;
}

/** Whether one output of the node may go to several nodes (a Split's). */
export function fansOut(raw: CanvasNodeJson): boolean {
  return NODE_TYPES[raw.type].fansOut;
}

/** The branch id an edge into a Join carries (what the join's branchParameters name). */
export function branchIdOf(e: WalnutEdge): string {
  return e.data?.branchEnd?.definition?.id ?? e.source;
}

/**
 * A Switch without its case `index`: that case's edge goes, the edges of later cases move up one
 * handle (`case-3` becomes `case-2`).
 */
export function withoutSwitchCase(
  raw: SwitchJson,
  edges: WalnutEdge[],
  index: number,
): { raw: SwitchJson; edges: WalnutEdge[] } {
  const id = raw.id;
  const nexts = (raw.nexts ?? []).filter((_: CaseJson, j: number) => j !== index);
  const moved = edges
    .filter((e) => !(e.source === id && e.sourceHandle === `case-${index}`))
    .map((e) => {
      const m = e.source === id ? /^case-(\d+)$/.exec(e.sourceHandle ?? "") : null;
      if (!m || Number(m[1]) < index) return e;
      const handle = `case-${Number(m[1]) - 1}`;
      return { ...e, sourceHandle: handle, id: edgeId(id, handle, e.target) };
    });
  return { raw: { ...raw, nexts }, edges: moved };
}

/** Whether the analyst can disable a node of this type (Nussknacker's `isDisabled`). */
export function disableable(raw: CanvasNodeJson): boolean {
  return NODE_TYPES[raw.type].disableable;
}

/** Whether the node is disabled: it then passes every record through unchanged. */
export function isDisabled(raw: CanvasNodeJson): boolean {
  return "isDisabled" in raw && raw.isDisabled === true;
}

/** The node disabled or enabled again (`null`, as a node that was never disabled). */
export function withDisabled(raw: CanvasNodeJson, disabled: boolean): CanvasNodeJson {
  if (!disableable(raw)) return raw;
  return { ...raw, isDisabled: disabled ? true : null } as CanvasNodeJson;
}

/** The scenario's properties (`metaData.additionalFields.properties`, all strings in the format). */
export function propertiesOf(tree: ScenarioJson): Record<string, string> {
  const meta = tree.metaData;
  const fields = isObject(meta) ? meta.additionalFields : null;
  const props = isObject(fields) ? fields.properties : null;
  const out: Record<string, string> = {};
  if (isObject(props)) {
    for (const [k, v] of Object.entries(props)) if (v !== null) out[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

/** The scenario with other properties; everything else in its metaData stays as it was. */
export function withProperties(tree: ScenarioJson, properties: Record<string, string>): ScenarioJson {
  const meta = isObject(tree.metaData) ? tree.metaData : {};
  const fields = isObject(meta.additionalFields) ? meta.additionalFields : {};
  return { ...tree, metaData: { ...meta, additionalFields: { ...fields, properties: { ...properties } } } };
}

/** The test cases stored with a scenario (`metaData.additionalFields.testCases`). */
export function testCasesOf(tree: ScenarioJson | null): JsonValue[] {
  const meta = tree && isObject(tree.metaData) ? tree.metaData : {};
  const fields = isObject(meta.additionalFields) ? meta.additionalFields : {};
  return Array.isArray(fields.testCases) ? fields.testCases : [];
}

/** The scenario with `cases` as its test cases; none removes the field. */
export function withTestCases(tree: ScenarioJson, cases: JsonValue[]): ScenarioJson {
  const meta = isObject(tree.metaData) ? tree.metaData : {};
  const { testCases: _old, ...fields } = isObject(meta.additionalFields) ? meta.additionalFields : {};
  return {
    ...tree,
    metaData: { ...meta, additionalFields: cases.length ? { ...fields, testCases: cases } : fields },
  };
}

/**
 * A sticky note on the canvas, stored with the scenario in `metaData.additionalFields.stickyNotes`
 * (Nussknacker's fields: noteId, content, layoutData, dimensions, color).
 */
export interface StickyNote {
  noteId: string;
  content: string;
  layoutData: { x: number; y: number };
  dimensions: { width: number; height: number };
  color: string;
}

export function stickyNotesOf(tree: ScenarioJson | null): StickyNote[] {
  const meta = tree && isObject(tree.metaData) ? tree.metaData : {};
  const fields = isObject(meta.additionalFields) ? meta.additionalFields : {};
  return Array.isArray(fields.stickyNotes) ? (fields.stickyNotes as unknown as StickyNote[]) : [];
}

/** The scenario with `notes` as its sticky notes; none removes the field. */
export function withStickyNotes(tree: ScenarioJson, notes: StickyNote[]): ScenarioJson {
  const meta = isObject(tree.metaData) ? tree.metaData : {};
  const { stickyNotes: _old, ...fields } = isObject(meta.additionalFields) ? meta.additionalFields : {};
  return {
    ...tree,
    metaData: {
      ...meta,
      additionalFields: notes.length ? { ...fields, stickyNotes: notes as unknown as JsonValue } : fields,
    },
  };
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}
