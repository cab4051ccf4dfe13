package dev.walnut.benchmarks.inference;

import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** {@code Inputs} = {@code {items: #input.items}}, without the engine's SpEL. */
final class HistoryParameter implements LazyParameter<Object> {
  private static final long serialVersionUID = 1L;

  /** Items in a history: the model's sequence length. */
  static final int SEQ = 50;

  /** Item ids are 1 to {@code ITEMS - 1}; 0 pads. */
  static final int ITEMS = 43_097;

  /** A random history of {@link #SEQ} item ids. */
  static List<Long> history(SplittableRandom random) {
    List<Long> items = new ArrayList<>(SEQ);
    for (int i = 0; i < SEQ; i++) {
      items.add((long) random.nextInt(1, ITEMS));
    }
    return items;
  }

  @Override
  public Object evaluate(Variables context) {
    return context.input();
  }

  @Override
  public DataType type() {
    return DataType.mapOf(DataType.UNKNOWN);
  }

  @Override
  public String expression() {
    return "#input";
  }
}
