package dev.walnut.engine.spel;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code #DATE_FORMAT}: instants to and from text with a pattern ({@code yyyy-MM-dd HH:mm}) in a
 * zone. Nussknacker's helper hands out formatter objects; the sandbox allows no such receivers, so
 * the pattern is an argument instead. Formatters are cached per pattern (at most {@link
 * #MAX_CACHED}), since patterns are nearly always constants and building one per record is costly.
 */
final class DateFormatHelper {
  static final int MAX_CACHED = 256;
  private final Map<String, DateTimeFormatter> formatters = new ConcurrentHashMap<>();

  @HelperDoc("The instant as ISO-8601 text, e.g. 2024-05-01T10:15:30Z")
  public String format(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  @HelperDoc("The instant as text with a pattern in UTC, e.g. format(#DATE.now(), 'yyyy-MM-dd')")
  public String format(Instant instant, String pattern) {
    return format(instant, pattern, "UTC");
  }

  @HelperDoc("The instant as text with a pattern in a zone, e.g. 'HH:mm', 'Europe/Warsaw'")
  public String format(Instant instant, String pattern, String zone) {
    if (instant == null) {
      return null;
    }
    return formatter(pattern).withZone(zone(zone)).format(instant);
  }

  @HelperDoc("Parses ISO-8601 text (2024-05-01T10:15:30Z, with an offset, or UTC without one)")
  public Instant parseInstant(String text) {
    return parse(text, null, "UTC");
  }

  @HelperDoc("Parses text with a pattern; a time without zone or offset in the text is UTC")
  public Instant parse(String text, String pattern) {
    return parse(text, pattern, "UTC");
  }

  @HelperDoc(
      "Parses text with a pattern; a time without zone or offset in the text is in the given zone,"
          + " a date alone is its start of day")
  public Instant parse(String text, String pattern, String zone) {
    if (text == null) {
      return null;
    }
    ZoneId z = zone(zone);
    DateTimeFormatter f = pattern == null ? DateTimeFormatter.ISO_DATE_TIME : formatter(pattern);
    TemporalAccessor t;
    try {
      t = f.parse(text.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "`"
              + text
              + "` does not match "
              + (pattern == null ? "ISO-8601" : "the pattern `" + pattern + "`"),
          e);
    }
    if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
      return Instant.from(t);
    }
    ZoneId inText = t.query(TemporalQueries.zone());
    if (inText != null) {
      z = inText;
    }
    if (t.isSupported(ChronoField.HOUR_OF_DAY)) {
      return LocalDateTime.from(t).atZone(z).toInstant();
    }
    if (t.isSupported(ChronoField.EPOCH_DAY)) {
      return LocalDate.from(t).atStartOfDay(z).toInstant();
    }
    throw new IllegalArgumentException(
        "`" + text + "` parsed with `" + pattern + "` has no date: give at least year, month, day");
  }

  private DateTimeFormatter formatter(String pattern) {
    if (pattern == null) {
      throw new IllegalArgumentException("a date-time pattern is needed, got null");
    }
    DateTimeFormatter cached = formatters.get(pattern);
    if (cached != null) {
      return cached;
    }
    DateTimeFormatter f;
    try {
      f = DateTimeFormatter.ofPattern(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "`" + pattern + "` is not a date-time pattern: " + e.getMessage(), e);
    }
    if (formatters.size() < MAX_CACHED) {
      formatters.put(pattern, f);
    }
    return f;
  }

  static ZoneId zone(String zone) {
    if (zone == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "`"
              + zone
              + "` is not a time zone; use a region like 'Europe/Warsaw' or an offset like"
              + " '+02:00'",
          e);
    }
  }
}
