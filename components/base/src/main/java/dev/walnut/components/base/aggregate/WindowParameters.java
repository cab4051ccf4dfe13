package dev.walnut.components.base.aggregate;

import dev.walnut.api.DataType;
import dev.walnut.api.Editor;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters {@code aggregate-tumbling} and {@code aggregate-session} share with {@code
 * aggregate-sliding} (Nussknacker's names), described once so the three read alike in the palette.
 */
final class WindowParameters {
  static final String GROUP_BY = "groupBy";
  static final String AGGREGATOR = "aggregator";
  static final String AGGREGATE_BY = "aggregateBy";
  static final String EMIT_WHEN = "emitWhen";
  static final String MAX_ENTRIES = "maxEntries";

  private WindowParameters() {}

  static Parameter groupBy() {
    return Parameter.perEvent(GROUP_BY, DataType.UNKNOWN)
        .docs("The key, e.g. `#input.userid`; a null key sends the record to the errors.")
        .build();
  }

  static Parameter aggregator() {
    return Parameter.once(AGGREGATOR, DataType.STRING)
        .editor(
            Editor.fixedStrings(
                "list", "set", "first", "last", "count", "sum", "min", "max", "average", "center"))
        .validator(
            ParameterValidator.matches(
                "(#AGG\\.)?(list|set|first|last|count|sum|min|max|average|center)",
                "one of " + Aggregator.NAMES))
        .docs(
            "How to aggregate: "
                + Aggregator.NAMES
                + ". `first`/`last` by event time; `center` is the element-wise mean of the numeric"
                + " vectors (e.g. embeddings), a `List[Double]`.")
        .build();
  }

  static Parameter aggregateBy() {
    return Parameter.perEvent(AGGREGATE_BY, DataType.UNKNOWN)
        .docs("The value aggregated, e.g. `#input.amount`.")
        .build();
  }

  static Parameter maxEntries(String per) {
    return Parameter.once(MAX_ENTRIES, DataType.LONG)
        .defaultExpression("10000")
        .validator(ParameterValidator.between(1, 1_000_000))
        .docs(
            "At most this many values are kept per "
                + per
                + "; beyond it the oldest are dropped (counted by the metric `entriesDropped`).")
        .build();
  }

  /**
   * {@code emitWhen}: a dropdown of Nussknacker's trigger names ({@code OnEvent}, {@code OnEnd}…),
   * stored as string literals; the validator lists them when another value is given.
   */
  static <E extends Enum<E>> Parameter emitWhen(Class<E> triggers, E byDefault, String docs) {
    String[] names =
        Arrays.stream(triggers.getEnumConstants()).map(Enum::name).toArray(String[]::new);
    return Parameter.once(EMIT_WHEN, DataType.STRING)
        .editor(Editor.fixedStrings(names))
        .validator(ParameterValidator.oneOf(List.of(names)))
        .defaultExpression("'" + byDefault.name() + "'")
        .docs(docs)
        .build();
  }

  static DataType outputType(ParameterValues p) {
    return p.optionalValue(AGGREGATOR, String.class)
        .flatMap(Aggregator::find)
        .map(a -> a.outputType(p.typeOf(AGGREGATE_BY)))
        .orElse(DataType.UNKNOWN);
  }
}
