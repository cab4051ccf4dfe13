import { useShallow } from "zustand/react/shallow";
import { api } from "../api";
import { branchIdOf } from "../model";
import { useDesigner } from "../store/designerStore";
import { componentOf, treeOf } from "../store/selectors";
import { MessageText } from "./MessageText";
import { NodePanel } from "./NodePanel";
import { PropertiesPanel } from "./PropertiesPanel";
import { TestCasesPanel } from "./TestCasesPanel";
import { TestPanel } from "./TestPanel";
import { VersionsPanel } from "./VersionsPanel";

/**
 * The scenario's own errors, then the versions, the scenario's properties or the selected node's
 * form; with the test panel open, the form and the test run are two tabs of it.
 */
export function SidePanel() {
  const validation = useDesigner((s) => s.validation);
  const side = useDesigner((s) => s.side);
  const testTab = useDesigner((s) => s.testTab);
  const current = useDesigner((s) => s.current);
  const tree = useDesigner(treeOf);
  const selectedNode = useDesigner((s) => s.nodes.find((n) => n.id === s.selected));
  const components = useDesigner((s) => s.components);
  // the branches drawn into the selected node (what a join's branch parameters are given for)
  const branches = useDesigner(useShallow((s) => s.edges.filter((e) => e.target === s.selected).map(branchIdOf)));
  const actions = useDesigner.getState();
  // errors of the scenario's properties show in the properties panel, beside their field
  const scenarioErrors = validation?.errors.filter((e) => !e.nodeId && (side !== "properties" || !e.parameter)) ?? [];
  const form =
    selectedNode && tree ? (
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
    ) : null;
  const hint = <div className="muted panel">Drag a component from the palette onto the canvas; click a node to edit it.</div>;
  return (
    <aside className="side" data-testid="side-panel">
      {scenarioErrors.map((e, i) => (
        <div key={i} className="field-error" data-testid="scenario-error">
          <MessageText text={e.parameter && side !== "properties" ? `property \`${e.parameter}\`: ${e.message}` : e.message} />
        </div>
      ))}
      {side === "test" && current && tree ? (
        <>
          <div className="side-tabs" role="tablist">
            <button
              role="tab"
              data-testid="side-tab-results"
              aria-selected={testTab === "results"}
              className={testTab === "results" ? "active" : ""}
              onClick={() => actions.showTestTab("results")}
            >
              Test run{selectedNode ? ` · ${selectedNode.id}` : ""}
            </button>
            <button
              role="tab"
              data-testid="side-tab-form"
              aria-selected={testTab === "form"}
              className={testTab === "form" ? "active" : ""}
              disabled={!form}
              onClick={() => actions.showTestTab("form")}
            >
              {selectedNode ? `Node ${selectedNode.id}` : "Node"}
            </button>
            <button
              role="tab"
              data-testid="side-tab-cases"
              aria-selected={testTab === "cases"}
              className={testTab === "cases" ? "active" : ""}
              onClick={() => actions.showTestTab("cases")}
            >
              Test cases
            </button>
          </div>
          {/* kept mounted: the inputs chosen stay while the form is shown */}
          <div hidden={testTab !== "results"}>
            <TestPanel tree={tree} selected={selectedNode} />
          </div>
          {testTab === "form" && (form ?? hint)}
          {testTab === "cases" && <TestCasesPanel />}
        </>
      ) : side === "versions" && current ? (
        <VersionsPanel />
      ) : side === "properties" && current ? (
        <PropertiesPanel />
      ) : (
        form ?? hint
      )}
    </aside>
  );
}
