import { useShallow } from "zustand/react/shallow";
import { api } from "../api";
import { branchIdOf } from "../model";
import { useDesigner } from "../store/designerStore";
import { componentOf, treeOf } from "../store/selectors";
import { NodePanel } from "./NodePanel";
import { TestPanel } from "./TestPanel";
import { VersionsPanel } from "./VersionsPanel";

/** The scenario's own errors, then the test panel, the versions or the selected node's form. */
export function SidePanel() {
  const validation = useDesigner((s) => s.validation);
  const side = useDesigner((s) => s.side);
  const current = useDesigner((s) => s.current);
  const tree = useDesigner(treeOf);
  const selectedNode = useDesigner((s) => s.nodes.find((n) => n.id === s.selected));
  const components = useDesigner((s) => s.components);
  // the branches drawn into the selected node (what a join's branch parameters are given for)
  const branches = useDesigner(useShallow((s) => s.edges.filter((e) => e.target === s.selected).map(branchIdOf)));
  const actions = useDesigner.getState();
  const scenarioErrors = validation?.errors.filter((e) => !e.nodeId) ?? [];
  return (
    <aside className="side">
      {scenarioErrors.map((e, i) => (
        <div key={i} className="field-error">
          {e.message}
        </div>
      ))}
      {side === "test" && current && tree ? (
        <TestPanel tree={tree} selected={selectedNode} />
      ) : side === "versions" && current ? (
        <VersionsPanel />
      ) : selectedNode && tree ? (
        <NodePanel
          key={selectedNode.id}
          node={selectedNode}
          component={componentOf(components, selectedNode.data.raw)}
          errors={validation?.errors.filter((e) => e.nodeId === selectedNode.id) ?? []}
          variables={validation?.variables[selectedNode.id] ?? {}}
          dynamicParameters={validation?.dynamicParameters?.[selectedNode.id] ?? []}
          branches={branches}
          onSuggest={(parameter) => api.suggestions(tree, selectedNode.id, parameter).then((r) => r.suggestions)}
          onRemoveCase={(i) => actions.removeSwitchCase(selectedNode.id, i)}
          onChange={(raw) => actions.updateNode(selectedNode.id, raw)}
          onRename={(id) => actions.renameNode(selectedNode.id, id)}
          onDelete={() => actions.deleteNode(selectedNode.id)}
        />
      ) : (
        <div className="muted panel">Drag a component from the palette onto the canvas; click a node to edit it.</div>
      )}
    </aside>
  );
}
