// The fixed fields of the control-flow node types (Filter, Variable, VariableBuilder, Switch).
import type { ReactNode } from "react";
import type { TypeInfo } from "../../api";
import type { FilterJson, SwitchJson, VariableBuilderJson, VariableJson } from "../../generated/nodeTypes";
import { edited } from "./edit";
import { ExpressionField } from "./fields";

interface FieldsProps<T> {
  node: T;
  variables: Record<string, TypeInfo>;
  onChange: (node: T) => void;
  /** The errors shown beside the field of a parameter. */
  errorsAt: (parameter: string) => ReactNode;
}

export function FilterFields({ node, variables, onChange, errorsAt }: FieldsProps<FilterJson>) {
  return (
    <div className="field">
      <span>Condition</span>
      <ExpressionField
        testId="param-expression"
        value={node.expression.expression}
        variables={variables}
        onChange={(v) => onChange(edited(node, (c) => (c.expression.expression = v)))}
      />
      {errorsAt("expression")}
    </div>
  );
}

export function VariableFields({ node, variables, onChange }: FieldsProps<VariableJson>) {
  return (
    <>
      <label className="field">
        <span>Variable name</span>
        <input
          data-testid="param-varName"
          value={node.varName}
          onChange={(e) => onChange(edited(node, (c) => (c.varName = e.target.value)))}
        />
      </label>
      <div className="field">
        <span>Value</span>
        <ExpressionField
          testId="param-value"
          value={node.value.expression}
          variables={variables}
          onChange={(v) => onChange(edited(node, (c) => (c.value.expression = v)))}
        />
      </div>
    </>
  );
}

export function VariableBuilderFields({ node, variables, onChange, errorsAt }: FieldsProps<VariableBuilderJson>) {
  const update = (f: (copy: VariableBuilderJson) => void) => onChange(edited(node, f));
  return (
    <>
      <label className="field">
        <span>Variable name</span>
        <input value={node.varName} onChange={(e) => update((c) => (c.varName = e.target.value))} />
      </label>
      {node.fields.map((f, i) => (
        <div className="field" key={i}>
          <input value={f.name} onChange={(e) => update((c) => (c.fields[i].name = e.target.value))} />
          <ExpressionField
            testId={`param-${f.name}`}
            value={f.expression.expression}
            variables={variables}
            onChange={(v) => update((c) => (c.fields[i].expression.expression = v))}
          />
          {errorsAt(f.name)}
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
  );
}

export function SwitchFields({
  node,
  variables,
  onChange,
  errorsAt,
  onRemoveCase,
}: FieldsProps<SwitchJson> & { onRemoveCase: (index: number) => void }) {
  const update = (f: (copy: SwitchJson) => void) => onChange(edited(node, f));
  return (
    <>
      <div className="field">
        <span title="Legacy Nussknacker form: evaluated first and bound to the value variable the cases can read">
          Value <em className="muted">optional, legacy `expression`</em>
        </span>
        <ExpressionField
          testId="param-switch-expression"
          value={node.expression?.expression ?? ""}
          variables={variables}
          onChange={(v) =>
            update((c) => {
              c.expression = v === "" ? null : { ...(c.expression ?? { language: "spel" }), expression: v };
            })
          }
        />
        {errorsAt("expression")}
      </div>
      <label className="field">
        <span>
          Value variable <em className="muted">optional, legacy `exprVal`</em>
        </span>
        <input
          data-testid="param-exprVal"
          value={node.exprVal ?? ""}
          placeholder="e.g. value, then #value in the cases"
          onChange={(e) => update((c) => (c.exprVal = e.target.value === "" ? null : e.target.value))}
        />
      </label>
      {node.nexts.map((c, i) => (
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
          {errorsAt(`case ${i + 1}`)}
        </div>
      ))}
      <button
        data-testid="add-case"
        onClick={() => update((c) => c.nexts.push({ expression: { language: "spel", expression: "true" }, nodes: [] }))}
      >
        Add case
      </button>
    </>
  );
}
