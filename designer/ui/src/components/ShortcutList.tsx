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

/** The keyboard shortcuts (the `?` button or key); a click closes it. */
export function ShortcutList({ onClose }: { onClose: () => void }) {
  return (
    <div className="shortcuts" data-testid="shortcuts" onClick={onClose}>
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
  );
}
