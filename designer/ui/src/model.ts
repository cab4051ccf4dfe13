// The canonical Nussknacker scenario (a tree of branches) <-> the canvas graph (nodes + edges).
// Every node keeps its own JSON (`raw`) untouched except for what the user edits, so fields the
// designer does not model survive a round trip; successor fields are rebuilt from the edges.
import type { Edge, Node } from "@xyflow/react";
import type { ComponentSchema, Json } from "./api";

export interface WalnutNodeData extends Record<string, unknown> {
  raw: Json;
  order: number;
  /** validation errors of this node (shown on the canvas) */
  errors?: number;
  /** records in/out from the last test run or the running deployment */
  counts?: { in: number; out: number };
  /** where the counts come from: a test run or the running deployment */
  countsSource?: "test" | "live";
  /** when two versions are compared on the canvas: how this node differs */
  diff?: "added" | "changed" | "removed";
}
export type WalnutNode = Node<WalnutNodeData, "walnut">;
export interface WalnutEdgeData extends Record<string, unknown> {
  branchEnd?: Json;
  /** when two versions are compared on the canvas: an edge only one of them has */
  diff?: "added" | "removed";
}
export type WalnutEdge = Edge<WalnutEdgeData>;

export interface Graph {
  nodes: WalnutNode[];
  edges: WalnutEdge[];
  /** the scenario without its nodes: metaData and any unmodelled top-level fields */
  head: Json;
  /** whether some node had no stored position (auto-layout it) */
  needsLayout: boolean;
}

const SUCCESSOR_FIELDS: Record<string, string[]> = {
  Filter: ["nextFalse"],
  Split: ["nexts"],
  Switch: ["nexts", "defaultNext"],
};

export function edgeId(source: string, handle: string, target: string): string {
  return `${source}:${handle}->${target}`;
}

export function toGraph(tree: Json): Graph {
  const nodes: WalnutNode[] = [];
  const edges: WalnutEdge[] = [];
  let needsLayout = false;
  let order = 0;

  const addEdge = (source: string, handle: string, target: string, data: WalnutEdgeData = {}) =>
    edges.push({ id: edgeId(source, handle, target), source, sourceHandle: handle, target, data });

  const walk = (branch: Json[], from: { id: string; handle: string } | null) => {
    let prev = from;
    for (const n of branch) {
      if (n.type === "BranchEndData") {
        if (prev) addEdge(prev.id, prev.handle, n.definition.joinId, { branchEnd: n });
        return;
      }
      const raw = structuredClone(n);
      for (const f of SUCCESSOR_FIELDS[n.type] ?? []) {
        if (f === "nexts" && n.type === "Switch") {
          raw.nexts = n.nexts.map((c: Json) => ({ ...c, nodes: [] }));
        } else if (f in raw) {
          raw[f] = [];
        }
      }
      const layout = n.additionalFields?.layoutData;
      if (!layout) needsLayout = true;
      nodes.push({
        id: n.id,
        type: "walnut",
        position: layout ? { x: layout.x, y: layout.y } : { x: 0, y: 0 },
        data: { raw, order: order++ },
      });
      if (prev) addEdge(prev.id, prev.handle, n.id);
      if (n.type === "Filter") {
        walk(n.nextFalse ?? [], { id: n.id, handle: "false" });
        prev = { id: n.id, handle: "true" };
      } else if (n.type === "Split") {
        (n.nexts ?? []).forEach((b: Json[]) => walk(b, { id: n.id, handle: "out" }));
        return;
      } else if (n.type === "Switch") {
        (n.nexts ?? []).forEach((c: Json, i: number) => walk(c.nodes, { id: n.id, handle: `case-${i}` }));
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

export function toTree(graph: { nodes: WalnutNode[]; edges: WalnutEdge[]; head: Json }): Json {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, WalnutEdge[]>();
  const incoming = new Map<string, number>();
  for (const e of graph.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
  }
  const isJoin = (id: string) => byId.get(id)?.data.raw.type === "Join";
  const visited = new Set<string>();

  const rawOf = (n: WalnutNode): Json => {
    const raw = structuredClone(n.data.raw);
    const layout = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
    if (raw.additionalFields && typeof raw.additionalFields === "object") {
      raw.additionalFields.layoutData = layout;
    } else if (raw.additionalFields === undefined) {
      raw.additionalFields = { description: null, layoutData: layout };
    }
    return raw;
  };

  const follow = (e: WalnutEdge | undefined): Json[] => {
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

  const branch = (start: string): Json[] => {
    const out: Json[] = [];
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
        raw.nexts = (raw.nexts ?? []).map((c: Json, i: number) => ({
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
export function newNodeRaw(c: ComponentSchema, id: string, x: number, y: number): Json {
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

/** The component a node was made from: its palette id. */
export function componentIdOf(raw: Json): string {
  switch (raw.type) {
    case "Source":
    case "Sink":
      return raw.ref.typ;
    case "Enricher":
    case "Processor":
      return raw.service.id;
    case "CustomNode":
    case "Join":
      return raw.nodeType;
    case "Filter":
      return "filter";
    case "Variable":
      return "variable";
    case "VariableBuilder":
      return "record-variable";
    case "Switch":
      return "switch";
    case "Split":
      return "split";
    default:
      return raw.type;
  }
}

/** The parameter list a node's form edits, or null when the node type has fixed fields. */
export function parametersOf(raw: Json): Json[] | null {
  if (raw.type === "Source" || raw.type === "Sink") return raw.ref.parameters;
  if (raw.type === "Enricher" || raw.type === "Processor") return raw.service.parameters;
  if (raw.type === "CustomNode" || raw.type === "Join") return raw.parameters;
  return null;
}

/** Output handles of a node: [handle id, label]. */
export function outputsOf(raw: Json): [string, string][] {
  switch (raw.type) {
    case "Sink":
      return [];
    case "Filter":
      return [
        ["true", "true"],
        ["false", "false"],
      ];
    case "Switch":
      return [
        ...(raw.nexts ?? []).map((_: Json, i: number) => [`case-${i}`, `case ${i + 1}`] as [string, string]),
        ["default", "default"],
      ];
    default:
      return [["out", ""]];
  }
}

/** The branch id an edge into a Join carries (what the join's branchParameters name). */
export function branchIdOf(e: WalnutEdge): string {
  return (e.data?.branchEnd?.definition?.id as string | undefined) ?? e.source;
}

/**
 * A Switch without its case `index`: that case's edge goes, the edges of later cases move up one
 * handle (`case-3` becomes `case-2`).
 */
export function withoutSwitchCase(
  raw: Json,
  edges: WalnutEdge[],
  index: number,
): { raw: Json; edges: WalnutEdge[] } {
  const id = raw.id as string;
  const nexts = (raw.nexts ?? []).filter((_: Json, j: number) => j !== index);
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
