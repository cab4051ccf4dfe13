import { useState } from "react";
import type { ApiError } from "../api";
import { useDesigner } from "../store/designerStore";

/** The open scenario's versions: open one, or draw its differences from the one before. */
export function VersionsPanel() {
  const versions = useDesigner((s) => s.versions);
  const current = useDesigner((s) => s.current)!;
  const c = useDesigner((s) => s.compareView?.diff ?? null);
  const actions = useDesigner.getState();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="panel" data-testid="versions">
      <div className="panel-title">
        Versions <button onClick={() => actions.showSide("node")}>×</button>
      </div>
      {versions.map((v) => (
        <div key={v.version} className={`version${v.version === current.version ? " current" : ""}`}>
          <div>
            <strong>v{v.version}</strong> {v.comment} <span className="muted">{v.author} · {new Date(v.createdAt).toLocaleString()}</span>
          </div>
          <button onClick={() => actions.open(current.name, v.version).catch(actions.fail)}>Open</button>
          {v.version > 1 && (
            <button
              data-testid={`compare-${v.version}`}
              title="Draw the differences on the canvas"
              onClick={() => {
                setError(null);
                actions.compareVersions(v.version - 1, v.version).catch((e: ApiError) => setError(e.message));
              }}
            >
              Compare with v{v.version - 1}
            </button>
          )}
        </div>
      ))}
      {error && <div className="field-error">{error}</div>}
      {c && (
        <div className="diff" data-testid="diff-summary">
          <div>
            <strong>
              v{c.from} → v{c.to}
            </strong>
            {c.identical ? " identical" : ""}
            {c.propertiesChanged ? " · properties changed" : ""}
          </div>
          {c.added.length > 0 && <div className="legend-added">added: {c.added.join(", ")}</div>}
          {c.changed.length > 0 && <div className="legend-changed">changed: {c.changed.join(", ")}</div>}
          {c.removed.length > 0 && <div className="legend-removed">removed: {c.removed.join(", ")}</div>}
        </div>
      )}
    </div>
  );
}
