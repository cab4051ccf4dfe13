package dev.walnut.benchmarks.faults;

import dev.walnut.api.json.JsonValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Clicks {@code {userid, url, event_time}} flowing into a topic at a steady rate, keyed by user, as
 * a tracker pipeline would deliver them; event times rise by {@link #STEP} per click, so each user
 * clicks every few minutes of event time and co-visits keep coming. One idempotent producer ({@code
 * acks=all}) that waits out a broker outage; only acknowledged clicks count as sent.
 */
final class ClickTraffic implements AutoCloseable {
  static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
  static final Duration STEP = Duration.ofSeconds(3);

  /** One click as sent. */
  record Click(String user, String url, long time) {}

  private final String topic;
  private final int partitions;
  private final int users;
  private final int urls;
  private final int perSecond;
  private final Random random;
  private final KafkaProducer<String, String> producer;
  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentLinkedQueue<Click> acknowledged = new ConcurrentLinkedQueue<>();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong probes = new AtomicLong();
  private volatile boolean running;
  private Thread thread;

  ClickTraffic(
      String bootstrapServers, String topic, int partitions, int users, int urls, int perSecond) {
    this.topic = topic;
    this.partitions = partitions;
    this.users = users;
    this.urls = urls;
    this.perSecond = perSecond;
    this.random = new Random(7);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "walnut-fault-traffic");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    // a broker outage is waited out, not turned into lost clicks
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000");
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** Starts sending in a background thread. */
  void start() {
    running = true;
    thread = new Thread(this::run, "walnut-fault-traffic");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long periodNanos = 10_000_000; // 100 batches a second
    double perBatch = perSecond / 100.0;
    double owed = 0;
    long next = System.nanoTime();
    while (running) {
      owed += perBatch;
      while (owed >= 1) {
        owed -= 1;
        send("u" + random.nextInt(users), "/p/" + random.nextInt(urls));
      }
      next += periodNanos;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        try {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private synchronized void send(String user, String url) {
    send(user, url, START.toEpochMilli() + sequence.getAndIncrement() * STEP.toMillis());
  }

  private synchronized void send(String user, String url, long time) {
    Click click = new Click(user, url, time);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("userid", user);
    json.put("url", url);
    json.put("event_time", Instant.ofEpochMilli(time).toString());
    producer.send(
        new ProducerRecord<>(topic, user, JsonValues.write(json)),
        (metadata, exception) -> {
          if (exception == null) {
            acknowledged.add(click);
          } else {
            failed.incrementAndGet();
          }
        });
  }

  /**
   * Sends a probe: a fresh user visiting two fresh pages one after the other, so that the output
   * shows the pair {@code <from> -> <to>} once the job has processed clicks sent from now on.
   *
   * @return the pair's key, as {@link CoVisitOutput} names pairs
   */
  synchronized String probe() {
    long n = probes.incrementAndGet();
    String user = "probe-" + n;
    send(user, "/probe/" + n + "/from");
    send(user, "/probe/" + n + "/to");
    producer.flush();
    return CoVisitOutput.pair("/probe/" + n + "/from", "/probe/" + n + "/to");
  }

  /**
   * Stops sending, then sends one click an hour later on every partition, which moves the watermark
   * past every click before it (and pairs with nothing), and waits until all are acknowledged.
   */
  void finish() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join();
    }
    long last;
    synchronized (this) {
      last = START.toEpochMilli() + sequence.get() * STEP.toMillis();
      for (String user : oneUserPerPartition()) {
        send(user, "/flush", last + Duration.ofHours(1).toMillis());
      }
    }
    producer.flush();
  }

  /** The clicks the broker acknowledged. */
  List<Click> acknowledged() {
    return new ArrayList<>(acknowledged);
  }

  long failed() {
    return failed.get();
  }

  /** Users the default partitioner puts on partitions 0, 1, … */
  private List<String> oneUserPerPartition() {
    Map<Integer, String> byPartition = new LinkedHashMap<>();
    for (int i = 0; byPartition.size() < partitions; i++) {
      String user = "flush-" + i;
      byPartition.putIfAbsent(
          Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % partitions,
          user);
    }
    return List.copyOf(byPartition.values());
  }

  @Override
  public void close() {
    running = false;
    producer.close(Duration.ofSeconds(10));
  }
}
