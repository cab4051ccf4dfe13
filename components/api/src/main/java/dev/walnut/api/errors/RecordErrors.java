package dev.walnut.api.errors;

import dev.walnut.api.Variables;
import dev.walnut.api.annotation.PublicEvolving;
import dev.walnut.api.json.JsonValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/**
 * The one errors path of a scenario. A record that a node cannot process (an expression that
 * throws, a key that is null, a time that is not a time, a value a sink cannot serialise) never
 * fails the job and never vanishes: it becomes one JSON line on the side output {@link #TAG} of the
 * operator that failed on it, naming the node, the reason and the record. The engine gathers these
 * side outputs (for a component's own operators once it calls {@link
 * dev.walnut.api.NodeContext#collectErrors}), counts them per node, returns them from test runs and
 * writes them to the scenario's dead-letter topic in deployed jobs.
 *
 * <p>Inside a component's {@code ProcessFunction}: {@code ctx.output(RecordErrors.TAG,
 * RecordErrors.describe(nodeId, record, e))}; for one-to-one steps, {@link
 * dev.walnut.api.NodeContext#guarded} does it for you.
 */
@PublicEvolving
public final class RecordErrors {
  /** The side output every operator sends its failed records to. */
  public static final OutputTag<String> TAG = new OutputTag<>("walnut-errors", Types.STRING);

  private RecordErrors() {}

  /**
   * One failed record: {@code nodeId}, {@code time} (ISO-8601, now), {@code message} (the cause
   * chain), {@code contextId} and {@code variables} (all of them; deployed jobs redact their values
   * when writing the dead-letter topic unless the scenario says otherwise).
   */
  public static String describe(String nodeId, Variables record, Throwable error) {
    return describe(nodeId, record, message(error));
  }

  /** As {@link #describe(String, Variables, Throwable)} with the reason as text. */
  public static String describe(String nodeId, Variables record, String reason) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", nodeId);
    out.put("time", Instant.now().toString());
    out.put("message", reason);
    out.put("contextId", record.id());
    Map<String, Object> vars = new LinkedHashMap<>();
    record.variables().forEach((k, v) -> vars.put(k, jsonSafe(v)));
    out.put("variables", vars);
    return JsonValues.write(out);
  }

  /** The messages of an exception and its causes, joined by {@code ": "}. */
  public static String message(Throwable t) {
    StringBuilder sb = new StringBuilder();
    Throwable c = t;
    int depth = 0;
    while (c != null && depth++ < 10) {
      if (sb.length() > 0) {
        sb.append(": ");
      }
      sb.append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
      c = c.getCause() == c ? null : c.getCause();
    }
    return sb.toString();
  }

  private static Object jsonSafe(Object v) {
    try {
      JsonValues.write(v);
      return v;
    } catch (RuntimeException e) {
      return String.valueOf(v);
    }
  }
}
