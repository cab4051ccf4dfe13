// Values derived from the store's state, memoized on the identity of what they are made of, so
// every component that reads them gets the same object and React re-renders only on change.
import type { ComponentSchema, Palette } from "../api";
import type { ScenarioJson } from "../generated/nodeTypes";
import { componentIdOf, toTree, type CanvasNodeJson, type WalnutNode } from "../model";
import type { DesignerState } from "./designerStore";

/** Job states in which a deployment no longer runs (no live status to poll). */

/**
 * What a save would change, as a string: positions are not changes, and neither is the canvas
 * giving a node that had no `additionalFields` an empty one ({description: null} plus its
 * position). Moving nodes neither re-validates nor makes the scenario differ.
 */
export const withoutLayout = (tree: ScenarioJson) =>
  JSON.stringify(tree, (k, v) => {
    if (k === "layoutData") return undefined;
    if (k === "additionalFields" && v && typeof v === "object" && !Array.isArray(v)) {
      const meaningful = Object.keys(v).some((f) => f !== "layoutData" && !(f === "description" && v[f] == null));
      return meaningful ? v : undefined;
    }
    return v;
  });

function memo<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  return (...args: A) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i])) return last.result;
    const result = compute(...args);
    last = { args, result };
    return result;
  };
}

const tree = memo((nodes: DesignerState["nodes"], edges: DesignerState["edges"], head: ScenarioJson | null) =>
  head ? toTree({ nodes, edges, head }) : null,
);
const treeKey = memo((t: ScenarioJson | null) => (t ? withoutLayout(t) : ""));

/** The scenario the canvas shows, in the canonical format; null before one is opened. */
export const treeOf = (s: DesignerState): ScenarioJson | null => tree(s.nodes, s.edges, s.head);

/** The scenario the canvas shows without its layout (see {@link withoutLayout}). */
export const treeKeyOf = (s: DesignerState): string => treeKey(treeOf(s));

/** Whether the canvas differs from the version it was opened as or last saved. */
export const dirtyOf = (s: DesignerState): boolean => s.head !== null && treeKeyOf(s) !== s.savedKey;

/** Whether the scenario is deployed and its job still runs (status and counts are polled). */
/** Whether the scenario's job still runs: the server decides (one list of job states, JobStates). */
export const liveOf = (s: DesignerState): boolean => s.status?.live === true;

const errorCounts = memo((nodes: WalnutNode[], validation: DesignerState["validation"]) => {
  const byNode = new Map<string, number>();
  for (const e of validation?.errors ?? []) {
    if (e.nodeId) byNode.set(e.nodeId, (byNode.get(e.nodeId) ?? 0) + 1);
  }
  return nodes.map((n) => {
    const count = byNode.get(n.id) ?? 0;
    return (n.data.errors ?? 0) === count ? n : { ...n, data: { ...n.data, errors: count } };
  });
});

/**
 * The nodes as the canvas draws them: marked with the latest validation's errors, which are never
 * stored in the nodes themselves, so undo/redo cannot bring back the marks of an older state.
 */
export const shownNodesOf = (s: DesignerState): WalnutNode[] => caseMarks(errorCounts(s.nodes, s.validation), s.caseResult);

/** The nodes marked with the last test-case run's pass/fail (never stored in the nodes either). */
const caseMarks = memo((nodes: WalnutNode[], result: DesignerState["caseResult"]) =>
  !result
    ? nodes
    : nodes.map((n) => {
        const check = result.nodes[n.id];
        return check ? { ...n, data: { ...n.data, caseCheck: check } } : n;
      }),
);

/** Palette components by `nodeType:id` (sources and sinks may share an id) and by bare id. */
export const componentsByKey = (palette: Palette | null): Map<string, ComponentSchema> => {
  const m = new Map<string, ComponentSchema>();
  palette?.groups.forEach((g) =>
    g.components.forEach((c) => {
      m.set(`${c.nodeType}:${c.id}`, c);
      if (!m.has(c.id)) m.set(c.id, c);
    }),
  );
  return m;
};

/** The palette component a node was made from. */
export function componentOf(components: Map<string, ComponentSchema>, raw: CanvasNodeJson): ComponentSchema | undefined {
  const id = componentIdOf(raw) ?? raw.type;
  return components.get(`${raw.type}:${id}`) ?? components.get(id);
}
