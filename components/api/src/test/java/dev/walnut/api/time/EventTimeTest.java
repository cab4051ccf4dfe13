package dev.walnut.api.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-01-02T00:00:00Z",
        "2024-01-02T00:59:08Z",
        "2024-02-29T23:59:59.5Z",
        "1999-12-31T12:34:56.789Z",
        "2026-11-22T01:02:03.123456Z",
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z"
      })
  void theFastPathAgreesWithJavaTime(String text) {
    assertThat(EventTime.toEpochMillis(text, "t")).isEqualTo(Instant.parse(text).toEpochMilli());
    assertThat(EventTime.parseUtcFast(text)).isEqualTo(Instant.parse(text).toEpochMilli());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-01-02T00:00:00+01:00",
        "2024-01-02T00:00:00",
        "2024-01-02 00:00:00Z",
        "2023-02-29T00:00:00Z"
      })
  void otherFormsTakeTheGeneralParsers(String text) {
    assertThat(EventTime.parseUtcFast(text)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void offsetsAndLocalTimesAreRead() {
    assertThat(EventTime.toEpochMillis("2024-01-02T01:00:00+01:00", "t"))
        .isEqualTo(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
    assertThat(EventTime.toEpochMillis("2024-01-02T00:00:00", "t"))
        .isEqualTo(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
    assertThat(EventTime.toEpochMillis(1700000000000L, "t")).isEqualTo(1700000000000L);
  }

  @Test
  void aValueThatIsNoTimeNamesTheField() {
    assertThatThrownBy(() -> EventTime.toEpochMillis("yesterday", "event_time"))
        .hasMessage(
            "field `event_time` must be an ISO-8601 time or epoch milliseconds, got `yesterday`");
  }
}
