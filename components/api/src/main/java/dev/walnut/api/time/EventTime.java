package dev.walnut.api.time;

import dev.walnut.api.NodeContext;
import dev.walnut.api.Variables;
import dev.walnut.api.annotation.PublicEvolving;
import dev.walnut.api.errors.RecordErrors;
import dev.walnut.api.types.VariablesTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Event time for sources: timestamps read from a field of the input record. */
@PublicEvolving
public final class EventTime {
  private EventTime() {}

  /** Event times before this (1970-01-01) are never valid. */
  static final long EARLIEST = 0L;

  /** Event times after this (3000-01-01) are never valid, whatever the skew allows. */
  static final long LATEST = 32_503_680_000_000L;

  /** How far ahead of the ingestion time an event time may be, unless a source says otherwise. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);

  /**
   * Watermarks that trail the largest timestamp seen by {@code outOfOrderness}, timestamps read
   * from the top-level field {@code field} of {@code #input} (ISO-8601 text or epoch milliseconds),
   * with the {@linkplain #DEFAULT_MAX_FUTURE_SKEW default future skew} and no past bound.
   *
   * @see #inputField(String, Duration, Duration, Duration, Duration)
   */
  public static WatermarkStrategy<Variables> fromInputField(
      String field, Duration outOfOrderness, Duration idleness) {
    return inputField(field, outOfOrderness, idleness, DEFAULT_MAX_FUTURE_SKEW, null).watermarks();
  }

  /**
   * Event time read from the top-level field {@code field} of {@code #input}. A time that cannot be
   * read, or lies more than {@code maxFutureSkew} after (or, when given, {@code maxPastSkew}
   * before) the time the record was ingested (the timestamp the source assigned: Kafka's record
   * time), never becomes a watermark: the record keeps its ingestion time and {@link
   * InputField#checked} sends it to the scenario's errors. Where nothing assigned an ingestion time
   * (test-run files) only unreadable times and times outside 1970–3000 are errors. Records without
   * the field keep the ingestion time.
   *
   * @param maxPastSkew null: events may be arbitrarily old (late events are the operators' concern)
   */
  public static InputField inputField(
      String field,
      Duration outOfOrderness,
      Duration idleness,
      Duration maxFutureSkew,
      Duration maxPastSkew) {
    return new InputField(
        field,
        outOfOrderness,
        idleness,
        maxFutureSkew.toMillis(),
        maxPastSkew == null ? -1 : maxPastSkew.toMillis());
  }

  /**
   * An event-time field with its bounds: the watermark strategy and the check that goes with it.
   */
  @PublicEvolving
  public static final class InputField implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final Duration outOfOrderness;
    private final Duration idleness;
    private final long maxFutureMs;
    private final long maxPastMs;

    private InputField(
        String field,
        Duration outOfOrderness,
        Duration idleness,
        long maxFutureMs,
        long maxPastMs) {
      this.field = field;
      this.outOfOrderness = outOfOrderness;
      this.idleness = idleness;
      this.maxFutureMs = maxFutureMs;
      this.maxPastMs = maxPastMs;
    }

    /** Timestamps from the field where they are valid, else the ingestion time; never throws. */
    public WatermarkStrategy<Variables> watermarks() {
      InputField self = this;
      SerializableTimestampAssigner<Variables> assigner =
          (ctx, ingested) -> {
            Object value = self.value(ctx);
            if (value == null) {
              return ingested;
            }
            long t;
            try {
              t = toEpochMillis(value, self.field);
            } catch (IllegalArgumentException e) {
              return ingested;
            }
            return self.outOfRange(t, ingested) == null ? t : ingested;
          };
      Duration ooo = outOfOrderness;
      // refused records keep their ingestion time but must not move the watermark either
      WatermarkStrategy<Variables> strategy =
          ctx -> new SkipRefused(new BoundedOutOfOrdernessWatermarks<>(ooo), self);
      return strategy.withTimestampAssigner(assigner).withIdleness(idleness);
    }

