import { useDesigner } from "../store/designerStore";

/** The last thing the designer said (saved, deployed, an error); a click dismisses it. */
export function MessageBar() {
  const message = useDesigner((s) => s.message);
  const dismiss = useDesigner((s) => s.dismissMessage);
  if (!message) return null;
  return (
    <div className={`message${message.error ? " error" : ""}`} data-testid="message" onClick={dismiss}>
      {message.text}
    </div>
  );
}
