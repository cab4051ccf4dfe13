import type { NodeError } from "../../api";
import { MessageText } from "../MessageText";

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
          <MessageText text={e.parameter && !paramNames.has(e.parameter) ? withParameter(e.parameter, e.message) : e.message} />
        </div>
      ))}
    </>
  );
}

/** A message named by its parameter, unless it names the parameter already. */
function withParameter(parameter: string, message: string): string {
  return message.startsWith(`parameter \`${parameter}\``) ? message : `${parameter}: ${message}`;
}
