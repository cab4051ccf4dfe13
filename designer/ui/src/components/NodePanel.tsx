// The selected node's form: its id, its component's docs, its errors, and fields generated from the
// parameter schema (or the fixed fields of a control-flow type).
import { useState } from "react";
import type { ComponentSchema, NodeError, ParameterSchema, Suggestion, TypeInfo } from "../api";
import { disableable, isDisabled, parametersOf, withDisabled, type CanvasNodeJson, type WalnutNode } from "../model";
import { edited } from "./nodeForm/edit";
import { ErrorList } from "./nodeForm/ErrorList";
import { FieldLabel, ParameterField } from "./nodeForm/fields";
import { FilterFields, SwitchFields, VariableBuilderFields, VariableFields } from "./nodeForm/FlowNodeFields";
import { JoinBranches } from "./nodeForm/JoinBranches";
import { SuggestionPicker } from "./nodeForm/SuggestionPicker";

interface Props {
  node: WalnutNode;
  component: ComponentSchema | undefined;
  errors: NodeError[];
  variables: Record<string, TypeInfo>;
  /** Parameters the component adds for this node (from the last validation). */
  dynamicParameters: ParameterSchema[];
  /** For a Join: the ids of the branches flowing into it (what branch parameters are given for). */
  branches: string[];
  onChange: (raw: CanvasNodeJson) => void;
  onRename: (newId: string) => string | null;
  onDelete: () => void;
  /** Asks the node's component for values of a parameter (Kafka topics, MLflow models, ...). */
  onSuggest: (parameter: string) => Promise<Suggestion[]>;
  /** Removes case i of a Switch together with the edge leaving it. */
  onRemoveCase: (index: number) => void;
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
    ...(params ?? []).map((p) => p.name),
    ...dynamicParameters.map((p) => p.name),
    ...(raw.type === "Join" ? (component?.branchParameters ?? []).map((p) => p.name) : []),
    ...(raw.type === "Filter" || raw.type === "Switch" ? ["expression"] : []),
    ...(raw.type === "Switch" ? (raw.nexts ?? []).map((_, i) => `case ${i + 1}`) : []),
    ...(raw.type === "VariableBuilder" ? (raw.fields ?? []).map((f) => f.name) : []),
  ]);
  // dynamic parameters the node does not give yet: shown empty, added to the node when edited
  const missingDynamic = params ? dynamicParameters.filter((d) => !params.some((p) => p.name === d.name)) : [];
  const nodeErrors = errors.filter((e) => !e.parameter || !paramNames.has(e.parameter));
  const errorList = (list: NodeError[]) => <ErrorList list={list} nodeId={node.id} paramNames={paramNames} />;
  const errorsAt = (p: string) => errorList(errors.filter((e) => e.parameter === p));
  const update = (f: (copy: CanvasNodeJson) => void) => onChange(edited(raw, f));
  const schemaOf = (name: string) =>
    component?.parameters.find((p) => p.name === name) ??
    component?.branchParameters.find((p) => p.name === name) ??
    dynamicParameters.find((p) => p.name === name);
  const fieldProps = { variables, onChange, errorsAt };

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
      {disableable(raw) && (
        <label className="toggle" title="A disabled node passes every record through unchanged; its parameters are not checked">
          <input
            type="checkbox"
            data-testid="node-disabled"
            checked={isDisabled(raw)}
            onChange={(e) => onChange(withDisabled(raw, e.target.checked))}
          />
          Disabled <span className="muted">(records pass through unchanged)</span>
        </label>
      )}
      {component?.docs && <p className="docs">{component.docs}</p>}
      {errorList(nodeErrors)}

      {(raw.type === "CustomNode" || raw.type === "Join") && component?.outputVariable !== "none" && (
        <label className="field">
          <span>Output variable</span>
          <input
            data-testid="param-outputVar"
            value={raw.outputVar ?? ""}
            onChange={(e) => onChange(edited(raw, (c) => (c.outputVar = e.target.value)))}
          />
        </label>
      )}
      {raw.type === "Enricher" && (
        <label className="field">
          <span>Output variable</span>
          <input
            data-testid="param-output"
            value={raw.output ?? ""}
            onChange={(e) => onChange(edited(raw, (c) => (c.output = e.target.value)))}
          />
        </label>
      )}
      {raw.type === "Filter" && <FilterFields node={raw} {...fieldProps} />}
      {raw.type === "Variable" && <VariableFields node={raw} {...fieldProps} />}
      {raw.type === "VariableBuilder" && <VariableBuilderFields node={raw} {...fieldProps} />}
      {raw.type === "Switch" && <SwitchFields node={raw} {...fieldProps} onRemoveCase={onRemoveCase} />}
      {raw.type === "Join" && component && component.branchParameters.length > 0 && (
        <JoinBranches
          node={raw}
          component={component}
          branches={branches}
          variables={variables}
          onChange={onChange}
          errors={errorList(errors.filter((e) => e.parameter && component.branchParameters.some((bp) => bp.name === e.parameter)))}
        />
      )}
      {params?.map((p, i) => {
        const schema = schemaOf(p.name);
        const setValue = (v: string) => update((c) => (parametersOf(c)![i].expression.expression = v));
        return (
          <div className="field" key={p.name}>
            <FieldLabel name={p.name} schema={schema} />
            <ParameterField schema={schema} name={p.name} value={p.expression.expression} variables={variables} onChange={setValue} />
            {schema?.suggestions && <SuggestionPicker name={p.name} load={() => onSuggest(p.name)} onPick={setValue} />}
            {schema?.docs && <div className="help">{schema.docs}</div>}
            {errorsAt(p.name)}
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
          {errorsAt(schema.name)}
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
