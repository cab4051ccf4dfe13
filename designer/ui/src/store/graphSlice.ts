// The edited graph: nodes and edges on the canvas, the selection, the clipboard and undo/redo.
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from "@xyflow/react";
import { autoLayout } from "../layout";
import {
  edgeId,
  fansOut,
  newNodeRaw,
  type CanvasNodeJson,
  type WalnutEdge,
  type WalnutNode,
  withDisabled,
  withProperties,
  withStickyNotes,
  withTestCases,
  withoutSwitchCase,
  type StickyNote,
} from "../model";
import type { JsonValue, ScenarioJson } from "../generated/nodeTypes";
import type { DesignerState, Slice } from "./designerStore";

/** The graph at one moment: what undo/redo and the clipboard hold. */
export interface Snapshot {
  nodes: WalnutNode[];
  edges: WalnutEdge[];
}

export interface GraphSlice {
  /** the scenario without its nodes: metaData and unmodelled top-level fields; null: none open */
  head: ScenarioJson | null;
  nodes: WalnutNode[];
  edges: WalnutEdge[];
  /** the node whose form the side panel shows */
  selected: string | null;
  /** undo/redo: snapshots taken whenever the scenario (not just the layout) changed */
  past: Snapshot[];
  future: Snapshot[];
  /** the graph when the scenario last changed, and its key (see useUndoHistory) */
  lastSnapshot: { key: string; snap: Snapshot } | null;
  /** set by undo/redo: the change they make is not itself recorded */
  restoring: boolean;
  clipboard: Snapshot | null;

  onNodesChange: (changes: NodeChange<WalnutNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<WalnutEdge>[]) => void;
  /** Connects two nodes: one edge per output, except a fanning-out one (a Split's). */
  connect: (c: Connection) => void;
  /** Adds a node for the palette component `nodeType:id` at a canvas position and selects it. */
  addNode: (componentKey: string, position: XYPosition) => void;
  updateNode: (id: string, raw: CanvasNodeJson) => void;
  /** Replaces the scenario's properties (metaData.additionalFields.properties). */
  setProperties: (properties: Record<string, string>) => void;
  /** Replaces the scenario's stored test cases (saved with the scenario). */
  setTestCases: (cases: JsonValue[]) => void;
  /** Replaces the scenario's sticky notes (saved with the scenario). */
  setStickyNotes: (notes: StickyNote[]) => void;
  /** Disables a node (it passes records through unchanged) or enables it again. */
  setDisabled: (id: string, disabled: boolean) => void;
  /** Renames a node (its edges and the join branches named after it follow); an error, or null. */
  renameNode: (oldId: string, newId: string) => string | null;
  deleteNode: (id: string) => void;
  /** Removes case `index` of a Switch together with the edge leaving it. */
  removeSwitchCase: (nodeId: string, index: number) => void;
  layout: () => void;
  select: (id: string | null) => void;
  selectAll: () => void;
  clearSelection: () => void;
  copy: () => void;
  paste: (clip?: Snapshot | null) => void;
  duplicate: () => void;
  undo: () => void;
  redo: () => void;
  /** Records a snapshot when the scenario's key changed since the last one (undo history). */
  recordSnapshot: (key: string) => void;
  /** Shows records in/out per node from a test run or the running deployment. */
  showCounts: (counts: Record<string, { in: number; out: number }>, source?: "test" | "live") => void;
}

