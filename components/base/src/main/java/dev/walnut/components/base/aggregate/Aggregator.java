package dev.walnut.components.base.aggregate;

import dev.walnut.api.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The aggregators of {@code aggregate-sliding}, over the values currently in the window. */
enum Aggregator {
  LIST,
  SET,
  FIRST,
  LAST,
  COUNT,
  SUM,
  MIN,
  MAX,
  AVERAGE,
  /** The element-wise mean of the numeric vectors (e.g. embeddings): a user's "centre". */
  CENTER;

  static final String NAMES = "list, set, first, last, count, sum, min, max, average, center";

  static Aggregator parse(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException("unknown aggregator `" + name + "`; one of " + NAMES));
  }

  /** The aggregator of that name; empty for one that does not exist (validation reports it). */
  static Optional<Aggregator> find(String name) {
    String n = name.trim();
    if (n.startsWith("#AGG.")) {
      n = n.substring(5);
    }
    for (Aggregator a : values()) {
      if (a.name().equals(n.toUpperCase(Locale.ROOT))) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether null values leave the result unchanged: then a null is not kept in the window at all,
   * so a window fed mostly nulls (e.g. `aggregateBy` = the product of cart events only, null for
   * every view) holds only what counts.
   */
  boolean ignoresNull() {
    return switch (this) {
      case LIST, FIRST, LAST, COUNT -> false;
      case SET, SUM, MIN, MAX, AVERAGE, CENTER -> true;
    };
  }

  DataType outputType(DataType valueType) {
    return switch (this) {
      case LIST, SET -> DataType.listOf(valueType);
      case FIRST, LAST, MIN, MAX -> valueType;
      case COUNT -> DataType.LONG;
      case SUM -> valueType.kind() == DataType.Kind.LONG ? DataType.LONG : DataType.DOUBLE;
      case AVERAGE -> DataType.DOUBLE;
      case CENTER -> DataType.listOf(DataType.DOUBLE);
    };
  }

  /** Aggregates the values, oldest first. */
  Object apply(List<Object> values) {
    switch (this) {
      case LIST:
        return Collections.unmodifiableList(new ArrayList<>(values));
      case SET:
        return List.copyOf(new LinkedHashSet<>(nonNull(values)));
      case FIRST:
        return values.isEmpty() ? null : values.get(0);
      case LAST:
        return values.isEmpty() ? null : values.get(values.size() - 1);
      case COUNT:
        return (long) values.size();
      case SUM:
        {
          boolean integral = true;
          long l = 0;
          double d = 0;
          for (Object v : values) {
            if (v instanceof Number n) {
              if (v instanceof Integer || v instanceof Long) {
                l += n.longValue();
              } else {
                integral = false;
              }
              d += n.doubleValue();
            }
          }
          return integral ? (Object) l : (Object) d;
        }
      case AVERAGE:
        {
          double sum = 0;
          int count = 0;
          for (Object v : values) {
            if (v instanceof Number n) {
              sum += n.doubleValue();
              count++;
            }
          }
          return count == 0 ? null : sum / count;
        }
      case CENTER:
        return center(values);
      case MIN:
      case MAX:
        {
          Object best = null;
          for (Object v : values) {
            if (v == null) {
              continue;
            }
            if (best == null || better(v, best)) {
              best = v;
            }
          }
          return best;
        }
      default:
        throw new IllegalStateException(name());
    }
  }

  /**
   * The element-wise mean of the values that are non-empty lists of numbers, all of the first such
   * vector's length; null when there is none. Other values (null, scalars, lists holding something
   * else) are skipped, so one bad record does not poison a user's centre; vectors of another length
   * fail, since mixing embedding models is a scenario error.
   */
  private static List<Double> center(List<Object> values) {
    double[] sum = null;
    int count = 0;
    for (Object v : values) {
      if (!(v instanceof List<?> vector) || vector.isEmpty() || !allNumbers(vector)) {
        continue;
      }
      if (sum == null) {
        sum = new double[vector.size()];
      } else if (vector.size() != sum.length) {
        throw new IllegalArgumentException(
            "aggregator `center` needs vectors of one length, got "
                + sum.length
                + " and "
                + vector.size());
      }
      for (int i = 0; i < sum.length; i++) {
        sum[i] += ((Number) vector.get(i)).doubleValue();
      }
      count++;
    }
    if (sum == null) {
      return null;
    }
    List<Double> mean = new ArrayList<>(sum.length);
    for (double s : sum) {
      mean.add(s / count);
    }
    return Collections.unmodifiableList(mean);
  }

  private static boolean allNumbers(List<?> vector) {
    for (Object x : vector) {
      if (!(x instanceof Number)) {
        return false;
      }
    }
    return true;
  }

  private boolean better(Object candidate, Object best) {
    int c;
    if (candidate instanceof Number a && best instanceof Number b) {
      c = Double.compare(a.doubleValue(), b.doubleValue());
    } else {
      c = String.valueOf(candidate).compareTo(String.valueOf(best));
    }
    return this == MIN ? c < 0 : c > 0;
  }

  private static List<Object> nonNull(List<Object> values) {
    List<Object> out = new ArrayList<>();
    for (Object v : values) {
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }
}
