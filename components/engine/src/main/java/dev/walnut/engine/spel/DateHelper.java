package dev.walnut.engine.spel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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

  @HelperDoc(
      "The current date and time in a zone, e.g. nowAtZone('Europe/Warsaw').hour: a record of"
          + " year, monthValue, month, dayOfMonth, dayOfWeek, dayOfYear, hour, minute, second,"
          + " zone, offset, iso (local), instant")
  public Map<String, Object> nowAtZone(String zone) {
    ZonedDateTime t = ZonedDateTime.ofInstant(clock.instant(), DateFormatHelper.zone(zone));
    // a record of plain values rather than a ZonedDateTime: records carry JSON-like values only,
    // and the same properties read the same way (`.hour`, `.dayOfWeek`)
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("year", (long) t.getYear());
    parts.put("monthValue", (long) t.getMonthValue());
    parts.put("month", t.getMonth().name());
    parts.put("dayOfMonth", (long) t.getDayOfMonth());
    parts.put("dayOfWeek", t.getDayOfWeek().name());
    parts.put("dayOfYear", (long) t.getDayOfYear());
    parts.put("hour", (long) t.getHour());
    parts.put("minute", (long) t.getMinute());
    parts.put("second", (long) t.getSecond());
    parts.put("zone", t.getZone().getId());
    parts.put("offset", t.getOffset().getId());
    parts.put("iso", t.toLocalDateTime().toString());
    parts.put("instant", t.toInstant());
    return Collections.unmodifiableMap(parts);
  }

  @HelperDoc("Whether the instant is within [from, to], both ends included")
  public boolean isBetween(Instant instant, Instant from, Instant to) {
    return !instant.isBefore(from) && !instant.isAfter(to);
  }

  @HelperDoc(
      "Whether the instant's time of day in the zone is within [from, to] ('HH:mm' or 'HH:mm:ss',"
          + " both ends included); from after to spans midnight, e.g. '22:00'..'06:00'")
  public boolean isBetween(Instant instant, String from, String to, String zone) {
    LocalTime t = instant.atZone(DateFormatHelper.zone(zone)).toLocalTime();
    LocalTime start = timeOfDay(from);
    LocalTime end = timeOfDay(to);
    return start.isAfter(end)
        ? !t.isBefore(start) || !t.isAfter(end)
        : !t.isBefore(start) && !t.isAfter(end);
  }

  private static LocalTime timeOfDay(String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException(
          "`" + text + "` is not a time of day; write it like '08:30' or '08:30:15'", e);
    }
  }
}
