// The scenario as the server keeps it: the palette, the list, the open version and its history,
// validation, comparison with another version, test runs and the deployment; and what the
// designer tells the analyst (messages, the side panel shown, the shortcut list).
import { api, type Comparison, type ComponentSchema, type Palette, type ScenarioSummary, type Status, type TestCasesResult, type TestRunResult, type Validation, type VersionInfo } from "../api";
import { diffGraph } from "../compare";
import type { ScenarioJson } from "../generated/nodeTypes";
import { autoLayout } from "../layout";
import { toGraph, toTree, type WalnutEdge, type WalnutNode } from "../model";
import type { Slice } from "./designerStore";
import { componentsByKey, dirtyOf, treeKeyOf, treeOf, withoutLayout } from "./selectors";

/** The open scenario version. */
export interface Current {
  name: string;
  version: number;
  latest: boolean;
}

/** Two versions drawn on the canvas instead of the edited graph (read-only). */
export interface CompareView {
  diff: Comparison;
  nodes: WalnutNode[];
  edges: WalnutEdge[];
}

/** A change of the canvas's viewport the canvas makes once it has drawn what changed. */
export interface ViewRequest {
  kind: "fit" | "reset";
  seq: number;
}

export type Side = "node" | "test" | "versions" | "properties";

/** With the test panel open: the selected node's form, the test run (inputs and results) or the stored test cases. */
export type TestTab = "form" | "results" | "cases";

export interface ScenarioSlice {
  palette: Palette | null;
  /** palette components by `nodeType:id` and by id */
  components: Map<string, ComponentSchema>;
  scenarios: ScenarioSummary[];
  current: Current | null;
  /** the open scenario's versions, newest first */
  versions: VersionInfo[];
  /** the open scenario as saved (see withoutLayout): the canvas differs from it when dirty */
  savedKey: string;
  validation: Validation | null;
  /** the scenario (without layout) the shown validation belongs to */
  validatedKey: string;
  /** the scenario (without layout) validated last: only its answer is shown */
  validationRequestKey: string;
  message: { text: string; error?: boolean } | null;
  newName: string;
  comment: string;
  side: Side;
  testTab: TestTab;
  /** whether the live view of the collect sinks is shown under the canvas */
  showLive: boolean;
  testResult: TestRunResult | null;
  /** the last run of the stored test cases (its per-node marks are drawn on the canvas) */
  caseResult: TestCasesResult | null;
  /** whether test cases are running */
  casesRunning: boolean;
  status: Status | null;
  compareView: CompareView | null;
  showShortcuts: boolean;
  viewRequest: ViewRequest | null;

  /** Fetches the palette and the scenario list. */
  start: () => void;
  say: (text: string, error?: boolean) => void;
  fail: (e: unknown) => void;
  dismissMessage: () => void;
  setNewName: (name: string) => void;
  setComment: (comment: string) => void;
  showSide: (side: Side) => void;
  showTestTab: (tab: TestTab) => void;
  toggleLive: () => void;
  /** A click on a node: its form in the side panel (beside the test run when open); not while comparing. */
  clickNode: (id: string) => void;
  toggleShortcuts: () => void;
  hideShortcuts: () => void;
  requestView: (kind: ViewRequest["kind"]) => void;
  /** Opens a scenario (its latest or a given version) on the canvas and validates it at once. */
  open: (name: string, version?: number) => Promise<void>;
  /** Validates a scenario; its answer is shown unless another one was asked for meanwhile. */
  validate: (scenario: ScenarioJson, key: string) => void;
  create: () => Promise<void>;
  importFile: (file: File) => Promise<void>;
  exportFile: () => Promise<void>;
  save: () => Promise<void>;
  compareVersions: (from: number, to: number) => Promise<void>;
  closeCompare: () => void;
  showTestResult: (r: TestRunResult) => void;
  /** Runs the scenario's test cases as the canvas shows them (unsaved edits too): all, or the named one. */
  runTestCases: (caseName?: string) => Promise<void>;
  deploy: () => Promise<void>;
  cancel: () => Promise<void>;
  /** One refresh of a running deployment: its state and, while RUNNING, live counts. */
  refreshLive: () => Promise<void>;
}

