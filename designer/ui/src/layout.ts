import dagre from "@dagrejs/dagre";
import type { FitViewOptions } from "@xyflow/react";
import type { WalnutEdge, WalnutNode } from "./model";

/**
 * How the canvas fits a scenario in view: the padding keeps nodes clear of the zoom controls
 * (bottom left) and the minimap (bottom right, 200 × 150 px), which React Flow draws over the
 * canvas, and of the comparison banner at the top.
 */
export const FIT_VIEW: FitViewOptions<WalnutNode> = {
  padding: { top: "48px", left: "64px", right: "64px", bottom: "180px" },
  maxZoom: 1,
};

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
