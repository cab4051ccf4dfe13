package dev.walnut.components.base.internal;

import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys streams by the text of an expression; a null key is an error naming the expression. */
public final class KeySelectors {
  private KeySelectors() {}

  public static KeySelector<Variables, String> byText(LazyParameter<Object> key, String nodeId) {
    return new ByText(key, nodeId);
  }

  private record ByText(LazyParameter<Object> key, String nodeId)
      implements KeySelector<Variables, String> {
    @Override
    public String getKey(Variables v) {
      Object k = key.evaluate(v);
      if (k == null) {
        throw new IllegalArgumentException(
            "node `"
                + nodeId
                + "`: key `"
                + key.expression()
                + "` is null for record "
                + v.variables());
      }
      return k.toString();
    }
  }
}
