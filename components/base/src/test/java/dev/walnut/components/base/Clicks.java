package dev.walnut.components.base;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test records with event times as minutes (and seconds) after a fixed start. */
public final class Clicks {
  public static final Instant START = Instant.parse("2024-01-02T00:00:00Z");

  private Clicks() {}

  /** The ISO-8601 time {@code minutes} after {@link #START}. */
  public static String at(double minutes) {
    return START.plus(Duration.ofMillis(Math.round(minutes * 60_000))).toString();
  }

  /**
   * {@code {userid, url, t}}: a click of {@code user} on {@code url}, {@code minutes} after the
   * start.
   */
  public static Map<String, Object> click(String user, String url, double minutes) {
    Map<String, Object> click = new LinkedHashMap<>();
    click.put("userid", user);
    click.put("url", url);
    click.put("t", at(minutes));
    return click;
  }
}
