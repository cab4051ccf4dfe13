// A Join's branch parameters: one set per incoming branch; stale ones (a branch that no longer
// flows in) can be removed.
import type { ReactNode } from "react";
import type { ComponentSchema, TypeInfo } from "../../api";
import type { JoinJson } from "../../generated/nodeTypes";
import { edited } from "./edit";
import { FieldLabel, ParameterField } from "./fields";

/** A branch parameter's value for one incoming branch of a Join, or "" when not given. */
function branchValue(node: JoinJson, branch: string, name: string): string {
  const entry = (node.branchParameters ?? []).find((b) => b.branchId === branch);
  return entry?.parameters?.find((p) => p.name === name)?.expression?.expression ?? "";
}

export function JoinBranches(props: {
  node: JoinJson;
  component: ComponentSchema;
  /** the ids of the branches flowing into the join */
  branches: string[];
  variables: Record<string, TypeInfo>;
  onChange: (node: JoinJson) => void;
  /** the errors about branch parameters */
  errors: ReactNode;
}) {
  const { node, component, branches, variables, onChange } = props;
  const update = (f: (copy: JoinJson) => void) => onChange(edited(node, f));
  return (
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
                value={branchValue(node, b, schema.name)}
                variables={variables}
                onChange={(v) =>
                  update((c) => {
                    c.branchParameters = c.branchParameters ?? [];
                    let entry = c.branchParameters.find((x) => x.branchId === b);
                    if (!entry) {
                      entry = { branchId: b, parameters: [] };
                      c.branchParameters.push(entry);
                    }
                    const p = entry.parameters.find((x) => x.name === schema.name);
                    if (p) p.expression.expression = v;
                    else entry.parameters.push({ name: schema.name, expression: { language: "spel", expression: v } });
                  })
                }
              />
            </div>
          ))}
        </fieldset>
      ))}
      {(node.branchParameters ?? [])
        .filter((x) => !branches.includes(x.branchId))
        .map((x) => (
          <div key={x.branchId} className="field-error">
            branch {x.branchId} no longer flows into this join{" "}
            <button
              type="button"
              className="small"
              data-testid={`remove-branch-${x.branchId}`}
              onClick={() => update((c) => (c.branchParameters = (c.branchParameters ?? []).filter((y) => y.branchId !== x.branchId)))}
            >
              Remove its parameters
            </button>
          </div>
        ))}
      {props.errors}
    </div>
  );
}
