import { useState } from "react";
import { useReactFlow } from "@xyflow/react";
import type { Status } from "../api";
import { FIT_VIEW } from "../layout";
import { useDesigner } from "../store/designerStore";
import { dirtyOf, liveOf, treeKeyOf } from "../store/selectors";
import { counted } from "../text";

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
      <input
        data-testid="new-name"
        className="new-name"
        placeholder="new scenario name"
        value={newName}
        onChange={(e) => setNewName(e.target.value)}
      />
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
      {current && <ScenarioTools onFit={() => flow.fitView(FIT_VIEW)} />}
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
  const side = useDesigner((s) => s.side);
  const showLive = useDesigner((s) => s.showLive);
  const actions = useDesigner.getState();
  const errorCount = validation?.errors.length ?? 0;
  const tab = (name: "test" | "versions" | "properties", label: string) => (
    <button
      data-testid={`tab-${name}`}
      className={side === name ? "active" : ""}
      onClick={() => actions.showSide(side === name ? "node" : name)}
    >
      {label}
    </button>
  );
  return (
    <>
      <span className="sep" />
      <span data-testid="current-version">
        {current.name} v{current.version}
        {dirty ? " *" : ""}
      </span>
      <input
        data-testid="comment"
        className="comment"
        placeholder="comment"
        value={comment}
        onChange={(e) => actions.setComment(e.target.value)}
      />
      <button data-testid="save" onClick={actions.save} disabled={!dirty}>
        Save
      </button>
      <button data-testid="export" onClick={actions.exportFile}>
        Export
      </button>
      <button data-testid="undo" onClick={actions.undo} disabled={!canUndo} title="Undo (Ctrl+Z)" aria-label="Undo">
        ↶
      </button>
      <button data-testid="redo" onClick={actions.redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
        ↷
      </button>
      <button
        data-testid="layout"
        onClick={() => {
          actions.layout();
          actions.requestView("fit");
        }}
        title="Arrange the nodes top to bottom"
      >
        Layout
      </button>
      <button onClick={onFit} title="Fit the scenario in view (F)">
        Fit
      </button>
      <span className="sep" />
      <span
        data-testid="validity"
        className={errorCount ? "bad" : "good"}
        // set once the shown result belongs to what the canvas shows (the benchmark waits on it)
        data-validated-version={validation && validatedKey === treeKey ? `${current.name} v${current.version}` : undefined}
      >
        {validation ? (errorCount ? counted(errorCount, "error") : "valid") : "…"}
      </span>
      {tab("test", "Test")}
      {tab("versions", "Versions")}
      {tab("properties", "Properties")}
      <button data-testid="tab-live" className={showLive ? "active" : ""} onClick={actions.toggleLive} title="Records of the collect sinks, live">
        Live
      </button>
      <span className="sep" />
      <JobState status={status} />
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

/** The deployment's state, why it fails (when it does) and a link to the job in Flink's web UI. */
function JobState({ status }: { status: Status | null }) {
  const [open, setOpen] = useState(false);
  if (!status) return <span data-testid="job-state" />;
  const failure = status.failure;
  return (
    <>
      <span data-testid="job-state" className={failure ? "bad" : ""}>
        {status.state}
        {status.version ? ` (v${status.version})` : ""}
      </span>
      {failure && (
        <span className="job-failure-anchor">
          <button
            className="job-failure"
            data-testid="job-failure"
            title={failure.message}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            ⚠ {failure.nodeId ? `${failure.nodeId}: ` : ""}
            {failure.message}
          </button>
          {open && (
            <div className="job-failure-details" data-testid="job-failure-details">
              <div className="failure-message">{failure.message}</div>
              {failure.nodeId && (
                <div>
                  node <code>{failure.nodeId}</code>
                </div>
              )}
              {failure.restarts != null && <div>{counted(failure.restarts, "restart")} so far</div>}
              {failure.time && <div className="muted">{new Date(failure.time).toLocaleString()}</div>}
            </div>
          )}
        </span>
      )}
      {status.flinkJobUrl && (
        <a className="flink-link" data-testid="flink-job-link" href={status.flinkJobUrl} target="_blank" rel="noreferrer" title="The job in Flink's web UI">
          Flink ↗
        </a>
      )}
    </>
  );
}
