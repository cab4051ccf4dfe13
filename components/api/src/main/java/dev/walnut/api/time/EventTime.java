package dev.walnut.api.time;

import dev.walnut.api.Variables;
import dev.walnut.api.annotation.PublicEvolving;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Event time for sources: timestamps read from a field of the input record. */
@PublicEvolving
public final class EventTime {
  private EventTime() {}

  /**
   * Watermarks that trail the largest timestamp seen by {@code outOfOrderness}, timestamps read
   * from the top-level field {@code field} of {@code #input} (ISO-8601 text or epoch milliseconds).
   * Records without the field fall back to the time Flink assigned (e.g. the Kafka record
   * timestamp). Idle partitions do not hold watermarks back for longer than {@code idleness}.
   */
  public static WatermarkStrategy<Variables> fromInputField(
      String field, Duration outOfOrderness, Duration idleness) {
    SerializableTimestampAssigner<Variables> assigner =
        (ctx, previous) -> {
          Object input = ctx.input();
          Object value = input instanceof Map<?, ?> m ? m.get(field) : null;
          return value == null ? previous : toEpochMillis(value, field);
        };
    return WatermarkStrategy.<Variables>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner(assigner)
        .withIdleness(idleness);
  }

  /**
   * Epoch milliseconds of an {@link Instant}, a number of epoch milliseconds, or an ISO-8601 text
   * ({@code 2024-01-02T00:00:00Z}, with an offset, or without one meaning UTC).
   *
   * @throws IllegalArgumentException naming the field and the value when it is not a time
   */
  public static long toEpochMillis(Object value, String field) {
    if (value instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof CharSequence cs) {
      String s = cs.toString().trim();
      long fast = parseUtcFast(s);
      if (fast != Long.MIN_VALUE) {
        return fast;
      }
      try {
        return Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e2) {
          try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
          } catch (DateTimeParseException e3) {
            if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
              return Long.parseLong(s);
            }
          }
        }
      }
    }
    throw new IllegalArgumentException(
        "field `"
            + field
            + "` must be an ISO-8601 time or epoch milliseconds, got `"
            + value
            + "`");
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, the form event times nearly always take, without a
   * formatter (it runs for every record); {@link Long#MIN_VALUE} for anything else, which then
   * takes the general parsers.
   */
  static long parseUtcFast(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return Long.MIN_VALUE;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return Long.MIN_VALUE;
    }
    int millis = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21) {
        return Long.MIN_VALUE;
      }
      int fractionDigits = n - 21;
      int fraction = digits(s, 20, Math.min(n - 1, 23));
      if (fraction < 0 || (fractionDigits > 3 && digits(s, 23, n - 1) < 0)) {
        return Long.MIN_VALUE;
      }
      for (int i = Math.min(fractionDigits, 3); i < 3; i++) {
        fraction *= 10;
      }
      millis = fraction;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return Long.MIN_VALUE;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
