package dev.walnut.benchmarks.collector;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wrk run's figures; {@code late} counts open-loop requests sent more than 1 ms after their
 * slot because no connection was free (0 in a closed loop).
 */
record WrkRun(
    double requestsPerSecond,
    double p50Millis,
    double p99Millis,
    long non2xx,
    long requests,
    long late,
    double maxLateMillis) {

  /** Late requests as a share of the requests answered. */
  double latePercent() {
    return requests == 0 ? 0 : Math.min(100, 100.0 * late / requests);
  }

  /** Reads wrk's {@code --latency} report and the open-loop script's count of late requests. */
  static WrkRun parse(String wrkOutput) {
    double rps = number(wrkOutput, "Requests/sec:\\s+([0-9.]+)");
    double p50 = millis(wrkOutput, "50%");
    double p99 = millis(wrkOutput, "99%");
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(wrkOutput);
    long bad = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
    Matcher errors =
        Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
            .matcher(wrkOutput);
    if (errors.find()) {
      for (int g = 1; g <= 4; g++) {
        bad += Long.parseLong(errors.group(g));
      }
    }
    Matcher late =
        Pattern.compile("open-loop late requests: (\\d+), max lateness ([0-9.]+) ms")
            .matcher(wrkOutput);
    boolean open = late.find();
    Matcher requests = Pattern.compile("(\\d+) requests in ").matcher(wrkOutput);
    return new WrkRun(
        rps,
        p50,
        p99,
        bad,
        requests.find() ? Long.parseLong(requests.group(1)) : 0,
        open ? Long.parseLong(late.group(1)) : 0,
        open ? Double.parseDouble(late.group(2)) : 0);
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("unexpected wrk output (no " + regex + "):\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  private static double millis(String text, String percentile) {
    Matcher m =
        Pattern.compile(Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)\\b").matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("unexpected wrk output (no " + percentile + "):\n" + text);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }
}
