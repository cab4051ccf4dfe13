import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import type { TestCasesResult } from "../api";
import type { JsonValue } from "../generated/nodeTypes";
import { testCasesOf } from "../model";
import { useDesigner } from "../store/designerStore";
import { MessageText } from "./MessageText";

type CaseResult = TestCasesResult["cases"][number];

/**
 * The scenario's stored test cases (saved with it in `metaData.additionalFields.testCases`): each
 * one as JSON to edit — input records per source, mocked enricher answers, assertions per node —
 * with "Run all" or one at a time; what failed is listed here and marked on the canvas.
 */
export function TestCasesPanel() {
  const head = useDesigner((s) => s.head);
  // a new list on every store change: compared by content, or React renders without end
  const sources = useDesigner(useShallow((s) => s.nodes.filter((n) => n.data.raw.type === "Source").map((n) => n.id)));
  const result = useDesigner((s) => s.caseResult);
  const running = useDesigner((s) => s.casesRunning);
  const actions = useDesigner.getState();
  const cases = testCasesOf(head);
  const nameOf = (c: JsonValue) => (c && typeof c === "object" && !Array.isArray(c) && typeof c.name === "string" ? c.name : "");
  const replace = (index: number, value: JsonValue | null) => {
    const next = cases.slice();
    if (value === null) next.splice(index, 1);
    else next[index] = value;
    actions.setTestCases(next);
  };
  const add = () => {
    let n = cases.length + 1;
    while (cases.some((c) => nameOf(c) === `case ${n}`)) n += 1;
    const inputs: Record<string, JsonValue> = {};
    sources.forEach((s) => (inputs[s] = []));
    actions.setTestCases([...cases, { name: `case ${n}`, inputs, assertions: [] }]);
  };
  return (
    <div className="panel cases" data-testid="cases-panel">
      <div className="cases-bar">
        <button data-testid="run-all-cases" onClick={() => actions.runTestCases()} disabled={running || cases.length === 0}>
          {running ? "Running…" : "Run all"}
        </button>
        <button data-testid="add-case" onClick={add}>
          Add case
        </button>
        {result && (
          <span data-testid="cases-summary" className={result.passed ? "good" : "bad"}>
            {result.total - result.failed} of {result.total} passed
          </span>
        )}
      </div>
      <p className="muted">
        Saved with the scenario; <code>./walnut test SCENARIO.json</code> runs them too. Per case: <code>inputs</code> (records per
        source), <code>mocks</code> (an enricher's fixed <code>answer</code> or <code>expression</code>), <code>assertions</code> (
        <code>{"{node, records | contains | count: {in, out} | condition}"}</code>; a condition sees <code>#output</code> of a sink,{" "}
        <code>#records</code> and <code>#count</code>), <code>expectedErrors</code>.
      </p>
      {cases.length === 0 && <div className="muted">No test cases yet: add one.</div>}
      {cases.map((c, i) => (
        <CaseEditor
          key={`${i}:${JSON.stringify(c)}`}
          index={i}
          value={c}
          result={result?.cases.find((r) => r.name === nameOf(c))}
          running={running}
          onApply={(v) => replace(i, v)}
          onDelete={() => replace(i, null)}
          onRun={() => actions.runTestCases(nameOf(c))}
        />
      ))}
    </div>
  );
}

function CaseEditor(props: {
  index: number;
  value: JsonValue;
  result: CaseResult | undefined;
  running: boolean;
  onApply: (v: JsonValue) => void;
  onDelete: () => void;
  onRun: () => void;
}) {
  const { index, value, result } = props;
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [error, setError] = useState<string | null>(null);
  const edited = text !== JSON.stringify(value, null, 2);
  const apply = () => {
    try {
      props.onApply(JSON.parse(text) as JsonValue);
      setError(null);
    } catch (e) {
      setError(`not JSON: ${(e as Error).message}`);
    }
  };
  const name = value && typeof value === "object" && !Array.isArray(value) && typeof value.name === "string" ? value.name : `#${index + 1}`;
  return (
    <div className="case" data-testid={`case-${index}`}>
      <div className="case-head">
        <strong>{name}</strong>
        {result && (
          <span data-testid={`case-result-${index}`} data-passed={result.passed} className={result.passed ? "good" : "bad"}>
            {result.passed ? "PASS" : "FAIL"} · {(result.millis / 1000).toFixed(1)} s
          </span>
        )}
        <span className="grow" />
        <button data-testid={`case-run-${index}`} onClick={props.onRun} disabled={props.running || edited} title={edited ? "apply the edit first" : ""}>
          Run
        </button>
        <button data-testid={`case-delete-${index}`} onClick={props.onDelete}>
          Delete
        </button>
      </div>
      <textarea
        data-testid={`case-json-${index}`}
        className="case-json"
        spellCheck={false}
        value={text}
        rows={Math.min(18, text.split("\n").length + 1)}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="case-actions">
        <button data-testid={`case-apply-${index}`} onClick={apply} disabled={!edited}>
          Apply
        </button>
        {edited && <span className="muted">not applied</span>}
      </div>
      {error && (
        <div className="field-error" data-testid={`case-error-${index}`}>
          {error}
        </div>
      )}
      {result && !result.passed && (
        <ul className="case-failures" data-testid={`case-failures-${index}`}>
          {result.problems.map((p, i) => (
            <li key={`p${i}`}>
              <MessageText text={p} />
            </li>
          ))}
          {result.checks
            .filter((c) => !c.passed)
            .map((c, i) => (
              <li key={`c${i}`}>
                {c.node ? <code>{c.node}</code> : null} {c.kind}: <MessageText text={c.message} />
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
