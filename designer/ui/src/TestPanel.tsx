import { useState } from "react";
import { api, type Json, type TestRunResult } from "./api";
import type { WalnutNode } from "./model";

interface Props {
  tree: Json;
  sources: string[];
  selected: WalnutNode | undefined;
  result: TestRunResult | null;
  onResult: (r: TestRunResult) => void;
  onClose: () => void;
}

/** Upload JSON lines per source, run the scenario on them, then inspect what each node did. */
export function TestPanel({ tree, sources, selected, result, onResult, onClose }: Props) {
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      onResult(await api.testRun(tree, inputs));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };
  const records = selected && result?.sinkOutputs[selected.id];
  const columns = records && records.length > 0 ? Object.keys(records[0] ?? {}) : [];
  return (
    <div className="panel" data-testid="test-panel">
      <div className="panel-title">
        Test run <button onClick={onClose}>×</button>
      </div>
      {sources.map((s) => (
        <label className="field" key={s}>
          <span>
            {s}: JSON lines {inputs[s] ? `(${inputs[s].split("\n").filter((l) => l.trim()).length} records)` : ""}
          </span>
          <input
            data-testid={`test-input-${s}`}
            type="file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) {
                const text = await f.text();
                setInputs((i) => ({ ...i, [s]: text }));
              }
            }}
          />
        </label>
      ))}
      <button data-testid="test-run" onClick={run} disabled={running || Object.keys(inputs).length === 0}>
        {running ? "Running…" : "Run"}
      </button>
      {error && <div className="field-error">{error}</div>}
      {result && (
        <div data-testid="test-result">
          <div className="muted">
            {Object.values(result.sinkOutputs).reduce((a, r) => a + r.length, 0)} output records, {result.errors.length} errors
          </div>
          {result.errors.slice(0, 20).map((e, i) => (
            <div key={i} className="field-error">
              {e}
            </div>
          ))}
          {selected ? (
            <div data-testid="node-result">
              <h4>{selected.id}</h4>
              {result.counts[selected.id] && (
                <div>
                  in {result.counts[selected.id].in} · out {result.counts[selected.id].out}
                </div>
              )}
              {records ? (
                <table className="records">
                  <thead>
                    <tr>
                      {columns.map((c) => (
                        <th key={c}>{c}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {records.slice(0, 200).map((r, i) => (
                      <tr key={i}>
                        {columns.map((c) => (
                          <td key={c}>{typeof r[c] === "object" ? JSON.stringify(r[c]) : String(r[c])}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <div className="muted">Records are shown for sinks; other nodes show their counts.</div>
              )}
            </div>
          ) : (
            <div className="muted">Click a node to see its results.</div>
          )}
        </div>
      )}
    </div>
  );
}
