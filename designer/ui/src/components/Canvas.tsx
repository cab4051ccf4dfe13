import { Background, Controls, MiniMap, ReactFlow, useReactFlow } from "@xyflow/react";
import type { WalnutEdge, WalnutNode } from "../model";
import { useDesigner } from "../store/designerStore";
import { shownNodesOf } from "../store/selectors";
import { ShortcutList } from "./ShortcutList";
import { WalnutNodeView } from "./WalnutNodeView";

const nodeTypes = { walnut: WalnutNodeView };

/** The React Flow canvas: the edited graph, or two versions compared (read-only). */
export function Canvas() {
  const flow = useReactFlow<WalnutNode, WalnutEdge>();
  const current = useDesigner((s) => s.current);
  const compareView = useDesigner((s) => s.compareView);
  const showShortcuts = useDesigner((s) => s.showShortcuts);
  const nodes = useDesigner(shownNodesOf);
  const edges = useDesigner((s) => s.edges);
  const actions = useDesigner.getState();
  return (
    <section
      className="canvas"
      data-testid="canvas"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const key = e.dataTransfer.getData("application/walnut-component");
        actions.addNode(key, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      }}
    >
      {compareView && (
        <div className="compare-banner" data-testid="compare-banner">
          Comparing v{compareView.diff.from} → v{compareView.diff.to}:{" "}
          <span className="legend legend-added">{compareView.diff.added.length} added</span>{" "}
          <span className="legend legend-changed">{compareView.diff.changed.length} changed</span>{" "}
          <span className="legend legend-removed">{compareView.diff.removed.length} removed</span>
          {compareView.diff.propertiesChanged ? " · properties changed" : ""}
          {compareView.diff.identical ? " · identical" : ""} (read-only){" "}
          <button data-testid="compare-close" onClick={actions.closeCompare}>
            Back to editing
          </button>
        </div>
      )}
      {showShortcuts && <ShortcutList onClose={actions.hideShortcuts} />}
      {current ? (
        <ReactFlow
          nodes={compareView ? compareView.nodes : nodes}
          edges={compareView ? compareView.edges : edges}
          nodeTypes={nodeTypes}
          onNodesChange={compareView ? undefined : actions.onNodesChange}
          onEdgesChange={compareView ? undefined : actions.onEdgesChange}
          onConnect={compareView ? undefined : actions.connect}
          nodesDraggable={!compareView}
          nodesConnectable={!compareView}
          onNodeClick={(_, n) => actions.clickNode(n.id)}
          onPaneClick={() => actions.select(null)}
          deleteKeyCode={compareView ? null : ["Delete", "Backspace"]}
          multiSelectionKeyCode={["Shift", "Meta", "Control"]}
          defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        >
          <Background />
          <Controls />
          <MiniMap pannable zoomable />
        </ReactFlow>
      ) : (
        <div className="empty">Open, create or import a scenario.</div>
      )}
    </section>
  );
}