    /**
     * Downstream of {@link #watermarks()}: records whose field the assigner refused go to the
     * node's errors with the reason; the rest continue.
     */
    public DataStream<Variables> checked(NodeContext ctx, DataStream<Variables> stamped) {
      SingleOutputStreamOperator<Variables> out =
          stamped
              .process(new Check(ctx.nodeId(), this), VariablesTypeInfo.INSTANCE)
              .name(ctx.nodeId() + "-event-time-check")
              .uid(ctx.nodeId() + "-event-time-check");
      ctx.collectErrors(out);
      return out;
    }

    private Object value(Variables record) {
      return record.input() instanceof Map<?, ?> m ? m.get(field) : null;
    }

    /** Why {@code t} is not a valid event time for a record ingested at {@code ingested}. */
    String outOfRange(long t, long ingested) {
      if (t < EARLIEST || t > LATEST) {
        return "it is outside 1970-01-01..3000-01-01";
      }
      if (ingested == Long.MIN_VALUE) {
        return null;
      }
      if (t - ingested > maxFutureMs) {
        return "it is more than "
            + Duration.ofMillis(maxFutureMs)
            + " after the record's ingestion time "
            + Instant.ofEpochMilli(ingested);
      }
      if (maxPastMs >= 0 && ingested - t > maxPastMs) {
        return "it is more than "
            + Duration.ofMillis(maxPastMs)
            + " before the record's ingestion time "
            + Instant.ofEpochMilli(ingested);
      }
      return null;
    }

    /**
     * The reason a record's time was refused, or null. The assigner kept either the field's time
     * (valid) or the ingestion time (refused), so a stamp that differs from the field's time means
     * it was refused; the ingestion time it kept is the stamp itself.
     */
    String refusal(Variables record, Long stamp) {
      Object value = value(record);
      if (value == null) {
        return null;
      }
      long t;
      try {
        t = toEpochMillis(value, field);
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
      long kept = stamp == null ? Long.MIN_VALUE : stamp;
      if (t == kept) {
        return null;
      }
      String why = outOfRange(t, kept);
      return "field `"
          + field
          + "` holds the event time `"
          + value
          + "`, which is not accepted: "
          + (why == null ? "it was refused when the record was read" : why);
    }
  }

  private static final class SkipRefused implements WatermarkGenerator<Variables> {
    private final WatermarkGenerator<Variables> delegate;
    private final InputField field;

    SkipRefused(WatermarkGenerator<Variables> delegate, InputField field) {
      this.delegate = delegate;
      this.field = field;
    }

    @Override
    public void onEvent(Variables event, long timestamp, WatermarkOutput output) {
      if (field.refusal(event, timestamp) == null) {
        delegate.onEvent(event, timestamp, output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      delegate.onPeriodicEmit(output);
    }
  }

  private static final class Check extends ProcessFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final InputField field;

    Check(String nodeId, InputField field) {
      this.nodeId = nodeId;
      this.field = field;
    }

    @Override
    public void processElement(Variables record, Context ctx, Collector<Variables> out) {
      String refusal = field.refusal(record, ctx.timestamp());
      if (refusal == null) {
        out.collect(record);
      } else {
        ctx.output(RecordErrors.TAG, RecordErrors.describe(nodeId, record, refusal));
      }
    }
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
      double d = n.doubleValue();
      if (!(n instanceof Long || n instanceof Integer) && !Double.isFinite(d)) {
        throw new IllegalArgumentException(
            "field `"
                + field
                + "` must be an ISO-8601 time or epoch milliseconds, got `"
                + value
                + "`");
      }
      if (!(n instanceof Long || n instanceof Integer) && Math.abs(d) >= 9.2e18) {
        throw new IllegalArgumentException(
            "field `" + field + "` holds epoch milliseconds out of range: `" + value + "`");
      }
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
