import { useState } from "react";
import { ExpressionEditor } from "./ExpressionEditor";
import type { ComponentSchema, Json, NodeError, ParameterSchema, Suggestion, TypeInfo } from "./api";
import { parametersOf, type WalnutNode } from "./model";

interface Props {
  node: WalnutNode;
  component: ComponentSchema | undefined;
  errors: NodeError[];
  variables: Record<string, TypeInfo>;
  /** Parameters the component adds for this node (from the last validation). */
  dynamicParameters: ParameterSchema[];
  /** For a Join: the ids of the branches flowing into it (what branch parameters are given for). */
  branches: string[];
  onChange: (raw: Json) => void;
  onRename: (newId: string) => string | null;
  onDelete: () => void;
  /** Asks the node's component for values of a parameter (Kafka topics, MLflow models, ...). */
  onSuggest: (parameter: string) => Promise<Suggestion[]>;
  /** Removes case i of a Switch together with the edge leaving it. */
  onRemoveCase: (index: number) => void;
}

function unquote(e: string): string | null {
  const m = /^'((?:[^']|'')*)'$/.exec(e.trim());
  return m ? m[1].replace(/''/g, "'") : null;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

function ExpressionField(props: {
  testId: string;
  value: string;
  onChange: (v: string) => void;
  variables: Record<string, TypeInfo>;
}) {
  return (
    <ExpressionEditor
      testId={props.testId}
      value={props.value}
      onChange={props.onChange}
      variables={props.variables}
      placeholder="SpEL, e.g. #input.field; type # for variables"
    />
  );
}

function ParameterField(props: {
  schema: ParameterSchema | undefined;
  name: string;
  value: string;
  variables: Record<string, TypeInfo>;
  onChange: (v: string) => void;
}) {
  const { schema, name, value, onChange } = props;
  const testId = `param-${name}`;
  const editor = schema?.editor.type ?? "expression";
  if (editor === "fixed_values" && schema?.editor.fixedValues) {
    const known = schema.editor.fixedValues.some((v) => v.expression === value);
    return (
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {!known && <option value={value}>{value || "(choose)"}</option>}
        {schema.editor.fixedValues.map((v) => (
          <option key={v.expression} value={v.expression}>
            {v.label}
          </option>
        ))}
      </select>
    );
  }
  if (editor === "boolean") {
    return (
      <input
        data-testid={testId}
        type="checkbox"
        checked={value.trim() === "true"}
        onChange={(e) => onChange(e.target.checked ? "true" : "false")}
      />
    );
  }
  if (editor === "string" || editor === "duration") {
    const plain = unquote(value);
    if (plain !== null || value === "") {
      return (
        <input
          data-testid={testId}
          type="text"
          value={plain ?? ""}
          placeholder={editor === "duration" ? "e.g. PT10M, PT30S, P1D" : ""}
          onChange={(e) => onChange(e.target.value === "" ? "" : quote(e.target.value))}
        />
      );
    }
  }
  if (editor === "number") {
    return (
      <input data-testid={testId} type="text" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} />
    );
  }
  return <ExpressionField testId={testId} value={value} onChange={onChange} variables={props.variables} />;
}

/**
 * The values a component suggests for a parameter, fetched when the list is opened: label and
 * description per value; picking one stores its expression. A failing outside service shows its
 * message here and nowhere else.
 */
