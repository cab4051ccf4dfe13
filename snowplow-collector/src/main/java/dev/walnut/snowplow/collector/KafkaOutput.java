package dev.walnut.snowplow.collector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The collector's one shared Kafka producer: idempotent, {@code acks=all}, 1 ms linger. A request's
 * records are sent together and the request learns, once, whether all of them were acknowledged.
 * Events in flight are bounded: above {@link CollectorConfig#maxEventsInFlight()} the collector
 * answers 503 instead of building a backlog in memory.
 */
final class KafkaOutput implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxInFlight;
  private final int maxRecordBytes;
  private final CollectorMetrics metrics;
  private volatile boolean healthy = true;

  KafkaOutput(CollectorConfig config, CollectorMetrics metrics) {
    this.maxInFlight = config.maxEventsInFlight();
    this.metrics = metrics;
    Properties properties = producerProperties(config);
    this.maxRecordBytes =
        (int)
            Math.min(
                Integer.MAX_VALUE,
                parseBytes(properties.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)));
    this.producer = new KafkaProducer<>(properties);
  }

  /** A byte count from a producer property; -1 when it is not a number. */
  static long parseBytes(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException | NullPointerException e) {
      return -1;
    }
  }

  /**
   * Whether a record of this key and value fits in one Kafka request ({@code max.request.size},
   * with room for the record batch's own header). A record that does not would fail on every retry.
   */
  boolean fits(byte[] key, byte[] value) {
    long size = (long) value.length + (key == null ? 0 : key.length) + RECORD_OVERHEAD_BYTES;
    return size <= maxRecordBytes;
  }

  int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** A generous bound on what Kafka adds to a record: batch header, record header, varints. */
  static final int RECORD_OVERHEAD_BYTES = 256;

  static Properties producerProperties(CollectorConfig config) {
    long deliveryMs = config.requestTimeout().toMillis();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "walnut-collector");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    // a request waits at most requestTimeout for its acknowledgement, then it is answered 503
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryMs));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(50, deliveryMs - 10)));
    // send() runs on an HTTP I/O thread: it may wait for metadata only briefly
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "250");
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(1024 * 1024));
    p.putAll(config.producerProperties());
    return p;
  }

  /** Fetches the topics' metadata so the first requests do not wait for it. */
  void warmUp(List<String> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String topic : topics) {
      while (true) {
        try {
          producer.partitionsFor(topic);
          break;
        } catch (RuntimeException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Kafka did not give metadata for topic `"
                    + topic
                    + "` within "
                    + timeout
                    + " (is the broker up, and does the topic exist?): "
                    + e.getMessage(),
                e);
          }
        }
      }
    }
  }

  /** Reserves room for {@code events} records; false means answer 503 now. */
  boolean tryReserve(int events) {
    while (true) {
      int current = inFlight.get();
      if (current + events > maxInFlight && current > 0) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + events)) {
        return true;
      }
    }
  }

  /** Gives back a reservation whose records were never sent. */
  void release(int events) {
    inFlight.addAndGet(-events);
  }

  int inFlight() {
    return inFlight.get();
  }

  boolean healthy() {
    return healthy;
  }

  /**
   * Sends reserved records; {@code done} runs once, on a producer thread, with null when every
   * record was acknowledged, else the first failure.
   */
  void send(List<ProducerRecord<byte[], byte[]>> records, Consumer<Exception> done) {
    RequestAck ack = new RequestAck(records.size(), done, System.nanoTime());
    for (ProducerRecord<byte[], byte[]> record : records) {
      try {
        producer.send(record, (meta, error) -> ack.complete(error));
      } catch (RuntimeException e) {
        ack.complete(e);
      }
    }
  }

  static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }

  private final class RequestAck {
    private final AtomicInteger remaining;
    private final int total;
    private final Consumer<Exception> done;
    private final long startNanos;
    private volatile Exception failure;

    RequestAck(int total, Consumer<Exception> done, long startNanos) {
      this.total = total;
      this.remaining = new AtomicInteger(total);
      this.done = done;
      this.startNanos = startNanos;
    }

    void complete(Exception error) {
      if (error != null && failure == null) {
        failure = error;
      }
      if (remaining.decrementAndGet() == 0) {
        inFlight.addAndGet(-total);
        healthy = failure == null;
        metrics.kafkaLatency(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos));
        done.accept(failure);
      }
    }
  }
}
