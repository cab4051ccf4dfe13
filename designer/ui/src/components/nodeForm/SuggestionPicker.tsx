import { useState } from "react";
import type { Suggestion } from "../../api";

/**
 * The values a component suggests for a parameter, fetched when the list is opened: label and
 * description per value; picking one stores its expression. A failing outside service shows its
 * message here and nowhere else.
 */
export function SuggestionPicker(props: {
  name: string;
  load: () => Promise<Suggestion[]>;
  onPick: (expression: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Suggestion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const toggle = async () => {
    if (open) {
      setOpen(false);
      return;
    }
    setOpen(true);
    setLoading(true);
    setError(null);
    try {
      setItems(await props.load());
    } catch (e) {
      setItems(null);
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };
  return (
    <div className="suggest">
      <button
        type="button"
        className="suggest-toggle"
        data-testid={`suggest-${props.name}`}
        title="Values suggested by the component"
        aria-expanded={open}
        onClick={toggle}
      >
        {open ? "▴" : "▾"} suggestions
      </button>
      {open && (
        <div
          className="suggest-list"
          data-testid={`suggestions-${props.name}`}
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        >
          {loading && <div className="muted">Asking the component…</div>}
          {error && (
            <div className="field-error" data-testid={`suggest-error-${props.name}`}>
              {error}
            </div>
          )}
          {!loading && items && items.length === 0 && <div className="muted">No suggestions.</div>}
          {!loading &&
            items?.map((s) => (
              <button
                type="button"
                key={s.expression}
                className="suggest-item"
                data-testid={`suggestion-${props.name}-${s.label}`}
                onClick={() => {
                  props.onPick(s.expression);
                  setOpen(false);
                }}
              >
                <span className="suggest-label">{s.label}</span>
                {s.description && <span className="muted"> {s.description}</span>}
              </button>
            ))}
        </div>
      )}
    </div>
  );
}
