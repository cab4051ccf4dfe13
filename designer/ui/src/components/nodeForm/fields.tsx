// The form fields of a node's parameters: an editor per parameter schema (dropdown, checkbox,
// text, expression).
import { useState } from "react";
import type { ParameterSchema, TypeInfo } from "../../api";
import { ExpressionEditor } from "../ExpressionEditor";

/** The text of a SpEL string literal (`'it''s'` is `it's`); null when the expression is not one. */
export function unquote(e: string): string | null {
  const m = /^'((?:[^']|'')*)'$/.exec(e.trim());
  return m ? m[1].replace(/''/g, "'") : null;
}

/** A text as a SpEL string literal. */
export const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function ExpressionField(props: {
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

/**
 * Whether a parameter gets a plain editor that writes the SpEL for the analyst (with SpEL one click
 * away), as Nussknacker's dual string and fixed-value editors: text and durations (stored quoted),
 * dropdowns, and text evaluated once (a model name, a shop URL) whose component left the editor free.
 */
function dualMode(schema: ParameterSchema | undefined): "text" | "fixed" | null {
  if (!schema) return null;
  const editor = schema.editor.type;
  if (editor === "fixed_values" && schema.editor.fixedValues) return "fixed";
  if (editor === "string" || editor === "duration") return "text";
  if (editor === "expression" && schema.type === "String" && schema.evaluation === "once") return "text";
  return null;
}

export function ParameterField(props: {
  schema: ParameterSchema | undefined;
  name: string;
  value: string;
  variables: Record<string, TypeInfo>;
  onChange: (v: string) => void;
}) {
  const { schema, name, value, onChange } = props;
  const testId = `param-${name}`;
  const editor = schema?.editor.type ?? "expression";
  const dual = dualMode(schema);
  if (dual) return <DualField {...props} kind={dual} />;
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
  if (editor === "number") {
    return (
      <input data-testid={testId} type="text" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} />
    );
  }
  return <ExpressionField testId={testId} value={value} onChange={onChange} variables={props.variables} />;
}

/**
 * A plain control (text or dropdown) beside a switch to the SpEL expression it stands for. The
 * plain form is offered only while the expression is one it can show (a string literal, one of the
 * dropdown's values, or empty); otherwise the switch says why not.
 */
function DualField(props: {
  schema: ParameterSchema | undefined;
  name: string;
  value: string;
  variables: Record<string, TypeInfo>;
  onChange: (v: string) => void;
  kind: "text" | "fixed";
}) {
  const { schema, name, value, onChange, kind } = props;
  const testId = `param-${name}`;
  const fixedValues = schema?.editor.fixedValues ?? [];
  const plainPossible =
    value.trim() === "" || (kind === "text" ? unquote(value) !== null : fixedValues.some((v) => v.expression === value));
  const [spel, setSpel] = useState(!plainPossible);
  const toggle = (
    <button
      type="button"
      className={`mode-toggle${spel ? " active" : ""}`}
      data-testid={`mode-${name}`}
      disabled={spel && !plainPossible}
      title={
        spel
          ? plainPossible
            ? "Back to the plain editor"
            : kind === "text"
              ? "Only a text in quotes, like 'orders', can be edited as plain text"
              : "Only one of the listed values can be picked from the list"
          : "Edit as a SpEL expression"
      }
      onClick={() => setSpel(!spel)}
    >
      {"{ }"}
    </button>
  );
  let control;
  if (spel) {
    control = <ExpressionField testId={testId} value={value} onChange={onChange} variables={props.variables} />;
  } else if (kind === "fixed") {
    const known = fixedValues.some((v) => v.expression === value);
    control = (
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {!known && <option value={value}>{value || "(choose)"}</option>}
        {fixedValues.map((v) => (
          <option key={v.expression} value={v.expression}>
            {v.label}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        data-testid={testId}
        type="text"
        value={unquote(value) ?? ""}
        placeholder={schema?.editor.type === "duration" ? "e.g. PT10M, PT30S, P1D" : ""}
        onChange={(e) => onChange(e.target.value === "" ? "" : quote(e.target.value))}
      />
    );
  }
  return (
    <div className="dual" data-mode={spel ? "spel" : "plain"}>
      <div className="dual-control">{control}</div>
      {toggle}
    </div>
  );
}

/** A parameter's name, `*` when mandatory, and its type; the docs as a tooltip. */
export function FieldLabel(props: { name: string; schema: ParameterSchema | undefined }) {
  const { name, schema } = props;
  return (
    <span title={schema?.docs}>
      {name}
      {schema && !schema.optional ? " *" : ""}
      {schema && <em className="muted"> {schema.type}</em>}
    </span>
  );
}
