// The form fields of a node's parameters: an editor per parameter schema (dropdown, checkbox,
// text, expression).
import type { ParameterSchema, TypeInfo } from "../../api";
import { ExpressionEditor } from "../ExpressionEditor";

function unquote(e: string): string | null {
  const m = /^'((?:[^']|'')*)'$/.exec(e.trim());
  return m ? m[1].replace(/''/g, "'") : null;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

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
