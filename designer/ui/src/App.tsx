import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  addEdge,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
} from "@xyflow/react";
import { diffGraph } from "./compare";
import {
  api,
  ApiError,
  loggedIn,
  type ComponentSchema,
  type Comparison,
  type Json,
  type Palette,
  type ScenarioSummary,
  type Status,
  type TestRunResult,
  type Validation,
  type VersionInfo,
} from "./api";
import {
  branchIdOf,
  componentIdOf,
  edgeId,
  newNodeRaw,
  toGraph,
  toTree,
  withoutSwitchCase,
  type WalnutEdge,
  type WalnutNode,
} from "./model";
import { autoLayout } from "./layout";
import { WalnutNodeView } from "./WalnutNodeView";
import { NodePanel } from "./NodePanel";
import { TestPanel } from "./TestPanel";

const nodeTypes = { walnut: WalnutNodeView };
const TERMINAL = new Set(["NOT_DEPLOYED", "CANCELED", "FINISHED", "FAILED", "SUSPENDED"]);

export function App() {
  const [authed, setAuthed] = useState(loggedIn());
  if (!authed) return <Login onDone={() => setAuthed(true)} />;
  return (
    <ReactFlowProvider>
      <Designer />
    </ReactFlowProvider>
  );
}

function Login({ onDone }: { onDone: () => void }) {
  const [user, setUser] = useState("admin");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="login"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api.login(user, password);
          onDone();
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <h1>Walnut designer</h1>
      <input data-testid="login-user" value={user} onChange={(e) => setUser(e.target.value)} placeholder="user" />
      <input
        data-testid="login-password"
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        placeholder="password"
      />
      <button data-testid="login-submit" type="submit">
        Log in
      </button>
      {error && <div className="field-error">{error}</div>}
    </form>
  );
}

interface Snapshot {
  nodes: WalnutNode[];
  edges: WalnutEdge[];
}

/** Two versions drawn on the canvas instead of the edited graph (read-only). */
interface CompareView {
  diff: Comparison;
  nodes: WalnutNode[];
  edges: WalnutEdge[];
}

const SHORTCUTS: [string, string][] = [
  ["Ctrl+S", "save"],
  ["Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y)", "undo / redo"],
  ["Ctrl+C / Ctrl+V", "copy / paste the selected nodes"],
  ["Ctrl+D", "duplicate the selected nodes"],
  ["Ctrl+A", "select every node"],
  ["Delete / Backspace", "delete the selection"],
  ["Shift/Ctrl-click", "select several nodes"],
  ["F", "fit the scenario in view"],
  ["Esc", "clear the selection, close a comparison or this list"],
  ["?", "show this list"],
];

interface Current {
  name: string;
  version: number;
  latest: boolean;
}

/** Strips positions: moving nodes neither re-validates nor makes the scenario differ. */
// what a save would change: positions are not changes, and neither is the canvas giving a node
// that had no `additionalFields` an empty one ({description: null} plus its position)
const withoutLayout = (tree: Json) =>
  JSON.stringify(tree, (k, v) => {
    if (k === "layoutData") return undefined;
    if (k === "additionalFields" && v && typeof v === "object" && !Array.isArray(v)) {
      const meaningful = Object.keys(v).some((f) => f !== "layoutData" && !(f === "description" && v[f] == null));
      return meaningful ? v : undefined;
    }
    return v;
  });

