package dev.walnut.benchmarks.covisit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The DataSQRL clickstream and its scaled copies. Copy {@code c} renames every user {@code u} to
 * {@code u-c} and keeps every time, and the copies are interleaved click by click, so the scaled
 * stream is in event-time order with the original's time pattern and {@code copies} times the
 * users: its co-visit counts are exactly {@code copies} times the original's.
 */
final class Clickstream {
  private static final ObjectWriter WRITER = new ObjectMapper().writer();

  private Clickstream() {}

  /** Reads JSON lines {@code {userid, url, event_time}} (plain or {@code .gz}), in time order. */
  static List<Click> read(Path file) throws IOException {
    List<Click> clicks = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        Map<?, ?> c = mapper.readValue(line, Map.class);
        String time = (String) c.get("event_time");
        clicks.add(
            new Click(
                (String) c.get("userid"),
                (String) c.get("url"),
                time,
                Instant.parse(time).toEpochMilli()));
      }
    }
    // stable: clicks at the same instant keep the file's order
    clicks.sort(Comparator.comparingLong(Click::epochMillis));
    return clicks;
  }

  /** {@code copies} renamed copies, interleaved click by click, as JSON lines. */
  static Stream<String> scaled(List<Click> clicks, int copies) {
    return clicks.stream()
        .flatMap(
            c ->
                IntStream.range(0, copies)
                    .mapToObj(copy -> json(c.userid() + "-" + copy, c.url(), c.eventTime())));
  }

  /** The JSON line of one click; the user comes first (see {@link #userOf}). */
  static String json(String userid, String url, String eventTime) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("userid", userid);
    m.put("url", url);
    m.put("event_time", eventTime);
    try {
      return WRITER.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The user of a line written by {@link #json}, the Kafka key: one user's clicks stay in order on
   * one partition.
   */
  static String userOf(String jsonLine) {
    int start = "{\"userid\":\"".length();
    return jsonLine.substring(start, jsonLine.indexOf('"', start));
  }
}
