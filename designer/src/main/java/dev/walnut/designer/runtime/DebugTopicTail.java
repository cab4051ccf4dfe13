package dev.walnut.designer.runtime;

import dev.walnut.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A {@code collect} sink followed through the scenario's debug topic ({@code debug.topic}), for
 * jobs on a remote cluster whose sinks keep their values in the TaskManagers: the sink also writes
 * each value there, keyed by its node id. Reads with its own assignment (no consumer group, nothing
 * committed) and keeps only the records of its node.
 */
public final class DebugTopicTail implements CollectTail {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * How far back per partition the newest values are looked for. The topic only feeds a live view
   * and is kept an hour, so this is most of it; the bound keeps opening a tail quick on a busy one.
   */
  static final int SCAN_LIMIT = 100_000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final byte[] key;
  private final List<String> kept;
  private final List<String> pending = new ArrayList<>();

  private DebugTopicTail(
      KafkaConsumer<byte[], byte[]> consumer, byte[] key, String topic, int backlog) {
    this.consumer = consumer;
    this.key = key;
    this.kept = readNewest(topic, backlog);
  }

  /**
   * Starts following {@code nodeId} on {@code topic} of the Kafka cluster {@code properties} name.
   *
   * @param properties the designer's scenario property overrides ({@code kafka.bootstrap.servers},
   *     other {@code kafka.*} client settings)
   * @param backlog how many of the newest values already in the topic {@link #kept()} returns
   * @throws IllegalArgumentException when the topic does not exist (yet)
   * @throws IllegalStateException when Kafka does not answer in time
   */
  public static DebugTopicTail open(
      Map<String, String> properties, String topic, String nodeId, int backlog) {
    Properties config = KafkaSettings.clientProperties(properties);
    config.setProperty(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        KafkaSettings.bootstrapServers(properties, "the live view of `" + nodeId + "`: "));
    config.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "walnut-designer-tail");
    config.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.setProperty(
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
    config.setProperty(
        ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      return new DebugTopicTail(
          consumer, nodeId.getBytes(StandardCharsets.UTF_8), topic, Math.max(0, backlog));
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
  }

  private List<String> readNewest(String topic, int backlog) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, TIMEOUT);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not answer within " + TIMEOUT.toSeconds() + " s for topic `" + topic + "`", e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException(
          "debug topic `" + topic + "` does not exist (the job creates it when it is deployed)");
    }
    List<TopicPartition> partitions =
        infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(partitions);
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> newest = new HashMap<>();
    for (TopicPartition tp : partitions) {
      consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - SCAN_LIMIT));
      newest.put(tp, new ArrayDeque<>());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT.toSeconds() * 2);
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Kafka did not deliver the newest records of `"
                + topic
                + "` within "
                + TIMEOUT.toSeconds() * 2
                + " s");
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (!ours(r)) {
          continue;
        }
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() >= end.get(tp)) {
          pending.add(value(r)); // came after the tail started: a new one
          continue;
        }
        ArrayDeque<ConsumerRecord<byte[], byte[]>> q = newest.get(tp);
        q.addLast(r);
        if (q.size() > backlog) {
          q.removeFirst();
        }
      }
    }
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    newest.values().forEach(all::addAll);
    all.sort(
        Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
            .thenComparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    return all.subList(Math.max(0, all.size() - backlog), all.size()).stream()
        .map(DebugTopicTail::value)
        .toList();
  }

  private boolean ours(ConsumerRecord<byte[], byte[]> r) {
    return r.value() != null && Arrays.equals(r.key(), key);
  }

  private static String value(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.value(), StandardCharsets.UTF_8);
  }

  @Override
  public List<String> kept() {
    return kept;
  }

  @Override
  public List<String> next(Duration wait) {
    if (!pending.isEmpty()) {
      List<String> out = List.copyOf(pending);
      pending.clear();
      return out;
    }
    List<String> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      if (ours(r)) {
        out.add(value(r));
      }
    }
    return out;
  }

  @Override
  public void close() {
    consumer.close(TIMEOUT);
  }
}