function Designer() {
  const flow = useReactFlow<WalnutNode, WalnutEdge>();
  const [palette, setPalette] = useState<Palette | null>(null);
  const [scenarios, setScenarios] = useState<ScenarioSummary[]>([]);
  const [current, setCurrent] = useState<Current | null>(null);
  const [head, setHead] = useState<Json>(null);
  const [nodes, setNodes, onNodesChange] = useNodesState<WalnutNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<WalnutEdge>([]);
  const [validation, setValidation] = useState<Validation | null>(null);
  // the scenario (without layout) the shown validation belongs to
  const [validatedKey, setValidatedKey] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [savedKey, setSavedKey] = useState<string>("");
  const [comment, setComment] = useState("");
  const [history, setHistory] = useState<VersionInfo[]>([]);
  const [side, setSide] = useState<"node" | "test" | "versions">("node");
  const [testResult, setTestResult] = useState<TestRunResult | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [newName, setNewName] = useState("");
  const [compareView, setCompareView] = useState<CompareView | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const lastValidated = useRef("");
  // undo/redo: snapshots of the graph taken whenever the scenario (not just the layout) changes
  const past = useRef<Snapshot[]>([]);
  const future = useRef<Snapshot[]>([]);
  const lastSnapshot = useRef<{ key: string; snap: Snapshot } | null>(null);
  const restoring = useRef(false);
  const clipboard = useRef<Snapshot | null>(null);
  const [, setHistoryTick] = useState(0);

  const components = useMemo(() => {
    const m = new Map<string, ComponentSchema>();
    palette?.groups.forEach((g) =>
      g.components.forEach((c) => {
        // sources and sinks may share an id (kafka): key by node type too
        m.set(`${c.nodeType}:${c.id}`, c);
        if (!m.has(c.id)) m.set(c.id, c);
      }),
    );
    return m;
  }, [palette]);
  const componentOf = (raw: Json) =>
    components.get(`${raw.type}:${componentIdOf(raw)}`) ?? components.get(componentIdOf(raw));

  const tree = useMemo(() => (head ? toTree({ nodes, edges, head }) : null), [nodes, edges, head]);
  const treeKey = useMemo(() => (tree ? withoutLayout(tree) : ""), [tree]);
  const dirty = tree !== null && treeKey !== savedKey;

  useEffect(() => {
    if (!tree) return;
    const snap = { nodes, edges };
    if (restoring.current) {
      restoring.current = false;
    } else if (lastSnapshot.current && lastSnapshot.current.key !== treeKey) {
      past.current.push(lastSnapshot.current.snap);
      if (past.current.length > 100) past.current.shift();
      future.current = [];
      setHistoryTick((t) => t + 1);
    }
    lastSnapshot.current = { key: treeKey, snap };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [treeKey]);

  const restore = (from: React.MutableRefObject<Snapshot[]>, to: React.MutableRefObject<Snapshot[]>) => {
    const snap = from.current.pop();
    if (!snap) return;
    to.current.push({ nodes, edges });
    restoring.current = true;
    setNodes(snap.nodes);
    setEdges(snap.edges);
    setHistoryTick((t) => t + 1);
  };
  const undo = () => restore(past, future);
  const redo = () => restore(future, past);

  const copy = () => {
    clipboard.current = selection();
    if (clipboard.current.nodes.length) say(`Copied ${clipboard.current.nodes.length} node(s)`);
  };
  const selection = (): Snapshot => {
    const picked = nodes.filter((n) => n.selected);
    const ids = new Set(picked.map((n) => n.id));
    return { nodes: picked, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
  };
  const duplicate = () => paste(selection());
  const selectAll = () => {
    setNodes((ns) => ns.map((n) => ({ ...n, selected: true })));
    setEdges((es) => es.map((e) => ({ ...e, selected: true })));
  };
  const paste = (clip: Snapshot | null = clipboard.current) => {
    if (!clip || clip.nodes.length === 0) return;
    const taken = new Set(nodes.map((n) => n.id));
    const rename = new Map<string, string>();
    for (const n of clip.nodes) {
      let id = `${n.id}-copy`;
      for (let i = 2; taken.has(id); i++) id = `${n.id}-copy${i}`;
      taken.add(id);
      rename.set(n.id, id);
    }
    const pasted = clip.nodes.map((n, i) => ({
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
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), ...pasted]);
    setEdges((es) => [...es, ...pastedEdges]);
  };

  const say = (text: string, error = false) => setMessage({ text, error });
  const fail = (e: unknown) => say((e as Error).message, true);

  useEffect(() => {
    api.palette().then(setPalette).catch(fail);
    api.list().then(setScenarios).catch(fail);
  }, []);

  /** Validates a scenario; its answer is shown unless another one was asked for meanwhile. */
  const validate = (scenario: Json, key: string) => {
    lastValidated.current = key;
    api
      .validate(scenario)
      .then((v) => {
        if (lastValidated.current !== key) return;
        setValidation(v);
        setValidatedKey(key);
      })
      .catch(fail);
  };

  // validate on every change (debounced), and mark the nodes with errors
  useEffect(() => {
    if (!tree || treeKey === lastValidated.current) return;
    const t = setTimeout(() => validate(tree, treeKey), 250);
    return () => clearTimeout(t);
  }, [tree, treeKey]);

  // the canvas marks nodes from the latest validation; never stored in the nodes themselves, so
  // undo/redo snapshots cannot bring back the error marks of an older state
  const shownNodes = useMemo(() => {
    const byNode = new Map<string, number>();
    for (const e of validation?.errors ?? []) {
      if (e.nodeId) byNode.set(e.nodeId, (byNode.get(e.nodeId) ?? 0) + 1);
    }
    return nodes.map((n) => {
      const count = byNode.get(n.id) ?? 0;
      return (n.data.errors ?? 0) === count ? n : { ...n, data: { ...n.data, errors: count } };
    });
  }, [nodes, validation]);

  const load = useCallback(
    async (name: string, version?: number) => {
      const [s, h] = await Promise.all([api.get(name, version), api.history(name)]);
      const g = toGraph(s.scenario);
      const laidOut = g.needsLayout ? autoLayout(g.nodes, g.edges) : g.nodes;
      // validated while the canvas is drawn: the scenario as the canvas gives it back, so the
      // debounced validation of changes has nothing left to do
      const opened = toTree({ nodes: laidOut, edges: g.edges, head: g.head });
      validate(opened, withoutLayout(opened));
      // the graph, its name and version arrive together
      setHead(g.head);
      setNodes(laidOut);
      setEdges(g.edges);
      setHistory(h);
      setCurrent({ name, version: s.version, latest: h.length === 0 || h[0].version === s.version });
      // compared with what the server stored: a model that lost anything would show as unsaved
      setSavedKey(withoutLayout(s.scenario));
      past.current = [];
      future.current = [];
      lastSnapshot.current = null;
      setSelected(null);
      setCompareView(null);
      setTestResult(null);
      setStatus(await api.status(name).catch(() => null));
      if (laidOut.length > 0) setTimeout(() => flow.fitView({ padding: 0.2, maxZoom: 1 }), 50);
      else setTimeout(() => flow.setViewport({ x: 0, y: 0, zoom: 1 }), 50);
    },
    [flow, setEdges, setNodes],
  );

  // while deployed: job status and counts on the nodes, refreshed live
  const live = status !== null && !TERMINAL.has(status.state);
  useEffect(() => {
    if (!current || !live) return;
    const t = setInterval(async () => {
      try {
        const s = await api.status(current.name);
        setStatus(s);
        if (s.state === "RUNNING") {
          const counts = await api.counts(current.name);
          setNodes((ns) =>
            ns.map((n) => ({ ...n, data: { ...n.data, counts: counts[n.id], countsSource: "live" } })),
          );
        }
      } catch (e) {
        fail(e);
      }
    }, 2000);
    return () => clearInterval(t);
  }, [current, live, setNodes]);

  const uniqueId = (base: string) => {
    const taken = new Set(nodes.map((n) => n.id));
    if (!taken.has(base)) return base;
    let i = 2;
    while (taken.has(`${base}-${i}`)) i++;
    return `${base}-${i}`;
  };

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const key = e.dataTransfer.getData("application/walnut-component");
    const c = components.get(key);
    if (!c || !head) return;
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const id = uniqueId(c.id);
    const raw = newNodeRaw(c, id, p.x, p.y);
    setNodes((ns) => [...ns, { id, type: "walnut", position: p, data: { raw, order: ns.length } }]);
    setSelected(id);
    setSide("node");
  };

  const onConnect = (c: Connection) => {
    const source = nodes.find((n) => n.id === c.source);
    const handle = c.sourceHandle ?? "out";
    setEdges((es) => {
      // one edge per output, except a split's, which fans out
      const kept =
        source?.data.raw.type === "Split"
          ? es
          : es.filter((e) => !(e.source === c.source && (e.sourceHandle ?? "out") === handle));
      return addEdge({ ...c, sourceHandle: handle, id: edgeId(c.source, handle, c.target), data: {} }, kept);
    });
  };

  const updateRaw = (id: string, raw: Json) =>
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, raw } } : n)));

  const rename = (oldId: string, newId: string): string | null => {
    if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(newId)) return "a node id needs letters, digits, space, `.`, `_` or `-`";
    if (nodes.some((n) => n.id === newId)) return `a node \`${newId}\` exists already`;
    // a branch drawn on the canvas is named after the node it leaves: its join's branch parameters follow a rename
    const renamedBranchesInto = new Set(
      edges.filter((e) => e.source === oldId && !e.data?.branchEnd).map((e) => e.target),
    );
    setNodes((ns) =>
      ns.map((n) => {
        if (n.id === oldId) return { ...n, id: newId, data: { ...n.data, raw: { ...n.data.raw, id: newId } } };
        if (renamedBranchesInto.has(n.id) && n.data.raw.type === "Join" && n.data.raw.branchParameters) {
          const branchParameters = n.data.raw.branchParameters.map((b: Json) =>
            b.branchId === oldId ? { ...b, branchId: newId } : b,
          );
          return { ...n, data: { ...n.data, raw: { ...n.data.raw, branchParameters } } };
        }
        return n;
      }),
    );
    setEdges((es) =>
      es.map((e) => {
        const source = e.source === oldId ? newId : e.source;
        const target = e.target === oldId ? newId : e.target;
        return { ...e, source, target, id: edgeId(source, e.sourceHandle ?? "out", target) };
      }),
    );
    setSelected(newId);
    return null;
  };

  const removeSwitchCase = (nodeId: string, index: number) => {
    const node = nodes.find((n) => n.id === nodeId);
    if (!node) return;
    const next = withoutSwitchCase(node.data.raw, edges, index);
    setNodes((ns) => ns.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, raw: next.raw } } : n)));
    setEdges(next.edges);
  };

  const branchesInto = (joinId: string) => edges.filter((e) => e.target === joinId).map(branchIdOf);

  const compareVersions = async (from: number, to: number) => {
    if (!current) return;
    const [diff, older, newer] = await Promise.all([
      api.compare(current.name, from, to),
      api.get(current.name, from),
      api.get(current.name, to),
    ]);
    const g = diffGraph(older.scenario, newer.scenario, diff);
    setCompareView({ diff, nodes: g.needsLayout ? autoLayout(g.nodes, g.edges) : g.nodes, edges: g.edges });
    setSelected(null);
    setTimeout(() => flow.fitView({ padding: 0.2, maxZoom: 1 }), 50);
  };
  const closeCompare = () => {
    setCompareView(null);
    setTimeout(() => flow.fitView({ padding: 0.2, maxZoom: 1 }), 50);
  };

  const save = async () => {
    if (!current || !tree) return;
    try {
      const v = await api.save(current.name, current.version, comment || "saved", tree);
      setCurrent({ name: current.name, version: v.version, latest: true });
      setSavedKey(treeKey);
      setComment("");
      setHistory(await api.history(current.name));
      setScenarios(await api.list());
      say(`Saved version ${v.version}`);
    } catch (e) {
      fail(e);
    }
  };

  const create = async () => {
    try {
      const v = await api.create(newName.trim());
      setScenarios(await api.list());
      setNewName("");
      await load(v.name);
      say(`Created ${v.name}`);
    } catch (e) {
      fail(e);
    }
  };

  const importFile = async (file: File) => {
    try {
      const v = await api.importScenario(await file.text());
      setScenarios(await api.list());
      await load(v.name);
      say(`Imported ${v.name} as version ${v.version}`);
    } catch (e) {
      fail(e);
    }
  };

  const exportFile = async () => {
    if (!current) return;
    try {
      const text = await api.exportText(current.name, current.version);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      a.download = `${current.name}.json`;
      a.click();
      URL.revokeObjectURL(a.href);
      if (dirty) say("Exported the saved version; unsaved changes are not in the file", true);
    } catch (e) {
      fail(e);
    }
  };

  const deploy = async () => {
    if (!current) return;
    try {
      const d = await api.deploy(current.name);
      setTestResult(null);
      showCounts({}, "live");
      setStatus(await api.status(current.name));
      say(`Deployed version ${d.version}`);
    } catch (e) {
      fail(e);
    }
  };

  const cancel = async () => {
    if (!current) return;
    try {
      await api.cancel(current.name);
      setStatus(await api.status(current.name));
      say("Cancelled");
    } catch (e) {
      fail(e);
    }
  };

  const showCounts = (counts: Record<string, { in: number; out: number }>, source: "test" | "live" = "test") =>
    setNodes((ns) => ns.map((n) => ({ ...n, data: { ...n.data, counts: counts[n.id], countsSource: source } })));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key === "s") {
        e.preventDefault();
        save();
        return;
      }
      // inside a text field its own undo, clipboard and keys apply
      const t = e.target as HTMLElement;
      if (t.closest("input, textarea, select, [contenteditable=true], .cm-editor")) return;
      const key = e.key.toLowerCase();
      if (!mod && !e.altKey) {
        if (e.key === "Escape") {
          if (showShortcuts) setShowShortcuts(false);
          else if (compareView) closeCompare();
          else {
            setSelected(null);
            setNodes((ns) => ns.map((n) => (n.selected ? { ...n, selected: false } : n)));
          }
        } else if (e.key === "?") setShowShortcuts((v) => !v);
        else if (key === "f" && current) flow.fitView({ padding: 0.2, maxZoom: 1 });
        else return;
        e.preventDefault();
        return;
      }
      // a comparison is read-only
      if (!mod || compareView || !current) return;
      if (key === "z" && !e.shiftKey) undo();
      else if ((key === "z" && e.shiftKey) || key === "y") redo();
      else if (key === "c") copy();
      else if (key === "v") paste();
      else if (key === "d") duplicate();
      else if (key === "a") selectAll();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const selectedNode = nodes.find((n) => n.id === selected);
  const errorCount = validation?.errors.length ?? 0;
  const scenarioErrors = validation?.errors.filter((e) => !e.nodeId) ?? [];

  return (
    <div className="app">
      <header className="toolbar">
        <strong className="brand">Walnut</strong>
        <select
          data-testid="scenario-select"
          value={current?.name ?? ""}
          onChange={(e) => e.target.value && load(e.target.value).catch(fail)}
        >
          <option value="">(open a scenario)</option>
          {scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} (v{s.latestVersion})
            </option>
          ))}
        </select>
        <input data-testid="new-name" placeholder="new scenario name" value={newName} onChange={(e) => setNewName(e.target.value)} />
        <button data-testid="create" onClick={create} disabled={!newName.trim()}>
          New
        </button>
        <button data-testid="shortcuts-button" onClick={() => setShowShortcuts((v) => !v)} title="Keyboard shortcuts (?)">
          ?
        </button>
        <label className="button">
          Import
          <input
            data-testid="import-file"
            type="file"
            accept=".json,application/json"
            hidden
            onChange={(e) => e.target.files?.[0] && importFile(e.target.files[0])}
          />
        </label>
        {current && (
          <>
            <span className="sep" />
            <span data-testid="current-version">
              {current.name} v{current.version}
              {dirty ? " *" : ""}
            </span>
            <input data-testid="comment" placeholder="comment" value={comment} onChange={(e) => setComment(e.target.value)} />
            <button data-testid="save" onClick={save} disabled={!dirty}>
              Save
            </button>
            <button data-testid="export" onClick={exportFile}>
              Export
            </button>
            <button data-testid="undo" onClick={undo} disabled={past.current.length === 0} title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button data-testid="redo" onClick={redo} disabled={future.current.length === 0} title="Redo (Ctrl+Shift+Z)">
              Redo
            </button>
            <button data-testid="layout" onClick={() => setNodes(autoLayout(nodes, edges))}>
              Layout
            </button>
            <button onClick={() => flow.fitView({ padding: 0.2, maxZoom: 1 })}>Fit</button>
            <span className="sep" />
            <span
              data-testid="validity"
              className={errorCount ? "bad" : "good"}
              // set once the shown result belongs to what the canvas shows (the benchmark waits on it)
              data-validated-version={
                validation && validatedKey === treeKey ? `${current.name} v${current.version}` : undefined
              }
            >
              {validation ? (errorCount ? `${errorCount} error(s)` : "valid") : "…"}
            </span>
            <button data-testid="tab-test" onClick={() => setSide("test")}>
              Test
            </button>
            <button data-testid="tab-versions" onClick={() => setSide("versions")}>
              Versions
            </button>
            <span className="sep" />
            <span data-testid="job-state">{status?.state ?? ""}{status?.version ? ` (v${status.version})` : ""}</span>
            {live ? (
              <button data-testid="cancel" onClick={cancel}>
                Cancel
              </button>
            ) : (
              <button data-testid="deploy" onClick={deploy} disabled={dirty || errorCount > 0} title={dirty ? "save first" : ""}>
                Deploy
              </button>
            )}
          </>
        )}
      </header>
      {message && (
        <div className={`message${message.error ? " error" : ""}`} data-testid="message" onClick={() => setMessage(null)}>
          {message.text}
        </div>
      )}
      <div className="main">
        <aside className="palette" data-testid="palette">
          {palette?.groups.map((g) => (
            <div key={g.name}>
              <div className="group">{g.name}</div>
              {g.components.map((c) => (
                <div
                  key={`${c.nodeType}:${c.id}`}
                  className="palette-item"
                  draggable
                  data-testid={`palette-${c.nodeType}-${c.id}`}
                  title={c.docs}
                  onDragStart={(e) => {
                    e.dataTransfer.setData("application/walnut-component", `${c.nodeType}:${c.id}`);
                    e.dataTransfer.effectAllowed = "move";
                  }}
                >
                  <span className="palette-icon">{c.icon.slice(0, 2)}</span> {c.id}
                </div>
              ))}
            </div>
          ))}
        </aside>
        <section className="canvas" data-testid="canvas" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
          {compareView && (
            <div className="compare-banner" data-testid="compare-banner">
              Comparing v{compareView.diff.from} → v{compareView.diff.to}:{" "}
              <span className="legend legend-added">{compareView.diff.added.length} added</span>{" "}
              <span className="legend legend-changed">{compareView.diff.changed.length} changed</span>{" "}
              <span className="legend legend-removed">{compareView.diff.removed.length} removed</span>
              {compareView.diff.propertiesChanged ? " · properties changed" : ""}
              {compareView.diff.identical ? " · identical" : ""} (read-only){" "}
              <button data-testid="compare-close" onClick={closeCompare}>
                Back to editing
              </button>
            </div>
          )}
          {showShortcuts && (
            <div className="shortcuts" data-testid="shortcuts" onClick={() => setShowShortcuts(false)}>
              <div className="panel-title">Keyboard shortcuts</div>
              <table>
                <tbody>
                  {SHORTCUTS.map(([k, what]) => (
                    <tr key={k}>
                      <td>
                        <kbd>{k}</kbd>
                      </td>
                      <td>{what}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {current ? (
            <ReactFlow
              nodes={compareView ? compareView.nodes : shownNodes}
              edges={compareView ? compareView.edges : edges}
              nodeTypes={nodeTypes}
              onNodesChange={compareView ? undefined : onNodesChange}
              onEdgesChange={compareView ? undefined : onEdgesChange}
              onConnect={compareView ? undefined : onConnect}
              nodesDraggable={!compareView}
              nodesConnectable={!compareView}
              onNodeClick={(_, n) => {
                if (compareView) return;
                setSelected(n.id);
                if (side === "versions") setSide("node");
              }}
              onPaneClick={() => setSelected(null)}
              deleteKeyCode={compareView ? null : ["Delete", "Backspace"]}
              multiSelectionKeyCode={["Shift", "Meta", "Control"]}
              defaultViewport={{ x: 0, y: 0, zoom: 1 }}
            >
              <Background />
              <Controls />
              <MiniMap pannable zoomable />
            </ReactFlow>
          ) : (
            <div className="empty">Open, create or import a scenario.</div>
          )}
        </section>
        <aside className="side">
          {scenarioErrors.map((e, i) => (
            <div key={i} className="field-error">
              {e.message}
            </div>
          ))}
          {side === "test" && current && tree ? (
            <TestPanel
              tree={tree}
              sources={nodes.filter((n) => n.data.raw.type === "Source").map((n) => n.id)}
              selected={selectedNode}
              result={testResult}
              onResult={(r) => {
                setTestResult(r);
                showCounts(r.counts);
              }}
              onClose={() => setSide("node")}
            />
          ) : side === "versions" && current ? (
            <Versions
              history={history}
              current={current.version}
              comparison={compareView?.diff ?? null}
              onCompare={compareVersions}
              onOpen={(v) => load(current.name, v).catch(fail)}
              onClose={() => setSide("node")}
            />
          ) : selectedNode ? (
            <NodePanel
              key={selectedNode.id}
              node={selectedNode}
              component={componentOf(selectedNode.data.raw)}
              errors={validation?.errors.filter((e) => e.nodeId === selectedNode.id) ?? []}
              variables={validation?.variables[selectedNode.id] ?? {}}
              dynamicParameters={validation?.dynamicParameters?.[selectedNode.id] ?? []}
              branches={branchesInto(selectedNode.id)}
              onSuggest={(parameter) =>
                api.suggestions(tree, selectedNode.id, parameter).then((r) => r.suggestions)
              }
              onRemoveCase={(i) => removeSwitchCase(selectedNode.id, i)}
              onChange={(raw) => updateRaw(selectedNode.id, raw)}
              onRename={(id) => rename(selectedNode.id, id)}
              onDelete={() => {
                setNodes((ns) => ns.filter((n) => n.id !== selectedNode.id));
                setEdges((es) => es.filter((e) => e.source !== selectedNode.id && e.target !== selectedNode.id));
                setSelected(null);
              }}
            />
          ) : (
            <div className="muted panel">Drag a component from the palette onto the canvas; click a node to edit it.</div>
          )}
        </aside>
      </div>
    </div>
  );
}

function Versions(props: {
  history: VersionInfo[];
  current: number;
  comparison: Comparison | null;
  onCompare: (from: number, to: number) => Promise<void>;
  onOpen: (v: number) => void;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const c = props.comparison;
  return (
    <div className="panel" data-testid="versions">
      <div className="panel-title">
        Versions <button onClick={props.onClose}>×</button>
      </div>
      {props.history.map((v) => (
        <div key={v.version} className={`version${v.version === props.current ? " current" : ""}`}>
          <div>
            <strong>v{v.version}</strong> {v.comment} <span className="muted">{v.author} · {new Date(v.createdAt).toLocaleString()}</span>
          </div>
          <button onClick={() => props.onOpen(v.version)}>Open</button>
          {v.version > 1 && (
            <button
              data-testid={`compare-${v.version}`}
              title="Draw the differences on the canvas"
              onClick={() => {
                setError(null);
                props.onCompare(v.version - 1, v.version).catch((e: ApiError) => setError(e.message));
              }}
            >
              Compare with v{v.version - 1}
            </button>
          )}
        </div>
      ))}
      {error && <div className="field-error">{error}</div>}
      {c && (
        <div className="diff" data-testid="diff-summary">
          <div>
            <strong>
              v{c.from} → v{c.to}
            </strong>
            {c.identical ? " identical" : ""}
            {c.propertiesChanged ? " · properties changed" : ""}
          </div>
          {c.added.length > 0 && <div className="legend-added">added: {c.added.join(", ")}</div>}
          {c.changed.length > 0 && <div className="legend-changed">changed: {c.changed.join(", ")}</div>}
          {c.removed.length > 0 && <div className="legend-removed">removed: {c.removed.join(", ")}</div>}
        </div>
      )}
    </div>
  );
}
