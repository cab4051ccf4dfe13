// Two versions of a scenario drawn as one graph: the newer version's nodes, marked added or
// changed as the server's comparison says, and the older version's removed nodes as ghosts at
// their old places; edges that appeared or disappeared between the two are marked too.
import type { Comparison } from "./api";
import type { ScenarioJson } from "./generated/nodeTypes";
import { toGraph, type WalnutEdge, type WalnutNode } from "./model";

export type DiffMark = "added" | "changed" | "removed";

export interface DiffGraph {
  nodes: WalnutNode[];
  edges: WalnutEdge[];
  /** some node of either version had no stored position */
  needsLayout: boolean;
}

export function diffGraph(from: ScenarioJson, to: ScenarioJson, diff: Comparison): DiffGraph {
  const older = toGraph(from);
  const newer = toGraph(to);
  const added = new Set(diff.added);
  const changed = new Set(diff.changed);
  const removed = new Set(diff.removed);
  const mark = (id: string): DiffMark | undefined => (added.has(id) ? "added" : changed.has(id) ? "changed" : undefined);
  const nodes: WalnutNode[] = newer.nodes.map((n) => ({
    ...n,
    draggable: false,
    data: { ...n.data, diff: mark(n.id) },
  }));
  const kept = new Set(nodes.map((n) => n.id));
  for (const n of older.nodes) {
    if (removed.has(n.id) && !kept.has(n.id)) {
      nodes.push({ ...n, draggable: false, data: { ...n.data, diff: "removed", order: nodes.length } });
    }
  }
  const olderEdges = new Set(older.edges.map((e) => e.id));
  const newerEdges = new Set(newer.edges.map((e) => e.id));
  const edges: WalnutEdge[] = newer.edges.map((e) =>
    olderEdges.has(e.id) ? e : { ...e, className: "edge-added", data: { ...e.data, diff: "added" } },
  );
  for (const e of older.edges) {
    if (!newerEdges.has(e.id)) {
      edges.push({ ...e, id: `removed:${e.id}`, className: "edge-removed", data: { ...e.data, diff: "removed" } });
    }
  }
  return { nodes, edges, needsLayout: older.needsLayout || newer.needsLayout };
}
