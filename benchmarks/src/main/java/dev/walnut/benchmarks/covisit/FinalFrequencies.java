package dev.walnut.benchmarks.covisit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.walnut.benchmarks.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The final frequency per (url, recommendation) of a changelog topic of {@code {url,
 * recommendation, frequency}} records: Walnut's (every co-visit emits the pair's updated count: the
 * final value is the largest) or Flink SQL's upsert stream (the last value per key wins; a
 * tombstone deletes it).
 */
final class FinalFrequencies {
  private static final ObjectReader READER = new ObjectMapper().readerFor(Frequency.class);

  private FinalFrequencies() {}

  /** Max per key (Walnut's changelog of updated counts). */
  static Map<UrlPair, Long> largest(String bootstrap, String topic, int partitions) {
    Map<UrlPair, Long> finals = new HashMap<>();
    TopicReader.forEach(
        bootstrap,
        topic,
        partitions,
        r -> {
          Frequency f = parse(r.value());
          finals.merge(new UrlPair(f.url, f.recommendation), f.frequency, Math::max);
        });
    return finals;
  }

  /** Last value per key (an upsert stream: a key's updates are in order on its partition). */
  static Map<UrlPair, Long> last(String bootstrap, String topic, int partitions) {
    Map<UrlPair, Long> finals = new HashMap<>();
    Map<String, UrlPair> byKey = new HashMap<>();
    TopicReader.forEach(
        bootstrap,
        topic,
        partitions,
        r -> {
          String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
          if (r.value() == null) {
            UrlPair deleted = byKey.remove(key);
            if (deleted != null) {
              finals.remove(deleted);
            }
            return;
          }
          Frequency f = parse(r.value());
          UrlPair pair = new UrlPair(f.url, f.recommendation);
          byKey.put(key, pair);
          finals.put(pair, f.frequency);
        });
    return finals;
  }

  private static Frequency parse(byte[] value) {
    try {
      return READER.readValue(value);
    } catch (IOException e) {
      throw new UncheckedIOException("output record is not {url, recommendation, frequency}", e);
    }
  }

  /** One output record. */
  public static final class Frequency {
    public String url;
    public String recommendation;
    public long frequency;
  }
}
