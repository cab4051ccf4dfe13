import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { api } from "../api";
import type { JsonValue, ScenarioJson } from "../generated/nodeTypes";
import type { WalnutNode } from "../model";
import { useDesigner } from "../store/designerStore";
import { counted } from "../text";

interface Props {
  tree: ScenarioJson;
  selected: WalnutNode | undefined;
}

const recordCount = (lines: string) => lines.split("\n").filter((l) => l.trim()).length;

/**
 * Sample records per source (an uploaded JSON lines file, or the newest records captured from the
 * source's own topic), a run on them, then what each node did.
 */
export function TestPanel({ tree, selected }: Props) {
  const sources = useDesigner(useShallow((s) => s.nodes.filter((n) => n.data.raw.type === "Source").map((n) => n.id)));
  const result = useDesigner((s) => s.testResult);
  const actions = useDesigner.getState();
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [origin, setOrigin] = useState<Record<string, string>>({});
  const [limits, setLimits] = useState<Record<string, string>>({});
  const [capturing, setCapturing] = useState<string | null>(null);
  const [captureErrors, setCaptureErrors] = useState<Record<string, string>>({});
  // a capture replaces an uploaded file: a new key empties the file field
  const [fileKeys, setFileKeys] = useState<Record<string, number>>({});
  const capture = async (source: string) => {
    const limit = Number(limits[source] ?? "100");
    setCapturing(source);
    setCaptureErrors((e) => ({ ...e, [source]: "" }));
    try {
      const r = await api.capture(tree, source, limit);
      if (r.records.length === 0) {
        setCaptureErrors((e) => ({ ...e, [source]: "the topic holds no records" }));
      } else {
        setInputs((i) => ({ ...i, [source]: r.records.join("\n") + "\n" }));
        setOrigin((o) => ({ ...o, [source]: "captured" }));
        setFileKeys((k) => ({ ...k, [source]: (k[source] ?? 0) + 1 }));
      }
    } catch (e) {
      setCaptureErrors((errs) => ({ ...errs, [source]: (e as Error).message }));
    } finally {
      setCapturing(null);
    }
  };
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      actions.showTestResult(await api.testRun(tree, inputs));
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
        Test run <button onClick={() => actions.showSide("node")}>×</button>
      </div>
      {sources.map((s) => (
        <div className="field test-source" key={s}>
          <span data-testid={`test-input-summary-${s}`}>
            {s}: JSON lines{" "}
            {inputs[s] ? `(${counted(recordCount(inputs[s]), "record")}${origin[s] === "captured" ? ", captured" : ""})` : ""}
          </span>
          <input
            key={fileKeys[s] ?? 0}
            data-testid={`test-input-${s}`}
            type="file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) {
                const text = await f.text();
                setInputs((i) => ({ ...i, [s]: text }));
                setOrigin((o) => ({ ...o, [s]: "file" }));
              }
            }}
          />
          <div className="capture-row">
            <button
              type="button"
              data-testid={`test-capture-${s}`}
              disabled={capturing !== null}
              onClick={() => capture(s)}
              title="Read the newest records of this source's topic"
            >
              {capturing === s ? "Capturing…" : "Capture last"}
            </button>
            <input
              data-testid={`test-capture-limit-${s}`}
              className="capture-limit"
              type="number"
              min={1}
              max={10000}
              value={limits[s] ?? "100"}
              onChange={(e) => setLimits((l) => ({ ...l, [s]: e.target.value }))}
            />
            <span className="muted">from Kafka</span>
          </div>
          {captureErrors[s] && (
            <div className="field-error" data-testid={`test-capture-error-${s}`}>
              {captureErrors[s]}
            </div>
          )}
        </div>
      ))}
      <button data-testid="test-run" onClick={run} disabled={running || Object.keys(inputs).length === 0}>
        {running ? "Running…" : "Run"}
      </button>
      {error && <div className="field-error">{error}</div>}
      {result && (
        <div data-testid="test-result">
          <div className="muted">
            {counted(Object.values(result.sinkOutputs).reduce((a, r) => a + r.length, 0), "output record")},{" "}
            {counted(result.errors.length, "error")}
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
                    {selected.data.raw.type === "Source" ? "Records that left it" : "Records that entered it"}, with their variables
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
function RecordTable({ records, testId }: { records: JsonValue[]; testId: string }) {
  const rows = records
    .slice(0, 200)
    .map((r): Record<string, JsonValue> => (r !== null && typeof r === "object" && !Array.isArray(r) ? r : { value: r }));
  const columns = Array.from(new Set(rows.flatMap((r) => Object.keys(r))));
  return (
    <div className="table-scroll">
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
              const v = r[c];
              return <td key={c}>{v !== null && typeof v === "object" ? JSON.stringify(v) : String(v ?? "")}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
