// The live view of the open scenario's `collect` sinks, under the canvas: one panel per sink with
// the records the sink keeps and then the new ones as the deployed job writes them.
import { useEffect, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { api } from "../api";
import { componentIdOf } from "../model";
import { useDesigner } from "../store/designerStore";
import { counted } from "../text";

/** How many records a sink's panel keeps (the oldest go first). */
const KEEP = 200;

export function LiveView() {
  const current = useDesigner((s) => s.current);
  const sinks = useDesigner(
    useShallow((s) => s.nodes.filter((n) => n.data.raw.type === "Sink" && componentIdOf(n.data.raw) === "collect").map((n) => n.id)),
  );
  const toggleLive = useDesigner((s) => s.toggleLive);
  if (!current) return null;
  return (
    <section className="live-view" data-testid="live-view">
      <div className="live-head">
        <strong>Live view</strong>
        <span className="muted">what the deployed job writes to its collect sinks</span>
        <button className="small" onClick={toggleLive} title="Close the live view">
          ×
        </button>
      </div>
      <div className="live-sinks">
        {sinks.length === 0 && <div className="muted">This scenario has no collect sink; add one to watch its records here.</div>}
        {sinks.map((id) => (
          <SinkTail key={`${current.name}/${id}`} scenario={current.name} node={id} />
        ))}
      </div>
    </section>
  );
}

type Connection = "connecting" | "live" | "reconnecting";

/** One sink's records: followed while shown; pause holds new ones back, clear empties the list. */
function SinkTail({ scenario, node }: { scenario: string; node: string }) {
  const [records, setRecords] = useState<unknown[]>([]);
  const [held, setHeld] = useState<unknown[]>([]);
  const [paused, setPaused] = useState(false);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<string | null>(null);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const add = (json: string) => {
      let record: unknown;
      try {
        record = JSON.parse(json);
      } catch {
        record = json;
      }
      if (pausedRef.current) setHeld((h) => [...h, record].slice(-KEEP));
      else setRecords((r) => [...r, record].slice(-KEEP));
    };
    const follow = () => {
      api
        .tail(scenario, node, add, () => setConnection("live"), abort.signal)
        .then(() => setError(null))
        .catch((e: Error) => {
          if (!abort.signal.aborted) setError(e.message);
        })
        .finally(() => {
          // the server ends a stream now and then (or it broke): follow again
          if (abort.signal.aborted) return;
          setConnection("reconnecting");
          retry = setTimeout(follow, 2000);
        });
    };
    follow();
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [scenario, node]);

  const resume = () => {
    setRecords((r) => [...r, ...held].slice(-KEEP));
    setHeld([]);
    setPaused(false);
  };
  return (
    <div className="sink-tail" data-testid={`live-${node}`} data-connection={connection}>
      <div className="sink-tail-head">
        <strong>{node}</strong>
        <span className={`live-dot live-dot-${paused ? "paused" : connection}`} title={paused ? "paused" : connection} />
        <span className="muted" data-testid={`live-count-${node}`}>
          {counted(records.length, "record")}
          {held.length > 0 ? ` · ${held.length} held back` : ""}
        </span>
        <span className="grow" />
        <button className="small" data-testid={`live-pause-${node}`} onClick={() => (paused ? resume() : setPaused(true))}>
          {paused ? "Resume" : "Pause"}
        </button>
        <button
          className="small"
          data-testid={`live-clear-${node}`}
          onClick={() => {
            setRecords([]);
            setHeld([]);
          }}
        >
          Clear
        </button>
      </div>
      {error && <div className="field-error">{error}</div>}
      <div className="sink-records" data-testid={`live-records-${node}`}>
        {records.length === 0 && <div className="muted">No records yet{connection === "live" ? "; waiting for new ones" : ""}.</div>}
        {records
          .map((r, i) => (
            <pre key={records.length - i} className="json-record">
              {JSON.stringify(r, null, 2)}
            </pre>
          ))
          .reverse()}
      </div>
    </div>
  );
}
