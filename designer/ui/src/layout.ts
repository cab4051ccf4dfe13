import dagre from "@dagrejs/dagre";
import type { WalnutEdge, WalnutNode } from "./model";

const WIDTH = 220;
const HEIGHT = 70;

/** Top-to-bottom layered layout (dagre); returns nodes with new positions. */
export function autoLayout(nodes: WalnutNode[], edges: WalnutEdge[]): WalnutNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 60, ranksep: 70 });
  g.setDefaultEdgeLabel(() => ({}));
  nodes.forEach((n) => g.setNode(n.id, { width: WIDTH, height: HEIGHT }));
  edges.forEach((e) => g.setEdge(e.source, e.target));
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, position: { x: Math.round(p.x - WIDTH / 2), y: Math.round(p.y - HEIGHT / 2) } };
  });
}