function SuggestionPicker(props: {
  name: string;
  load: () => Promise<Suggestion[]>;
  onPick: (expression: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Suggestion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const toggle = async () => {
    if (open) {
      setOpen(false);
      return;
    }
    setOpen(true);
    setLoading(true);
    setError(null);
    try {
      setItems(await props.load());
    } catch (e) {
      setItems(null);
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };
  return (
    <div className="suggest">
      <button
        type="button"
        className="suggest-toggle"
        data-testid={`suggest-${props.name}`}
        title="Values suggested by the component"
        aria-expanded={open}
        onClick={toggle}
      >
        {open ? "▴" : "▾"} suggestions
      </button>
      {open && (
        <div
          className="suggest-list"
          data-testid={`suggestions-${props.name}`}
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        >
          {loading && <div className="muted">Asking the component…</div>}
          {error && (
            <div className="field-error" data-testid={`suggest-error-${props.name}`}>
              {error}
            </div>
          )}
          {!loading && items && items.length === 0 && <div className="muted">No suggestions.</div>}
          {!loading &&
            items?.map((s) => (
              <button
                type="button"
                key={s.expression}
                className="suggest-item"
                data-testid={`suggestion-${props.name}-${s.label}`}
                onClick={() => {
                  props.onPick(s.expression);
                  setOpen(false);
                }}
              >
                <span className="suggest-label">{s.label}</span>
                {s.description && <span className="muted"> {s.description}</span>}
              </button>
            ))}
        </div>
      )}
    </div>
  );
}

/** A branch parameter's value for one incoming branch of a Join, or "" when not given. */
/** A parameter's name, `*` when mandatory, and its type; the docs as a tooltip. */
function FieldLabel(props: { name: string; schema: ParameterSchema | undefined }) {
  const { name, schema } = props;
  return (
    <span title={schema?.docs}>
      {name}
      {schema && !schema.optional ? " *" : ""}
      {schema && <em className="muted"> {schema.type}</em>}
    </span>
  );
}

function branchValue(raw: Json, branch: string, name: string): string {
  const entry = (raw.branchParameters ?? []).find((b: Json) => b.branchId === branch);
  return entry?.parameters?.find((p: Json) => p.name === name)?.expression?.expression ?? "";
}

export function NodePanel({
  node,
  component,
  errors,
  variables,
  dynamicParameters,
  branches,
  onChange,
  onRename,
  onDelete,
  onSuggest,
  onRemoveCase,
}: Props) {
  const raw = node.data.raw;
  const [idDraft, setIdDraft] = useState(node.id);
  const [idError, setIdError] = useState<string | null>(null);
  const params = parametersOf(raw);
  // the names whose errors show beside their field (the rest show at the top of the panel)
  const paramNames = new Set([
    ...(params ?? []).map((p: Json) => p.name),
    ...dynamicParameters.map((p) => p.name),
    ...(raw.type === "Join" ? (component?.branchParameters ?? []).map((p) => p.name) : []),
    ...(raw.type === "Filter" || raw.type === "Switch" ? ["expression"] : []),
    ...(raw.type === "Switch" ? (raw.nexts ?? []).map((_: Json, i: number) => `case ${i + 1}`) : []),
    ...(raw.type === "VariableBuilder" ? (raw.fields ?? []).map((f: Json) => f.name) : []),
  ]);
  // dynamic parameters the node does not give yet: shown empty, added to the node when edited
  const missingDynamic = params ? dynamicParameters.filter((d) => !params.some((p: Json) => p.name === d.name)) : [];
  const nodeErrors = errors.filter((e) => !e.parameter || !paramNames.has(e.parameter));
  const errorsOf = (p: string) => errors.filter((e) => e.parameter === p);
  const update = (f: (copy: Json) => void) => {
    const copy = structuredClone(raw);
    f(copy);
    onChange(copy);
  };
  const ErrorList = ({ list }: { list: NodeError[] }) => (
    <>
      {list.map((e, i) => (
        <div
          key={i}
          className="field-error"
          data-testid={e.parameter && paramNames.has(e.parameter) ? `error-${node.id}-${e.parameter}` : `error-${node.id}`}
        >
          {e.parameter && !paramNames.has(e.parameter) ? `${e.parameter}: ` : ""}
          {e.message}
        </div>
      ))}
    </>
  );
  const schemaOf = (name: string) =>
    component?.parameters.find((p) => p.name === name) ??
    component?.branchParameters.find((p) => p.name === name) ??
    dynamicParameters.find((p) => p.name === name);

  return (
    <div className="panel node-panel" data-testid="node-panel">
      <div className="panel-title">
        <input
          className="node-id-input"
          data-testid="node-id"
          value={idDraft}
          onChange={(e) => setIdDraft(e.target.value)}
          onBlur={() => {
            if (idDraft !== node.id) setIdError(onRename(idDraft));
          }}
          onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
        />
        <button className="danger" onClick={onDelete} title="Delete node (Del)">
          Delete
        </button>
      </div>
      {idError && <div className="field-error">{idError}</div>}
      <div className="muted">
        {raw.type}
        {component ? ` · ${component.id}` : ""}
      </div>
      {component?.docs && <p className="docs">{component.docs}</p>}
      <ErrorList list={nodeErrors} />

      {(raw.type === "CustomNode" || raw.type === "Join") && component?.outputVariable !== "none" && (
        <label className="field">
          <span>Output variable</span>
          <input
            data-testid="param-outputVar"
            value={raw.outputVar ?? ""}
            onChange={(e) => update((c) => (c.outputVar = e.target.value))}
          />
        </label>
      )}
      {raw.type === "Enricher" && (
        <label className="field">
          <span>Output variable</span>
          <input data-testid="param-output" value={raw.output ?? ""} onChange={(e) => update((c) => (c.output = e.target.value))} />
        </label>
      )}
      {raw.type === "Filter" && (
        <div className="field">
          <span>Condition</span>
          <ExpressionField
            testId="param-expression"
            value={raw.expression.expression}
            variables={variables}
            onChange={(v) => update((c) => (c.expression.expression = v))}
          />
          <ErrorList list={errorsOf("expression")} />
        </div>
      )}
      {raw.type === "Variable" && (
        <>
          <label className="field">
            <span>Variable name</span>
            <input data-testid="param-varName" value={raw.varName} onChange={(e) => update((c) => (c.varName = e.target.value))} />
          </label>
          <div className="field">
            <span>Value</span>
            <ExpressionField
              testId="param-value"
              value={raw.value.expression}
              variables={variables}
              onChange={(v) => update((c) => (c.value.expression = v))}
            />
          </div>
        </>
      )}
      {raw.type === "VariableBuilder" && (
        <>
          <label className="field">
            <span>Variable name</span>
            <input value={raw.varName} onChange={(e) => update((c) => (c.varName = e.target.value))} />
          </label>
          {raw.fields.map((f: Json, i: number) => (
            <div className="field" key={i}>
              <input value={f.name} onChange={(e) => update((c) => (c.fields[i].name = e.target.value))} />
              <ExpressionField
                testId={`param-${f.name}`}
                value={f.expression.expression}
                variables={variables}
                onChange={(v) => update((c) => (c.fields[i].expression.expression = v))}
              />
              <ErrorList list={errorsOf(f.name)} />
            </div>
          ))}
          <button
            onClick={() =>
              update((c) => c.fields.push({ name: `field${c.fields.length + 1}`, expression: { language: "spel", expression: "" } }))
            }
          >
            Add field
          </button>
        </>
      )}
      {raw.type === "Switch" && (
        <>
          <div className="field">
            <span title="Legacy Nussknacker form: evaluated first and bound to the value variable the cases can read">
              Value <em className="muted">optional, legacy `expression`</em>
            </span>
            <ExpressionField
              testId="param-switch-expression"
              value={raw.expression?.expression ?? ""}
              variables={variables}
              onChange={(v) =>
                update((c) => {
                  c.expression = v === "" ? null : { ...(c.expression ?? { language: "spel" }), expression: v };
                })
              }
            />
            <ErrorList list={errorsOf("expression")} />
          </div>
          <label className="field">
            <span>
              Value variable <em className="muted">optional, legacy `exprVal`</em>
            </span>
            <input
              data-testid="param-exprVal"
              value={raw.exprVal ?? ""}
              placeholder="e.g. value, then #value in the cases"
              onChange={(e) => update((c) => (c.exprVal = e.target.value === "" ? null : e.target.value))}
            />
          </label>
          {raw.nexts.map((c: Json, i: number) => (
            <div className="field" key={i}>
              <span className="field-head">
                Case {i + 1}
                <button
                  type="button"
                  className="small"
                  data-testid={`remove-case-${i + 1}`}
                  title="Remove this case and the edge leaving it"
                  onClick={() => onRemoveCase(i)}
                >
                  Remove
                </button>
              </span>
              <ExpressionField
                testId={`param-case-${i + 1}`}
                value={c.expression.expression}
                variables={variables}
                onChange={(v) => update((copy) => (copy.nexts[i].expression.expression = v))}
              />
              <ErrorList list={errorsOf(`case ${i + 1}`)} />
            </div>
          ))}
          <button
            data-testid="add-case"
            onClick={() => update((c) => c.nexts.push({ expression: { language: "spel", expression: "true" }, nodes: [] }))}
          >
            Add case
          </button>
        </>
      )}
      {raw.type === "Join" && component && component.branchParameters.length > 0 && (
        <div className="branches" data-testid="branch-parameters">
          <div className="muted">Per incoming branch</div>
          {branches.length === 0 && <div className="muted">Connect branches to this join to give their parameters.</div>}
          {branches.map((b) => (
            <fieldset key={b} className="branch">
              <legend>branch {b}</legend>
              {component.branchParameters.map((schema) => (
                <div className="field" key={schema.name}>
                  <FieldLabel name={schema.name} schema={schema} />
                  <ParameterField
                    schema={schema}
                    name={`${b}-${schema.name}`}
                    value={branchValue(raw, b, schema.name)}
                    variables={variables}
                    onChange={(v) =>
                      update((c) => {
                        c.branchParameters = c.branchParameters ?? [];
                        let entry = c.branchParameters.find((x: Json) => x.branchId === b);
                        if (!entry) {
                          entry = { branchId: b, parameters: [] };
                          c.branchParameters.push(entry);
                        }
                        const p = entry.parameters.find((x: Json) => x.name === schema.name);
                        if (p) p.expression.expression = v;
                        else entry.parameters.push({ name: schema.name, expression: { language: "spel", expression: v } });
                      })
                    }
                  />
                </div>
              ))}
            </fieldset>
          ))}
          {(raw.branchParameters ?? [])
            .filter((x: Json) => !branches.includes(x.branchId))
            .map((x: Json) => (
              <div key={x.branchId} className="field-error">
                branch {x.branchId} no longer flows into this join{" "}
                <button
                  type="button"
                  className="small"
                  data-testid={`remove-branch-${x.branchId}`}
                  onClick={() =>
                    update((c) => (c.branchParameters = c.branchParameters.filter((y: Json) => y.branchId !== x.branchId)))
                  }
                >
                  Remove its parameters
                </button>
              </div>
            ))}
          <ErrorList list={errors.filter((e) => e.parameter && component.branchParameters.some((bp) => bp.name === e.parameter))} />
        </div>
      )}
      {params?.map((p: Json, i: number) => {
        const schema = schemaOf(p.name);
        return (
          <div className="field" key={p.name}>
            <FieldLabel name={p.name} schema={schema} />
            <ParameterField
              schema={schema}
              name={p.name}
              value={p.expression.expression}
              variables={variables}
              onChange={(v) => update((c) => (parametersOf(c)![i].expression.expression = v))}
            />
            {schema?.suggestions && (
              <SuggestionPicker
                name={p.name}
                load={() => onSuggest(p.name)}
                onPick={(v) => update((c) => (parametersOf(c)![i].expression.expression = v))}
              />
            )}
            {schema?.docs && <div className="help">{schema.docs}</div>}
            <ErrorList list={errorsOf(p.name)} />
          </div>
        );
      })}
      {missingDynamic.map((schema) => (
        <div className="field" key={schema.name}>
          <FieldLabel name={schema.name} schema={schema} />
          <ParameterField
            schema={schema}
            name={schema.name}
            value=""
            variables={variables}
            onChange={(v) =>
              update((c) => parametersOf(c)!.push({ name: schema.name, expression: { language: "spel", expression: v } }))
            }
          />
          <div className="help">{schema.docs}</div>
          <ErrorList list={errorsOf(schema.name)} />
        </div>
      ))}
      <label className="field">
        <span>Description</span>
        <textarea
          rows={2}
          value={raw.additionalFields?.description ?? ""}
          onChange={(e) =>
            update((c) => {
              c.additionalFields = { ...(c.additionalFields ?? {}), description: e.target.value || null };
            })
          }
        />
      </label>
      {Object.keys(variables).length > 0 && (
        <div className="vars">
          <div className="muted">Variables here</div>
          {Object.entries(variables).map(([n, t]) => (
            <div key={n}>
              <code>#{n}</code> <span className="muted">{t.type}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
