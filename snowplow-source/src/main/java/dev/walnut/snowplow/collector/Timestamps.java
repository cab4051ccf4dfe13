package dev.walnut.snowplow.collector;

import java.time.Instant;

/**
 * Epoch milliseconds as the ISO-8601 text Snowplow Micro shows ({@code 2024-01-02T03:04:05.678Z}).
 */
final class Timestamps {
  private Timestamps() {}

  static String iso(long epochMillis) {
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
