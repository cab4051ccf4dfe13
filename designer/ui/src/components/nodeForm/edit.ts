import type { CanvasNodeJson } from "../../model";

/** A node's JSON changed by `f` on a copy: the store gets a new object, the old one stays as is. */
export function edited<T extends CanvasNodeJson>(node: T, f: (copy: T) => void): T {
  const copy = structuredClone(node);
  f(copy);
  return copy;
}
