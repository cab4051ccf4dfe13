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
  const outputs = selected && result?.sinkOutputs[selected.id];
  const entered = selected && result?.records?.[selected.id];
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
              {entered && entered.length > 0 ? (
                <>
                  <div className="muted">
                    {selected.data.raw?.type === "Source" ? "Records that left it" : "Records that entered it"}, with their variables
                    {entered.length >= 100 ? " (first 100)" : ""}
                  </div>
                  <RecordTable testId="node-records" records={entered} />
                </>
              ) : (
                <div className="muted">No record reached this node.</div>
              )}
              {outputs && (
                <>
                  <div className="muted">What the sink would write</div>
                  <RecordTable testId="sink-records" records={outputs} />
                </>
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

/** Records as a table: one column per top-level field, nested values as JSON. */
function RecordTable({ records, testId }: { records: Json[]; testId: string }) {
  const rows = records.slice(0, 200).map((r) => (r !== null && typeof r === "object" && !Array.isArray(r) ? r : { value: r }));
  const columns = Array.from(new Set(rows.flatMap((r) => Object.keys(r as Record<string, Json>))));
  return (
    <table className="records" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {columns.map((c) => {
              const v = (r as Record<string, Json>)[c];
              return <td key={c}>{v !== null && typeof v === "object" ? JSON.stringify(v) : String(v ?? "")}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
