package dev.walnut.snowplow.collector;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Epoch milliseconds as the ISO-8601 text Snowplow Micro shows ({@code 2024-01-02T03:04:05.678Z}).
 * Every event carries two or three of them, so the date part is formatted once per day and the time
 * of day is written digit by digit.
 */
final class Timestamps {
  private static final long DAY_MILLIS = 86_400_000L;
  private static final long YEAR_10000 = 253402300800000L; // 10000-01-01T00:00:00Z

  /** A day and its text, {@code 2024-01-02T}. */
  private record Day(long epochDay, String text) {}

  // collector and device timestamps are usually on the same day, so one entry is enough
  private static volatile Day lastDay = new Day(Long.MIN_VALUE, "");

  private Timestamps() {}

  static String iso(long epochMillis) {
    if (epochMillis < 0 || epochMillis >= YEAR_10000) {
      return slowIso(epochMillis);
    }
    long epochDay = epochMillis / DAY_MILLIS;
    Day day = lastDay;
    if (day.epochDay() != epochDay) {
      day = new Day(epochDay, LocalDate.ofEpochDay(epochDay) + "T");
      lastDay = day;
    }
    int ms = (int) (epochMillis - epochDay * DAY_MILLIS);
    int h = ms / 3_600_000;
    int m = ms / 60_000 % 60;
    int sec = ms / 1000 % 60;
    int milli = ms % 1000;
    char[] time = {
      digit(h / 10),
      digit(h % 10),
      ':',
      digit(m / 10),
      digit(m % 10),
      ':',
      digit(sec / 10),
      digit(sec % 10),
      '.',
      digit(milli / 100),
      digit(milli / 10 % 10),
      digit(milli % 10),
      'Z'
    };
    return day.text().concat(new String(time));
  }

  private static char digit(int d) {
    return (char) ('0' + d);
  }

  private static String slowIso(long epochMillis) {
    String s = Instant.ofEpochMilli(epochMillis).toString();
    // Instant drops ".000"; keep a fixed shape so downstream parsers see one format
    return s.length() == 20 ? s.substring(0, 19) + ".000Z" : s;
  }

  /** A tracker timestamp parameter (epoch millis as text) as ISO text; null when absent or junk. */
  static String fromTrackerMillis(String value) {
    if (value == null || value.isEmpty() || value.length() > 15) {
      return null;
    }
    try {
      long millis = Long.parseLong(value);
      return millis <= 0 ? null : iso(millis);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
