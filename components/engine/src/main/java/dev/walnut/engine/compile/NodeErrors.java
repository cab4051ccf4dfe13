package dev.walnut.engine.compile;

import dev.walnut.api.Variables;
import dev.walnut.api.json.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/**
 * Per-record failures (an expression that throws, an enricher that fails) never vanish: each
 * becomes one JSON line on the {@link #TAG} side output with the node, the message and the record's
 * variables. Test runs return them; deployed jobs log them and count them.
 */
final class NodeErrors {
  static final OutputTag<String> TAG = new OutputTag<>("walnut-errors", Types.STRING);

  private NodeErrors() {}

  static String describe(String nodeId, Variables context, Throwable error) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", nodeId);
    out.put("contextId", context.id());
    out.put("message", message(error));
    Map<String, Object> vars = new LinkedHashMap<>();
    context.variables().forEach((k, v) -> vars.put(k, safe(v)));
    out.put("variables", vars);
    return JsonValues.write(out);
  }

  private static Object safe(Object v) {
    try {
      JsonValues.write(v);
      return v;
    } catch (RuntimeException e) {
      return String.valueOf(v);
    }
  }

  static String message(Throwable t) {
    StringBuilder sb = new StringBuilder();
    Throwable c = t;
    while (c != null) {
      if (sb.length() > 0) {
        sb.append(": ");
      }
      sb.append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
      c = c.getCause() == c ? null : c.getCause();
    }
    return sb.toString();
  }
}
