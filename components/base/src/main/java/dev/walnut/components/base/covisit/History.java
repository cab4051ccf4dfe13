package dev.walnut.components.base.covisit;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** A user's recent clicks, oldest first: a Flink POJO, so state is not serialised by Kryo. */
public final class History {
  static final TypeInformation<History> TYPE = Types.POJO(History.class);

  public List<Long> times = new ArrayList<>();
  public List<String> items = new ArrayList<>();

  public History() {}

  int size() {
    return times.size();
  }

  void add(long t, String item) {
    times.add(t);
    items.add(item);
  }

  /** Drops clicks before {@code from}; clicks are in time order. */
  void evictBefore(long from) {
    int drop = 0;
    while (drop < times.size() && times.get(drop) < from) {
      drop++;
    }
    dropFirst(drop);
  }

  /** Keeps the latest {@code max} clicks; answers how many older ones were dropped. */
  int trimTo(int max) {
    int drop = times.size() - max;
    if (drop > 0) {
      dropFirst(drop);
      return drop;
    }
    return 0;
  }

  /** The time of the latest click; the history must not be empty. */
  long newest() {
    return times.get(times.size() - 1);
  }

  private void dropFirst(int n) {
    if (n > 0) {
      times = new ArrayList<>(times.subList(n, times.size()));
      items = new ArrayList<>(items.subList(n, items.size()));
    }
  }
}
