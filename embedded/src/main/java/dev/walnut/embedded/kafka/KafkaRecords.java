package dev.walnut.embedded.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes test data to Kafka fast and reads it back from the beginning, for end-to-end tests and
 * benchmarks. Works against any broker, usually an {@link EmbeddedKafka}:
 *
 * <pre>{@code
 * KafkaRecords data = KafkaRecords.of(kafka);
 * data.produce("events", Stream.generate(() -> "{...}").limit(2_000_000));
 * List<String> out = data.consumeValues("recommendations", 1_000, Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Every call opens and closes its own client, so instances are cheap, immutable and thread-safe.
 */
public final class KafkaRecords {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration WRITABLE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * lz4 by default. Measured with {@code KafkaRecordsBenchmark} (2,000,000 JSON lines of ~114
   * bytes, broker in the same JVM, 2 cores): producing and reading back take the same time as
   * without compression, within this machine's noise, but the log is 3x smaller (82 MB instead of
   * 248 MB), so less disk and page cache is taken from the jobs under test, and a reader such as
   * Flink's KafkaSource gets 3x more records per fetch. lz4 decompresses at GB/s, so the readers'
   * extra CPU is negligible.
   */
  private static final CompressionType DEFAULT_COMPRESSION = CompressionType.LZ4;

  private final String bootstrapServers;
  private final CompressionType compression;

  private KafkaRecords(String bootstrapServers, CompressionType compression) {
    this.bootstrapServers = bootstrapServers;
    this.compression = compression;
  }

  public static KafkaRecords of(EmbeddedKafka kafka) {
    Objects.requireNonNull(kafka, "kafka");
    return new KafkaRecords(kafka.bootstrapServers(), DEFAULT_COMPRESSION);
  }

  /** For a broker given as {@code host:port[,host:port...]}. */
  public static KafkaRecords of(String bootstrapServers) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "bootstrapServers must be host:port, e.g. 127.0.0.1:9092, got `"
              + bootstrapServers
              + "`");
    }
    return new KafkaRecords(bootstrapServers, DEFAULT_COMPRESSION);
  }

  /** The same, producing with another compression; for the benchmark that justifies the default. */
  KafkaRecords withCompression(CompressionType compression) {
    return new KafkaRecords(bootstrapServers, Objects.requireNonNull(compression, "compression"));
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Produces the values without keys, in order, and returns once all are acknowledged. */
  public long produce(String topic, List<String> values) {
    Objects.requireNonNull(values, "values");
    return produce(topic, values.stream(), value -> null);
  }

  /**
   * Produces the values without keys, in order, and returns how many once all are acknowledged. The
   * stream is consumed lazily (2,000,000 generated lines never sit in memory at once); closing it
   * stays with the caller.
   */
  public long produce(String topic, Stream<String> values) {
    return produce(topic, values, value -> null);
  }

  /**
   * Produces the values with the key {@code keyOf} derives from each (e.g. the user id, so one
   * user's events stay in order on one partition); a null key spreads values over partitions.
   *
   * @throws IllegalStateException if the broker rejects a record; no further records are sent
   */
  public long produce(String topic, Stream<String> values, Function<? super String, String> keyOf) {
    requireTopic(topic);
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(keyOf, "keyOf");
    AtomicReference<Exception> failure = new AtomicReference<>();
    long sent = 0;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProperties(), new StringSerializer(), new StringSerializer())) {
      awaitWritable(producer, topic);
      Iterator<String> iterator = values.iterator();
      while (iterator.hasNext() && failure.get() == null) {
        String value = iterator.next();
        producer.send(
            new ProducerRecord<>(topic, keyOf.apply(value), value),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
            });
        sent++;
      }
      producer.flush();
    }
    Exception error = failure.get();
    if (error != null) {
      throw new IllegalStateException(
          "producing to topic `"
              + topic
              + "` at "
              + bootstrapServers
              + " failed: "
              + error.getMessage(),
          error);
    }
    return sent;
  }

  /**
   * Reads the topic from the beginning until at least {@code expectedCount} records arrived, in
   * partition order (records of one partition keep their order; partitions interleave). Only
   * committed records of transactional producers are returned.
   *
   * @throws AssertionError if fewer than {@code expectedCount} records arrive within the timeout
   */
  public List<ConsumedRecord> consume(String topic, int expectedCount, Duration timeout) {
    requireTopic(topic);
    if (expectedCount < 0) {
      throw new IllegalArgumentException("expectedCount must be 0 or more, got " + expectedCount);
    }
    requireTimeout(timeout);
    Deadline deadline = Deadline.after(timeout);
    try (KafkaConsumer<String, String> consumer = newConsumer()) {
      assignFromBeginning(consumer, topic, deadline, timeout);
      List<ConsumedRecord> records = new ArrayList<>(Math.min(expectedCount, 1 << 20));
      while (records.size() < expectedCount) {
        if (deadline.hasPassed()) {
          throw new AssertionError(
              "expected "
                  + expectedCount
                  + " records on topic `"
                  + topic
                  + "` within "
                  + timeout
                  + ", got "
                  + records.size());
        }
        pollInto(consumer, records);
      }
      return records;
    }
  }

  /** Like {@link #consume(String, int, Duration)}, values only. */
  public List<String> consumeValues(String topic, int expectedCount, Duration timeout) {
    return values(consume(topic, expectedCount, timeout));
  }

  /**
   * Reads every record the topic holds when the call starts (up to its end offsets; for
   * transactional data, its last stable offsets), from the beginning.
   *
   * @throws AssertionError if the topic does not exist or cannot be read to its end in time
   */
  public List<ConsumedRecord> consumeAll(String topic, Duration timeout) {
    requireTopic(topic);
    requireTimeout(timeout);
    Deadline deadline = Deadline.after(timeout);
    try (KafkaConsumer<String, String> consumer = newConsumer()) {
      List<TopicPartition> partitions = assignFromBeginning(consumer, topic, deadline, timeout);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, timeout);
      List<ConsumedRecord> records = new ArrayList<>();
      while (!reached(consumer, endOffsets)) {
        if (deadline.hasPassed()) {
          throw new AssertionError(
              "could not read topic `"
                  + topic
                  + "` to its end offsets "
                  + endOffsets
                  + " within "
                  + timeout
                  + "; got "
                  + records.size()
                  + " records");
        }
        pollInto(consumer, records);
      }
      return records;
    }
  }

  /** Like {@link #consumeAll(String, Duration)}, values only. */
  public List<String> consumeAllValues(String topic, Duration timeout) {
    return values(consumeAll(topic, timeout));
  }

  @Override
  public String toString() {
    return "KafkaRecords[" + bootstrapServers + "]";
  }

  private Properties producerProperties() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "walnut-test-data-producer");
    // Idempotent with acks=all: retries after a broker hiccup neither duplicate nor reorder
    // records,
    // so a test can assert exact counts and order.
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
    properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression.name);
    return properties;
  }

  /**
   * Creates the topic if the broker auto-creates topics, then waits until the broker leads all of
   * its partitions; see {@link PartitionLeaders} for the idempotent-producer race this avoids.
   */
  private void awaitWritable(KafkaProducer<String, String> producer, String topic) {
    List<TopicPartition> partitions =
        producer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "walnut-test-data-admin");
    try (Admin admin = Admin.create(properties)) {
      PartitionLeaders.awaitServing(admin, partitions, WRITABLE_TIMEOUT);
    }
  }

  private KafkaConsumer<String, String> newConsumer() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "walnut-test-data-consumer");
    // No group: partitions are assigned by hand, so nothing waits for a rebalance and no offsets
    // are committed that could hide records from the next reader.
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    properties.put(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
    return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
  }

  /** Waits for the topic to exist (a job under test may create it late), then seeks to 0. */
  private static List<TopicPartition> assignFromBeginning(
      KafkaConsumer<String, String> consumer, String topic, Deadline deadline, Duration timeout) {
    while (true) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      if (!partitions.isEmpty()) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
      }
      if (deadline.hasPassed()) {
        throw new AssertionError("topic `" + topic + "` does not exist after " + timeout);
      }
      deadline.pause();
    }
  }

  private static void pollInto(KafkaConsumer<String, String> consumer, List<ConsumedRecord> into) {
    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
      into.add(
          new ConsumedRecord(
              record.partition(),
              record.offset(),
              record.key(),
              record.value(),
              record.timestamp()));
    }
  }

  private static boolean reached(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> endOffsets) {
    return endOffsets.entrySet().stream()
        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  private static List<String> values(List<ConsumedRecord> records) {
    return records.stream().map(ConsumedRecord::value).toList();
  }

  private static void requireTopic(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank, got `" + topic + "`");
    }
  }

  private static void requireTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be a positive duration, got " + timeout);
    }
  }
}
