import { useState } from "react";
import { ExpressionEditor } from "./ExpressionEditor";
import type { ComponentSchema, Json, NodeError, ParameterSchema, TypeInfo } from "./api";
import { parametersOf, type WalnutNode } from "./model";

interface Props {
  node: WalnutNode;
  component: ComponentSchema | undefined;
  errors: NodeError[];
  variables: Record<string, TypeInfo>;
  /** Parameters the component adds for this node (from the last validation). */
  dynamicParameters: ParameterSchema[];
  onChange: (raw: Json) => void;
  onRename: (newId: string) => string | null;
  onDelete: () => void;
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

export function NodePanel({ node, component, errors, variables, dynamicParameters, onChange, onRename, onDelete }: Props) {
  const raw = node.data.raw;
  const [idDraft, setIdDraft] = useState(node.id);
  const [idError, setIdError] = useState<string | null>(null);
  const params = parametersOf(raw);
  const paramNames = new Set([...(params ?? []).map((p: Json) => p.name), ...dynamicParameters.map((p) => p.name)]);
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
          {raw.nexts.map((c: Json, i: number) => (
            <div className="field" key={i}>
              <span>Case {i + 1}</span>
              <ExpressionField
                testId={`param-case-${i + 1}`}
                value={c.expression.expression}
                variables={variables}
                onChange={(v) => update((copy) => (copy.nexts[i].expression.expression = v))}
              />
              <ErrorList list={errorsOf(`case ${i + 1}`)} />
            </div>
          ))}
          <button onClick={() => update((c) => c.nexts.push({ expression: { language: "spel", expression: "true" }, nodes: [] }))}>
            Add case
          </button>
        </>
      )}
      {params?.map((p: Json, i: number) => {
        const schema = schemaOf(p.name);
        return (
          <div className="field" key={p.name}>
            <span title={schema?.docs}>
              {p.name}
              {schema && !schema.optional ? " *" : ""}
              {schema && <em className="muted"> {schema.type}</em>}
            </span>
            <ParameterField
              schema={schema}
              name={p.name}
              value={p.expression.expression}
              variables={variables}
              onChange={(v) => update((c) => (parametersOf(c)![i].expression.expression = v))}
            />
            {schema?.docs && <div className="help">{schema.docs}</div>}
            <ErrorList list={errorsOf(p.name)} />
          </div>
        );
      })}
      {missingDynamic.map((schema) => (
        <div className="field" key={schema.name}>
          <span title={schema.docs}>
            {schema.name}
            {!schema.optional ? " *" : ""}
            <em className="muted"> {schema.type}</em>
          </span>
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
