// The scenario's properties: the ones the engine knows (parallelism, checkpoint interval, MLflow's
// tracking URI, Kafka's address, ...) as a form built from GET /api/scenario-properties, then any
// other key/value (e.g. further `kafka.*` settings). Saved in the scenario; validation checks them
// and shows its errors beside their field.
import { useEffect, useState } from "react";
import { api, type ScenarioProperties } from "../api";
import { propertiesOf } from "../model";
import { useDesigner } from "../store/designerStore";
import { MessageText } from "./MessageText";

export function PropertiesPanel() {
  const head = useDesigner((s) => s.head);
  const validation = useDesigner((s) => s.validation);
  const actions = useDesigner.getState();
  const [schema, setSchema] = useState<ScenarioProperties | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [newKey, setNewKey] = useState("");
  const [newValue, setNewValue] = useState("");
  const [keyError, setKeyError] = useState<string | null>(null);
  useEffect(() => {
    api
      .scenarioProperties()
      .then(setSchema)
      .catch((e: Error) => {
        setSchema({ properties: [] });
        setLoadError(e.message);
      });
  }, []);
  if (!head) return null;
  const known = schema?.properties ?? null;
  const kafka = schema?.kafkaClientSettings;
  const values = propertiesOf(head);
  const knownNames = new Set((known ?? []).map((p) => p.name));
  const extra = Object.keys(values).filter((k) => !knownNames.has(k));
  const errorsOf = (name: string) => validation?.errors.filter((e) => !e.nodeId && e.parameter === name) ?? [];
  // properties the form shows no field for: their errors at the top
  const otherErrors = validation?.errors.filter((e) => !e.nodeId && e.parameter && !knownNames.has(e.parameter) && !(e.parameter in values)) ?? [];
  const set = (name: string, value: string) => {
    const next = { ...values };
    // an empty field means "not given": the default applies
    if (value === "") delete next[name];
    else next[name] = value;
    actions.setProperties(next);
  };
  const errorList = (name: string) =>
    errorsOf(name).map((e, i) => (
      <div key={i} className="field-error" data-testid={`property-error-${name}`}>
        <MessageText text={e.message} />
      </div>
    ));
  return (
    <div className="panel" data-testid="properties-panel">
      <div className="panel-title">
        Scenario properties <button onClick={() => actions.showSide("node")}>×</button>
      </div>
      <div className="muted">Saved with the scenario; empty fields use the default.</div>
      {loadError && <div className="field-error">the known properties could not be loaded: {loadError}</div>}
      {known === null && <div className="muted">Loading…</div>}
      {otherErrors.map((e, i) => (
        <div key={i} className="field-error">
          <MessageText text={`${e.parameter}: ${e.message}`} />
        </div>
      ))}
      {(known ?? []).map((p) => {
        const fallback = p.default;
        return (
        <div className="field" key={p.name}>
          <span title={p.docs}>
            {p.name} <em className="muted">{p.type.toLowerCase()}</em>
          </span>
          {p.type.toLowerCase() === "boolean" ? (
            <select data-testid={`property-${p.name}`} value={values[p.name] ?? ""} onChange={(e) => set(p.name, e.target.value)}>
              <option value="">default{fallback != null ? ` (${fallback})` : ""}</option>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          ) : (
            <input
              data-testid={`property-${p.name}`}
              value={values[p.name] ?? ""}
              placeholder={fallback != null && fallback !== "" ? `default: ${fallback}` : p.expects ?? ""}
              onChange={(e) => set(p.name, e.target.value)}
            />
          )}
          {p.docs && <div className="help">{p.docs}</div>}
          {errorList(p.name)}
        </div>
        );
      })}
      <h4>Other properties</h4>
      {kafka && <div className="help">{kafka.docs}</div>}
      {extra.length === 0 && <div className="muted">None.</div>}
      {extra.map((k) => (
        <div className="field" key={k}>
          <span className="field-head">
            <code>{k}</code>
            <button type="button" className="small" data-testid={`property-remove-${k}`} onClick={() => set(k, "")}>
              Remove
            </button>
          </span>
          <input data-testid={`property-${k}`} value={values[k]} onChange={(e) => set(k, e.target.value)} />
          {errorList(k)}
        </div>
      ))}
      <form
        className="property-add"
        onSubmit={(e) => {
          e.preventDefault();
          const key = newKey.trim();
          if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key)) setKeyError("a property name needs letters, digits, `.`, `_` or `-`");
          else if (key in values) setKeyError(`property \`${key}\` is set already; edit it above`);
          else {
            set(key, newValue);
            setNewKey("");
            setNewValue("");
            setKeyError(null);
          }
        }}
      >
        <input
          data-testid="property-new-key"
          placeholder="name, e.g. kafka.client.id"
          list="kafka-settings"
          value={newKey}
          onChange={(e) => setNewKey(e.target.value)}
        />
        {kafka && (
          <datalist id="kafka-settings">
            {kafka.allowedKeys.map((k) => (
              <option key={k} value={`${kafka.prefix}${k}`} />
            ))}
          </datalist>
        )}
        <input data-testid="property-new-value" placeholder="value" value={newValue} onChange={(e) => setNewValue(e.target.value)} />
        <button type="submit" data-testid="property-add" disabled={!newKey.trim() || newValue === ""}>
          Add
        </button>
      </form>
      {keyError && <div className="field-error">{keyError}</div>}
    </div>
  );
}
