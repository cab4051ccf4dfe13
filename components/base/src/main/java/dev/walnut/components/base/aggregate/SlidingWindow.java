package dev.walnut.components.base.aggregate;

import dev.walnut.api.types.JsonValueTypeInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A key's window of {@code aggregate-sliding}: the values and their event times, in time order (a
 * record arriving late is inserted at its place). Changed in place, never copied per record: a
 * Flink POJO whose serializer copies deeply, so the heap state backend can copy it on write while a
 * snapshot holds it. Public with public fields only because Flink's POJO serializer requires it.
 */
public final class SlidingWindow {
  static final TypeInformation<SlidingWindow> TYPE =
      Types.POJO(
          SlidingWindow.class,
          Map.of(
              "times", Types.LIST(Types.LONG), "values", Types.LIST(JsonValueTypeInfo.INSTANCE)));

  public List<Long> times = new ArrayList<>();
  public List<Object> values = new ArrayList<>();

  public SlidingWindow() {}

  /** The window of state {@code entries-v1}: a list of [time, value] pairs in time order. */
  static SlidingWindow fromPairs(List<?> pairs, Object nullMarker) {
    SlidingWindow w = new SlidingWindow();
    for (Object e : pairs) {
      List<?> pair = (List<?>) e;
      Object v = pair.get(1);
      w.times.add(((Number) pair.get(0)).longValue());
      w.values.add(nullMarker.equals(v) ? null : v);
    }
    return w;
  }

  int size() {
    return times.size();
  }

  boolean isEmpty() {
    return times.isEmpty();
  }

  /** Inserts after the values of the same or an earlier time; answers the index. */
  int insert(long t, Object value) {
    int i = times.size();
    // records mostly arrive in time order: search from the end
    while (i > 0 && times.get(i - 1) > t) {
      i--;
    }
    times.add(i, t);
    values.add(i, value);
    return i;
  }

  void remove(int index) {
    times.remove(index);
    values.remove(index);
  }

  /** Drops the values of times up to {@code cutoff}; answers how many. */
  int evictUpTo(long cutoff) {
    int n = 0;
    while (n < times.size() && times.get(n) <= cutoff) {
      n++;
    }
    dropOldest(n);
    return n;
  }

  /** Keeps the latest {@code max} values; answers how many older ones were dropped. */
  int trimTo(int max) {
    int n = Math.max(0, times.size() - max);
    dropOldest(n);
    return n;
  }

  private void dropOldest(int n) {
    if (n > 0) {
      times.subList(0, n).clear();
      values.subList(0, n).clear();
    }
  }

  /**
   * The latest {@code max} values of times up to {@code upTo}, oldest first: a read-only view,
   * valid until a change.
   */
  List<Object> upTo(long upTo, int max) {
    int end = times.size();
    while (end > 0 && times.get(end - 1) > upTo) {
      end--;
    }
    return Collections.unmodifiableList(values.subList(Math.max(0, end - max), end));
  }
}