export const createScenarioSlice: Slice<ScenarioSlice> = (set, get) => ({
  palette: null,
  components: new Map(),
  scenarios: [],
  current: null,
  versions: [],
  savedKey: "",
  validation: null,
  validatedKey: "",
  validationRequestKey: "",
  message: null,
  newName: "",
  comment: "",
  side: "node",
  testTab: "results",
  showLive: false,
  testResult: null,
  caseResult: null,
  casesRunning: false,
  status: null,
  compareView: null,
  showShortcuts: false,
  viewRequest: null,

  start: () => {
    api
      .palette()
      .then((palette) => set({ palette, components: componentsByKey(palette) }))
      .catch(get().fail);
    api
      .list()
      .then((scenarios) => set({ scenarios }))
      .catch(get().fail);
  },

  say: (text, error = false) => set({ message: { text, error } }),
  fail: (e) => get().say((e as Error).message, true),
  dismissMessage: () => set({ message: null }),
  setNewName: (newName) => set({ newName }),
  setComment: (comment) => set({ comment }),
  showSide: (side) => set({ side, testTab: "results" }),
  showTestTab: (testTab) => set({ testTab }),
  toggleLive: () => set((s) => ({ showLive: !s.showLive })),

  clickNode: (id) => {
    if (get().compareView) return;
    // the test panel stays open (its inputs and results in the tab beside the form); the others give way
    set((s) => ({ selected: id, side: s.side === "test" ? "test" : "node", testTab: "form" }));
  },

  toggleShortcuts: () => set((s) => ({ showShortcuts: !s.showShortcuts })),
  hideShortcuts: () => set({ showShortcuts: false }),
  requestView: (kind) => set((s) => ({ viewRequest: { kind, seq: (s.viewRequest?.seq ?? 0) + 1 } })),

  open: async (name, version) => {
    const [s, h] = await Promise.all([api.get(name, version), api.history(name)]);
    const g = toGraph(s.scenario);
    const laidOut = g.needsLayout ? autoLayout(g.nodes, g.edges) : g.nodes;
    // validated while the canvas is drawn: the scenario as the canvas gives it back, so the
    // debounced validation of changes has nothing left to do
    const opened = toTree({ nodes: laidOut, edges: g.edges, head: g.head });
    get().validate(opened, withoutLayout(opened));
    // the graph, its name and version arrive together
    set({
      head: g.head,
      nodes: laidOut,
      edges: g.edges,
      versions: h,
      current: { name, version: s.version, latest: h.length === 0 || h[0].version === s.version },
      // compared with what the server stored: a model that lost anything would show as unsaved
      savedKey: withoutLayout(s.scenario),
      past: [],
      future: [],
      lastSnapshot: null,
      selected: null,
      compareView: null,
      testResult: null,
      caseResult: null,
    });
    set({ status: await api.status(name).catch(() => null) });
    get().requestView(laidOut.length > 0 ? "fit" : "reset");
  },

  validate: (scenario, key) => {
    set({ validationRequestKey: key });
    api
      .validate(scenario)
      .then((v) => {
        if (get().validationRequestKey !== key) return;
        set({ validation: v, validatedKey: key });
      })
      .catch(get().fail);
  },

  create: async () => {
    try {
      const v = await api.create(get().newName.trim());
      set({ scenarios: await api.list(), newName: "" });
      await get().open(v.name);
      get().say(`Created ${v.name}`);
    } catch (e) {
      get().fail(e);
    }
  },

  importFile: async (file) => {
    try {
      const v = await api.importScenario(await file.text());
      set({ scenarios: await api.list() });
      await get().open(v.name);
      get().say(`Imported ${v.name} as version ${v.version}`);
    } catch (e) {
      get().fail(e);
    }
  },

  exportFile: async () => {
    const { current } = get();
    if (!current) return;
    try {
      const text = await api.exportText(current.name, current.version);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      a.download = `${current.name}.json`;
      a.click();
      URL.revokeObjectURL(a.href);
      if (dirtyOf(get())) get().say("Exported the saved version; unsaved changes are not in the file", true);
    } catch (e) {
      get().fail(e);
    }
  },

  save: async () => {
    const s = get();
    const tree = treeOf(s);
    const { current } = s;
    if (!current || !tree) return;
    const key = treeKeyOf(s);
    try {
      const v = await api.save(current.name, current.version, s.comment || "saved", tree);
      set({ current: { name: current.name, version: v.version, latest: true }, savedKey: key, comment: "" });
      set({ versions: await api.history(current.name) });
      set({ scenarios: await api.list() });
      get().say(`Saved version ${v.version}`);
    } catch (e) {
      get().fail(e);
    }
  },

  compareVersions: async (from, to) => {
    const { current } = get();
    if (!current) return;
    const [diff, older, newer] = await Promise.all([
      api.compare(current.name, from, to),
      api.get(current.name, from),
      api.get(current.name, to),
    ]);
    const g = diffGraph(older.scenario, newer.scenario, diff);
    set({ compareView: { diff, nodes: g.needsLayout ? autoLayout(g.nodes, g.edges) : g.nodes, edges: g.edges }, selected: null });
    get().requestView("fit");
  },

  closeCompare: () => {
    set({ compareView: null });
    get().requestView("fit");
  },

  showTestResult: (r) => {
    set({ testResult: r });
    get().showCounts(r.counts);
  },

  runTestCases: async (caseName) => {
    const tree = treeOf(get());
    if (!tree) return;
    set({ casesRunning: true });
    try {
      const r = await api.runTestCases(tree, caseName);
      set({ caseResult: r });
      get().say(r.passed ? `${r.total} test ${r.total === 1 ? "case" : "cases"} passed` : `${r.failed} of ${r.total} test cases failed`, !r.passed);
    } catch (e) {
      get().fail(e);
    } finally {
      set({ casesRunning: false });
    }
  },

  deploy: async () => {
    const { current } = get();
    if (!current) return;
    try {
      const d = await api.deploy(current.name);
      set({ testResult: null });
      get().showCounts({}, "live");
      set({ status: await api.status(current.name) });
      get().say(`Deployed version ${d.version}`);
    } catch (e) {
      get().fail(e);
    }
  },

  cancel: async () => {
    const { current } = get();
    if (!current) return;
    try {
      await api.cancel(current.name);
      set({ status: await api.status(current.name) });
      get().say("Cancelled");
    } catch (e) {
      get().fail(e);
    }
  },

  refreshLive: async () => {
    const { current } = get();
    if (!current) return;
    try {
      const s = await api.status(current.name);
      set({ status: s });
      if (s.state === "RUNNING") {
        const counts = await api.counts(current.name);
        get().showCounts(counts, "live");
      }
    } catch (e) {
      get().fail(e);
    }
  },
});
