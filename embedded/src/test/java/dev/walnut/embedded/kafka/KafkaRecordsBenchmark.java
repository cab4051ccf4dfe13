package dev.walnut.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.common.record.CompressionType;

/**
 * How fast {@link KafkaRecords} writes and reads back 2,000,000 ~120-byte JSON events on an {@link
 * EmbeddedKafka} in this JVM, with the default (lz4) against no compression, measured in the same
 * run. A program, not a test (so never a skipped one): run {@code main}, optionally with the record
 * count, e.g. {@code java -cp <test classpath> dev.walnut.embedded.kafka.KafkaRecordsBenchmark
 * 2000000}.
 */
public final class KafkaRecordsBenchmark {

  private static final int PARTITIONS = 2;
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  private KafkaRecordsBenchmark() {}

  public static void main(String[] args) {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    long bytes = events(records).mapToLong(e -> e.getBytes(StandardCharsets.UTF_8).length).sum();
    System.out.printf(
        Locale.ROOT,
        "%,d records, %.1f bytes per record on average%n",
        records,
        (double) bytes / records);

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      long started = System.nanoTime();
      kafka.start();
      long coldStart = millisSince(started);
      kafka.stop();
      started = System.nanoTime();
      kafka.start();
      long warmStart = millisSince(started);
      System.out.printf(
          Locale.ROOT, "startup to ready: %d ms cold, %d ms on restart%n", coldStart, warmStart);

      KafkaRecords lz4 = KafkaRecords.of(kafka);
      KafkaRecords none = lz4.withCompression(CompressionType.NONE);
      // Warm-up, so neither variant pays for class loading and JIT compilation alone.
      produce(kafka, none, "warmup-none", records / 10);
      produce(kafka, lz4, "warmup-lz4", records / 10);

      started = System.nanoTime();
      long generated =
          events(records).mapToInt(String::length).filter(length -> length > 0).count();
      System.out.printf(
          Locale.ROOT,
          "generating the %,d lines alone: %.2f s (included in the produce times below)%n",
          generated,
          millisSince(started) / 1000.0);

      System.out.println();
      System.out.println(
          "| compression | produce s | produce records/s | consumeAll s | consumeAll records/s |"
              + " log MB |");
      System.out.println(
          "|-------------|-----------|-------------------|--------------|----------------------|"
              + "--------|");
      // Both orders, so neither variant is favoured by running second (warmer JIT, page cache).
      String[] variants = {"none", "lz4", "lz4", "none"};
      for (int run = 0; run < variants.length; run++) {
        String variant = variants[run];
        KafkaRecords data = variant.equals("none") ? none : lz4;
        String topic = "events-" + variant + "-" + run;
        long produceMillis = produce(kafka, data, topic, records);
        started = System.nanoTime();
        int read = data.consumeAllValues(topic, READ_TIMEOUT).size();
        long consumeMillis = millisSince(started);
        if (read != records) {
          throw new IllegalStateException("read " + read + " of " + records + " records back");
        }
        System.out.printf(
            Locale.ROOT,
            "| %-11s | %9.2f | %,17d | %12.2f | %,20d | %6.1f |%n",
            variant,
            produceMillis / 1000.0,
            records * 1000L / produceMillis,
            consumeMillis / 1000.0,
            records * 1000L / consumeMillis,
            bytesOnDisk(kafka, topic) / 1e6);
      }
    }
  }

  private static long produce(EmbeddedKafka kafka, KafkaRecords data, String topic, int records) {
    kafka.createTopic(topic, PARTITIONS);
    long started = System.nanoTime();
    data.produce(topic, events(records));
    return millisSince(started);
  }

  /** Clickstream-like JSON lines of about 120 bytes, generated lazily (no String.format: cheap). */
  static Stream<String> events(int count) {
    String[] types = {"view", "click", "add_to_cart", "purchase"};
    return LongStream.range(0, count)
        .mapToObj(
            i ->
                new StringBuilder(128)
                    .append("{\"eventId\":\"e")
                    .append(1_000_000_000L + i)
                    .append("\",\"userId\":\"u")
                    .append(100_000 + (i * 7_919) % 100_000)
                    .append("\",\"itemId\":\"i")
                    .append(100_000 + (i * 104_729) % 50_000)
                    .append("\",\"type\":\"")
                    .append(types[(int) (i % types.length)])
                    .append("\",\"ts\":")
                    .append(1_767_225_600_000L + i * 10)
                    .append(",\"price\":")
                    .append(i % 500)
                    .append('.')
                    .append(10 + i % 90)
                    .append('}')
                    .toString());
  }

  /** Bytes the broker keeps for a topic: its partition directories in the log dir. */
  private static long bytesOnDisk(EmbeddedKafka kafka, String topic) {
    try (Stream<Path> files = Files.walk(kafka.logDir())) {
      return files
          .filter(file -> file.getParent().getFileName().toString().startsWith(topic + "-"))
          .filter(file -> file.getFileName().toString().endsWith(".log"))
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long millisSince(long startNanos) {
    return Math.max(1, (System.nanoTime() - startNanos) / 1_000_000);
  }
}
