import type { NodeError } from "../../api";

/**
 * Validation errors of a node: beside the field they belong to, or at the top of the form (named
 * by parameter) when the form shows no such field.
 */
export function ErrorList(props: { list: NodeError[]; nodeId: string; paramNames: Set<string> }) {
  const { list, nodeId, paramNames } = props;
  return (
    <>
      {list.map((e, i) => (
        <div
          key={i}
          className="field-error"
          data-testid={e.parameter && paramNames.has(e.parameter) ? `error-${nodeId}-${e.parameter}` : `error-${nodeId}`}
        >
          {e.parameter && !paramNames.has(e.parameter) ? `${e.parameter}: ` : ""}
          {e.message}
        </div>
      ))}
    </>
  );
}
