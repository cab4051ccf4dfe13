package dev.walnut.api.time;

import dev.walnut.api.Variables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
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
}
