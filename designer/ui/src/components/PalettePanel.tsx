import { useDesigner } from "../store/designerStore";

/** The components, grouped; drag one onto the canvas to add a node. */
export function PalettePanel() {
  const palette = useDesigner((s) => s.palette);
  return (
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
  );
}
