import { useRef, useState } from "react";
import { Background, Controls, MiniMap, ReactFlow, useReactFlow } from "@xyflow/react";
import { disableable, isDisabled, type WalnutEdge, type WalnutNode } from "../model";
import { useDesigner } from "../store/designerStore";
import { shownNodesOf } from "../store/selectors";
import { ShortcutList } from "./ShortcutList";
import { StickyNotes } from "./StickyNotes";
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
  const host = useRef<HTMLElement>(null);
  // the node a right click opened the context menu of, and where (relative to the canvas)
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | null>(null);
  const menuNode = menu ? nodes.find((n) => n.id === menu.id) : undefined;
  return (
    <section
      ref={host}
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
      {menu && menuNode && (
        <div
          className="context-menu"
          data-testid="node-menu"
          style={{ left: menu.x, top: menu.y }}
          onKeyDown={(e) => e.key === "Escape" && setMenu(null)}
        >
          <button
            onClick={() => {
              actions.clickNode(menu.id);
              setMenu(null);
            }}
          >
            Edit
          </button>
          {disableable(menuNode.data.raw) && (
            <button
              data-testid="node-menu-disable"
              onClick={() => {
                actions.setDisabled(menu.id, !isDisabled(menuNode.data.raw));
                setMenu(null);
              }}
            >
              {isDisabled(menuNode.data.raw) ? "Enable" : "Disable"}
            </button>
          )}
          <button
            className="danger"
            onClick={() => {
              actions.deleteNode(menu.id);
              setMenu(null);
            }}
          >
            Delete
          </button>
        </div>
      )}
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
          onNodeClick={(_, n) => {
            setMenu(null);
            actions.clickNode(n.id);
          }}
          onNodeContextMenu={(e, n) => {
            if (compareView) return;
            e.preventDefault();
            const box = host.current!.getBoundingClientRect();
            setMenu({ id: n.id, x: e.clientX - box.left, y: e.clientY - box.top });
          }}
          onPaneClick={() => {
            setMenu(null);
            actions.select(null);
          }}
          deleteKeyCode={compareView ? null : ["Delete", "Backspace"]}
          multiSelectionKeyCode={["Shift", "Meta", "Control"]}
          defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        >
          <Background />
          <Controls />
          <MiniMap pannable zoomable />
          <StickyNotes readOnly={!!compareView} />
        </ReactFlow>
      ) : (
        <div className="empty">Open, create or import a scenario.</div>
      )}
    </section>
  );
}
