import { useReactFlow } from "@xyflow/react";
import { useDesigner } from "../store/designerStore";
import { dirtyOf, liveOf, treeKeyOf } from "../store/selectors";

/** Open, create, import; for the open scenario: save, export, undo, layout, validity, deploy. */
export function Toolbar() {
  const flow = useReactFlow();
  const scenarios = useDesigner((s) => s.scenarios);
  const current = useDesigner((s) => s.current);
  const newName = useDesigner((s) => s.newName);
  const setNewName = useDesigner((s) => s.setNewName);
  const open = useDesigner((s) => s.open);
  const fail = useDesigner((s) => s.fail);
  const create = useDesigner((s) => s.create);
  const toggleShortcuts = useDesigner((s) => s.toggleShortcuts);
  const importFile = useDesigner((s) => s.importFile);
  return (
    <header className="toolbar">
      <strong className="brand">Walnut</strong>
      <select
        data-testid="scenario-select"
        value={current?.name ?? ""}
        onChange={(e) => e.target.value && open(e.target.value).catch(fail)}
      >
        <option value="">(open a scenario)</option>
        {scenarios.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name} (v{s.latestVersion})
          </option>
        ))}
      </select>
      <input data-testid="new-name" placeholder="new scenario name" value={newName} onChange={(e) => setNewName(e.target.value)} />
      <button data-testid="create" onClick={create} disabled={!newName.trim()}>
        New
      </button>
      <button data-testid="shortcuts-button" onClick={toggleShortcuts} title="Keyboard shortcuts (?)">
        ?
      </button>
      <label className="button">
        Import
        <input
          data-testid="import-file"
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => e.target.files?.[0] && importFile(e.target.files[0])}
        />
      </label>
      {current && <ScenarioTools onFit={() => flow.fitView({ padding: 0.2, maxZoom: 1 })} />}
    </header>
  );
}

/** The toolbar's part for the open scenario. */
function ScenarioTools({ onFit }: { onFit: () => void }) {
  const current = useDesigner((s) => s.current)!;
  const dirty = useDesigner(dirtyOf);
  const live = useDesigner(liveOf);
  const treeKey = useDesigner(treeKeyOf);
  const validation = useDesigner((s) => s.validation);
  const validatedKey = useDesigner((s) => s.validatedKey);
  const status = useDesigner((s) => s.status);
  const comment = useDesigner((s) => s.comment);
  const canUndo = useDesigner((s) => s.past.length > 0);
  const canRedo = useDesigner((s) => s.future.length > 0);
  const actions = useDesigner.getState();
  const errorCount = validation?.errors.length ?? 0;
  return (
    <>
      <span className="sep" />
      <span data-testid="current-version">
        {current.name} v{current.version}
        {dirty ? " *" : ""}
      </span>
      <input data-testid="comment" placeholder="comment" value={comment} onChange={(e) => actions.setComment(e.target.value)} />
      <button data-testid="save" onClick={actions.save} disabled={!dirty}>
        Save
      </button>
      <button data-testid="export" onClick={actions.exportFile}>
        Export
      </button>
      <button data-testid="undo" onClick={actions.undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button data-testid="redo" onClick={actions.redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button data-testid="layout" onClick={actions.layout}>
        Layout
      </button>
      <button onClick={onFit}>Fit</button>
      <span className="sep" />
      <span
        data-testid="validity"
        className={errorCount ? "bad" : "good"}
        // set once the shown result belongs to what the canvas shows (the benchmark waits on it)
        data-validated-version={validation && validatedKey === treeKey ? `${current.name} v${current.version}` : undefined}
      >
        {validation ? (errorCount ? `${errorCount} error(s)` : "valid") : "…"}
      </span>
      <button data-testid="tab-test" onClick={() => actions.showSide("test")}>
        Test
      </button>
      <button data-testid="tab-versions" onClick={() => actions.showSide("versions")}>
        Versions
      </button>
      <span className="sep" />
      <span data-testid="job-state">
        {status?.state ?? ""}
        {status?.version ? ` (v${status.version})` : ""}
      </span>
      {live ? (
        <button data-testid="cancel" onClick={actions.cancel}>
          Cancel
        </button>
      ) : (
        <button data-testid="deploy" onClick={actions.deploy} disabled={dirty || errorCount > 0} title={dirty ? "save first" : ""}>
          Deploy
        </button>
      )}
    </>
  );
}
