package dev.walnut.engine.spel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** {@code #DATE}: instants and durations. Times are UTC; {@code now()} reads the given clock. */
final class DateHelper {
  private final Clock clock;

  DateHelper(Clock clock) {
    this.clock = clock;
  }

  @HelperDoc("The current instant")
  public Instant now() {
    return clock.instant();
  }

  @HelperDoc("Parses ISO-8601 text such as 2024-05-01T10:15:30Z or 2024-05-01T12:15:30+02:00")
  public Instant parse(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException ignored) {
        throw new IllegalArgumentException(
            "`" + text + "` is not an ISO-8601 instant such as 2024-05-01T10:15:30Z", e);
      }
    }
  }

  @HelperDoc("The instant a number of milliseconds after 1970-01-01T00:00:00Z")
  public Instant epochMillis(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  @HelperDoc("Milliseconds since 1970-01-01T00:00:00Z")
  public long toEpochMillis(Instant instant) {
    return instant.toEpochMilli();
  }

  @HelperDoc("Parses an ISO-8601 duration such as PT10M or P1D")
  public Duration duration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "`" + text + "` is not an ISO-8601 duration such as PT10M", e);
    }
  }

  @HelperDoc("A duration of milliseconds")
  public Duration millis(long amount) {
    return Duration.ofMillis(amount);
  }

  @HelperDoc("A duration of seconds")
  public Duration seconds(long amount) {
    return Duration.ofSeconds(amount);
  }

  @HelperDoc("A duration of minutes")
  public Duration minutes(long amount) {
    return Duration.ofMinutes(amount);
  }

  @HelperDoc("A duration of hours")
  public Duration hours(long amount) {
    return Duration.ofHours(amount);
  }

  @HelperDoc("A duration of days (24 hours each)")
  public Duration days(long amount) {
    return Duration.ofDays(amount);
  }

  @HelperDoc("The instant plus a duration")
  public Instant plusDuration(Instant instant, Duration duration) {
    return instant.plus(duration);
  }

  @HelperDoc("The instant minus a duration")
  public Instant minusDuration(Instant instant, Duration duration) {
    return instant.minus(duration);
  }

  @HelperDoc("Whether the first instant is before the second")
  public boolean isBefore(Instant a, Instant b) {
    return a.isBefore(b);
  }

  @HelperDoc("Whether the first instant is after the second")
  public boolean isAfter(Instant a, Instant b) {
    return a.isAfter(b);
  }

  @HelperDoc("The duration from the first instant to the second (negative when it is earlier)")
  public Duration between(Instant from, Instant to) {
    return Duration.between(from, to);
  }

  @HelperDoc("Formats an instant in UTC with a pattern such as yyyy-MM-dd HH:mm")
  public String format(Instant instant, String pattern) {
    try {
      return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(instant);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("`" + pattern + "` is not a date-time pattern", e);
    }
  }
}
