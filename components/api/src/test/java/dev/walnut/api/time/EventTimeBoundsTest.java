package dev.walnut.api.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.Variables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** Event times that cannot be read or lie out of range never become timestamps or watermarks. */
class EventTimeBoundsTest {
  private static final long INGESTED = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();
  private static final EventTime.InputField FIELD =
      EventTime.inputField(
          "t", Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(10), null);

  private static Variables record(Object t) {
    return Variables.ofInput("r", t == null ? Map.of() : Map.of("t", t));
  }

  private static long assign(EventTime.InputField field, Object t) {
    TimestampAssigner<Variables> assigner =
        field.watermarks().createTimestampAssigner(() -> new UnregisteredMetricsGroup());
    return assigner.extractTimestamp(record(t), INGESTED);
  }

  @Test
  void aValidTimeIsTheTimestamp() {
    assertThat(assign(FIELD, "2024-01-02T00:00:00Z"))
        .isEqualTo(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
    assertThat(FIELD.refusal(record("2024-01-02T00:00:00Z"), assign(FIELD, "2024-01-02T00:00:00Z")))
        .isNull();
  }

  @Test
  void anUnreadableTimeKeepsTheIngestionTimeAndIsRefusedWithTheReason() {
    assertThat(assign(FIELD, "yesterday")).isEqualTo(INGESTED);
    assertThat(FIELD.refusal(record("yesterday"), INGESTED))
        .isEqualTo("field `t` must be an ISO-8601 time or epoch milliseconds, got `yesterday`");
  }

  @Test
  void aNumberBeyondLongRangeIsRefused() {
    assertThat(assign(FIELD, 1e300)).isEqualTo(INGESTED);
    assertThat(FIELD.refusal(record(1e300), INGESTED))
        .isEqualTo("field `t` holds epoch milliseconds out of range: `1.0E300`");
    assertThat(FIELD.refusal(record(Double.NaN), INGESTED)).contains("got `NaN`");
  }

  @Test
  void aTimeTooFarAheadOfIngestionIsRefused() {
    String ahead = Instant.ofEpochMilli(INGESTED).plus(Duration.ofMinutes(11)).toString();
    assertThat(assign(FIELD, ahead)).isEqualTo(INGESTED);
    assertThat(FIELD.refusal(record(ahead), INGESTED))
        .isEqualTo(
            "field `t` holds the event time `"
                + ahead
                + "`, which is not accepted: it is more than PT10M after the record's ingestion"
                + " time 2026-12-07T12:00:00Z");
    String close = Instant.ofEpochMilli(INGESTED).plus(Duration.ofMinutes(9)).toString();
    assertThat(assign(FIELD, close)).isEqualTo(INGESTED + Duration.ofMinutes(9).toMillis());
  }

  @Test
  void aPastBoundIsOnlyKeptWhenGiven() {
    String old = "2020-01-01T00:00:00Z";
    assertThat(assign(FIELD, old)).isEqualTo(Instant.parse(old).toEpochMilli());
    EventTime.InputField bounded =
        EventTime.inputField(
            "t",
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            Duration.ofDays(7));
    assertThat(assign(bounded, old)).isEqualTo(INGESTED);
    assertThat(bounded.refusal(record(old), INGESTED))
        .endsWith("it is more than PT168H before the record's ingestion time 2026-12-07T12:00:00Z");
  }

  @Test
  void withoutAnIngestionTimeOnlyTimesOutside1970To3000AreRefused() {
    // with no ingestion time the assigner keeps any time within 1970-3000 as the stamp
    long farAhead = Instant.parse("2999-01-01T00:00:00Z").toEpochMilli();
    assertThat(FIELD.refusal(record("2999-01-01T00:00:00Z"), farAhead)).isNull();
    assertThat(FIELD.refusal(record(-5L), Long.MIN_VALUE))
        .endsWith("it is outside 1970-01-01..3000-01-01");
  }

  @Test
  void aRecordWithoutTheFieldKeepsTheIngestionTime() {
    assertThat(assign(FIELD, null)).isEqualTo(INGESTED);
    assertThat(FIELD.refusal(record(null), INGESTED)).isNull();
  }

  @Test
  void refusedRecordsDoNotMoveTheWatermark() {
    WatermarkStrategy<Variables> strategy = FIELD.watermarks();
    WatermarkGenerator<Variables> generator =
        strategy.createWatermarkGenerator(() -> new UnregisteredMetricsGroup());
    List<Long> marks = new ArrayList<>();
    WatermarkOutput output =
        new WatermarkOutput() {
          @Override
          public void emitWatermark(Watermark watermark) {
            marks.add(watermark.getTimestamp());
          }

          @Override
          public void markIdle() {}

          @Override
          public void markActive() {}
        };
    long good = Instant.parse("2024-01-02T00:00:00Z").toEpochMilli();
    generator.onEvent(record("2024-01-02T00:00:00Z"), good, output);
    generator.onEvent(record("yesterday"), INGESTED, output);
    generator.onEvent(record("2999-01-01T00:00:00Z"), INGESTED, output);
    generator.onPeriodicEmit(output);
    assertThat(marks).containsExactly(good - 5_000 - 1);
  }
}