const selection = (s: DesignerState): Snapshot => {
  const picked = s.nodes.filter((n) => n.selected);
  const ids = new Set(picked.map((n) => n.id));
  return { nodes: picked, edges: s.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
};

const uniqueId = (nodes: WalnutNode[], base: string) => {
  const taken = new Set(nodes.map((n) => n.id));
  if (!taken.has(base)) return base;
  let i = 2;
  while (taken.has(`${base}-${i}`)) i++;
  return `${base}-${i}`;
};

export const createGraphSlice: Slice<GraphSlice> = (set, get) => {
  const restore = (from: "past" | "future", to: "past" | "future") => {
    const s = get();
    const snap = s[from][s[from].length - 1];
    if (!snap) return;
    set({
      [from]: s[from].slice(0, -1),
      [to]: [...s[to], { nodes: s.nodes, edges: s.edges }],
      restoring: true,
      nodes: snap.nodes,
      edges: snap.edges,
    });
  };

  return {
    head: null,
    nodes: [],
    edges: [],
    selected: null,
    past: [],
    future: [],
    lastSnapshot: null,
    restoring: false,
    clipboard: null,

    onNodesChange: (changes) => set((s) => ({ nodes: applyNodeChanges(changes, s.nodes) })),
    onEdgesChange: (changes) => set((s) => ({ edges: applyEdgeChanges(changes, s.edges) })),

    connect: (c) =>
      set((s) => {
        const source = s.nodes.find((n) => n.id === c.source);
        const handle = c.sourceHandle ?? "out";
        const kept =
          source && fansOut(source.data.raw)
            ? s.edges
            : s.edges.filter((e) => !(e.source === c.source && (e.sourceHandle ?? "out") === handle));
        return {
          edges: addEdge({ ...c, sourceHandle: handle, id: edgeId(c.source, handle, c.target), data: {} }, kept),
        };
      }),

    addNode: (componentKey, p) => {
      const s = get();
      const c = s.components.get(componentKey);
      if (!c || !s.head) return;
      const id = uniqueId(s.nodes, c.id);
      const raw = newNodeRaw(c, id, p.x, p.y);
      set((st) => ({
        nodes: [...st.nodes, { id, type: "walnut", position: p, data: { raw, order: st.nodes.length } }],
        selected: id,
        side: "node",
      }));
    },

    updateNode: (id, raw) =>
      set((s) => ({ nodes: s.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, raw } } : n)) })),

    setProperties: (properties) =>
      set((s) => (s.head ? { head: withProperties(s.head, properties) } : {})),

    setTestCases: (cases) => set((s) => (s.head ? { head: withTestCases(s.head, cases) } : {})),

    setStickyNotes: (notes) => set((s) => (s.head ? { head: withStickyNotes(s.head, notes) } : {})),

    setDisabled: (id, disabled) =>
      set((s) => ({
        nodes: s.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, raw: withDisabled(n.data.raw, disabled) } } : n)),
      })),

    renameNode: (oldId, newId) => {
      const s = get();
      if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(newId)) return "a node id needs letters, digits, space, `.`, `_` or `-`";
      if (s.nodes.some((n) => n.id === newId)) return `a node \`${newId}\` exists already`;
      // a branch drawn on the canvas is named after the node it leaves: its join's branch parameters follow a rename
      const renamedBranchesInto = new Set(
        s.edges.filter((e) => e.source === oldId && !e.data?.branchEnd).map((e) => e.target),
      );
      set((st) => ({
        nodes: st.nodes.map((n) => {
          const raw = n.data.raw;
          if (n.id === oldId) return { ...n, id: newId, data: { ...n.data, raw: { ...raw, id: newId } } };
          if (renamedBranchesInto.has(n.id) && raw.type === "Join" && raw.branchParameters) {
            const branchParameters = raw.branchParameters.map((b) => (b.branchId === oldId ? { ...b, branchId: newId } : b));
            return { ...n, data: { ...n.data, raw: { ...raw, branchParameters } } };
          }
          return n;
        }),
        edges: st.edges.map((e) => {
          const source = e.source === oldId ? newId : e.source;
          const target = e.target === oldId ? newId : e.target;
          return { ...e, source, target, id: edgeId(source, e.sourceHandle ?? "out", target) };
        }),
        selected: newId,
      }));
      return null;
    },

    deleteNode: (id) =>
      set((s) => ({
        nodes: s.nodes.filter((n) => n.id !== id),
        edges: s.edges.filter((e) => e.source !== id && e.target !== id),
        selected: null,
      })),

    removeSwitchCase: (nodeId, index) => {
      const s = get();
      const node = s.nodes.find((n) => n.id === nodeId);
      if (!node || node.data.raw.type !== "Switch") return;
      const next = withoutSwitchCase(node.data.raw, s.edges, index);
      set({
        nodes: s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, raw: next.raw } } : n)),
        edges: next.edges,
      });
    },

    layout: () => set((s) => ({ nodes: autoLayout(s.nodes, s.edges) })),

    select: (id) => set({ selected: id }),

    selectAll: () =>
      set((s) => ({
        nodes: s.nodes.map((n) => ({ ...n, selected: true })),
        edges: s.edges.map((e) => ({ ...e, selected: true })),
      })),

    clearSelection: () =>
      set((s) => ({ selected: null, nodes: s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)) })),

    copy: () => {
      const clip = selection(get());
      set({ clipboard: clip });
      if (clip.nodes.length) get().say(`Copied ${clip.nodes.length} node(s)`);
    },

    paste: (clip = get().clipboard) => {
      if (!clip || clip.nodes.length === 0) return;
      const { nodes } = get();
      const taken = new Set(nodes.map((n) => n.id));
      const rename = new Map<string, string>();
      for (const n of clip.nodes) {
        let id = `${n.id}-copy`;
        for (let i = 2; taken.has(id); i++) id = `${n.id}-copy${i}`;
        taken.add(id);
        rename.set(n.id, id);
      }
      const pasted: WalnutNode[] = clip.nodes.map((n, i) => ({
        ...n,
        id: rename.get(n.id)!,
        selected: true,
        position: { x: n.position.x + 40, y: n.position.y + 40 },
        data: { raw: { ...structuredClone(n.data.raw), id: rename.get(n.id)! }, order: nodes.length + i },
      }));
      const pastedEdges = clip.edges.map((e) => {
        const source = rename.get(e.source)!;
        const target = rename.get(e.target)!;
        return { ...e, source, target, id: edgeId(source, e.sourceHandle ?? "out", target), data: {} };
      });
      set((s) => ({
        nodes: [...s.nodes.map((n) => ({ ...n, selected: false })), ...pasted],
        edges: [...s.edges, ...pastedEdges],
      }));
    },

    duplicate: () => get().paste(selection(get())),

    undo: () => restore("past", "future"),
    redo: () => restore("future", "past"),

    recordSnapshot: (key) => {
      const s = get();
      const snap = { nodes: s.nodes, edges: s.edges };
      if (s.restoring) {
        set({ restoring: false, lastSnapshot: { key, snap } });
      } else if (s.lastSnapshot && s.lastSnapshot.key !== key) {
        set({ past: [...s.past, s.lastSnapshot.snap].slice(-100), future: [], lastSnapshot: { key, snap } });
      } else {
        set({ lastSnapshot: { key, snap } });
      }
    },

    showCounts: (counts, source = "test") =>
      set((s) => ({ nodes: s.nodes.map((n) => ({ ...n, data: { ...n.data, counts: counts[n.id], countsSource: source } })) })),
  };
};
