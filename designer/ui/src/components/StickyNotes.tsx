import { useRef } from "react";
import { Panel, ViewportPortal, useViewport } from "@xyflow/react";
import { stickyNotesOf, type StickyNote } from "../model";
import { useDesigner } from "../store/designerStore";

const NOTE_SIZE = { width: 220, height: 120 };

/**
 * Sticky notes on the canvas: drawn in the flow's coordinates (they pan and zoom with the nodes),
 * moved by their header, edited in place, and kept in the scenario's additional fields, so they
 * are saved, versioned and exported with it. They are no nodes: validation and runs ignore them.
 */
export function StickyNotes({ readOnly }: { readOnly: boolean }) {
  const head = useDesigner((s) => s.head);
  const notes = stickyNotesOf(head);
  const { x, y, zoom } = useViewport();
  const set = (next: StickyNote[]) => useDesigner.getState().setStickyNotes(next);
  const update = (id: string, change: Partial<StickyNote>) =>
    set(notes.map((n) => (n.noteId === id ? { ...n, ...change } : n)));
  const add = () => {
    let i = notes.length + 1;
    while (notes.some((n) => n.noteId === `note-${i}`)) i += 1;
    // at the top left of what is in view
    const at = { x: Math.round((40 - x) / zoom), y: Math.round((40 - y) / zoom) };
    set([...notes, { noteId: `note-${i}`, content: "", layoutData: at, dimensions: NOTE_SIZE, color: "#fdf3a7" }]);
  };
  return (
    <>
      {!readOnly && (
        <Panel position="top-right">
          <button data-testid="add-note" onClick={add} title="A sticky note, saved with the scenario">
            + Note
          </button>
        </Panel>
      )}
      <ViewportPortal>
        {notes.map((n) => (
          <Note key={n.noteId} note={n} zoom={zoom} readOnly={readOnly} onChange={(c) => update(n.noteId, c)} onDelete={() => set(notes.filter((o) => o.noteId !== n.noteId))} />
        ))}
      </ViewportPortal>
    </>
  );
}

function Note(props: { note: StickyNote; zoom: number; readOnly: boolean; onChange: (c: Partial<StickyNote>) => void; onDelete: () => void }) {
  const { note, zoom } = props;
  const drag = useRef<{ x: number; y: number; from: { x: number; y: number } } | null>(null);
  return (
    <div
      className="sticky-note nodrag nopan nowheel"
      data-testid={`note-${note.noteId}`}
      style={{
        transform: `translate(${note.layoutData.x}px, ${note.layoutData.y}px)`,
        width: note.dimensions.width,
        height: note.dimensions.height,
        background: note.color,
      }}
    >
      <div
        className="sticky-note-head"
        onPointerDown={(e) => {
          if (props.readOnly) return;
          (e.target as HTMLElement).setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, y: e.clientY, from: note.layoutData };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          props.onChange({ layoutData: { x: Math.round(d.from.x + (e.clientX - d.x) / zoom), y: Math.round(d.from.y + (e.clientY - d.y) / zoom) } });
        }}
        onPointerUp={() => (drag.current = null)}
      >
        <span>note</span>
        {!props.readOnly && (
          <button data-testid={`note-delete-${note.noteId}`} className="sticky-note-delete" onClick={props.onDelete} title="Delete the note">
            ×
          </button>
        )}
      </div>
      <textarea
        data-testid={`note-text-${note.noteId}`}
        value={note.content}
        readOnly={props.readOnly}
        placeholder="a note for the next reader"
        onChange={(e) => props.onChange({ content: e.target.value })}
      />
    </div>
  );
}
