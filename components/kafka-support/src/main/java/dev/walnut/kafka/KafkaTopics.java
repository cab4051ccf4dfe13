package dev.walnut.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.api.Suggestion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the designer reads from the scenario's Kafka cluster: its topics, as suggestions for {@code
 * Topic} parameters (every topic that is not internal, by name, with its partition count), and the
 * newest records of a topic as test-run input.
 */
public final class KafkaTopics {
  private static final int TIMEOUT_MS = 5_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private KafkaTopics() {}

  /**
   * Lists the topics of the cluster the scenario properties point to ({@code
   * kafka.bootstrap.servers}, else {@code KAFKA_BOOTSTRAP_SERVERS}).
   *
   * @throws IllegalStateException when no Kafka is configured or it does not answer in 5 s
   */
  public static List<Suggestion> suggestions(Map<String, String> scenarioProperties)
      throws InterruptedException {
    String bootstrap = KafkaSettings.bootstrapServers(scenarioProperties, "");
    Properties config = KafkaSettings.clientProperties(scenarioProperties);
    config.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
    config.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
    config.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "walnut-designer-suggestions");
    try (Admin admin = Admin.create(config)) {
      var names =
          admin
              .listTopics(new ListTopicsOptions().listInternal(false).timeoutMs(TIMEOUT_MS))
              .names()
              .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Map<String, TopicDescription> described =
          new TreeMap<>(
              admin.describeTopics(names).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
      List<Suggestion> out = new ArrayList<>();
      described.forEach(
          (name, d) -> {
            int partitions = d.partitions().size();
            out.add(
                Suggestion.ofString(
                    name, partitions + (partitions == 1 ? " partition" : " partitions")));
          });
      return out;
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "Kafka at "
              + bootstrap
              + " did not list its topics within "
              + TIMEOUT_MS / 1000
              + " s ("
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + ")",
          cause);
    }
  }

  /**
   * Refuses to build a job on a topic the cluster does not have: without this check the job deploys
   * and its source waits (or the job restarts) until someone creates the topic, and nothing says
   * why no record arrives.
   *
   * @param what who reads the topic, for the message (e.g. {@code node `clicks`})
   * @throws IllegalArgumentException naming the topic, the cluster and how to create it
   * @throws IllegalStateException when Kafka does not answer within 5 s
   */
  public static void requireExists(
      Map<String, String> scenarioProperties, String topic, String what) {
    String bootstrap = KafkaSettings.bootstrapServers(scenarioProperties, what + ": ");
    Properties config = KafkaSettings.clientProperties(scenarioProperties);
    config.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
    config.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
    config.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "walnut-deploy-check");
    boolean exists;
    try (Admin admin = Admin.create(config)) {
      exists =
          admin
              .listTopics(new ListTopicsOptions().listInternal(false).timeoutMs(TIMEOUT_MS))
              .names()
              .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
              .contains(topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted while checking topic `" + topic + "`");
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          what
              + ": cannot check that topic `"
              + topic
              + "` exists: Kafka at "
              + bootstrap
              + " did not answer within "
              + TIMEOUT_MS / 1000
              + " s; deploy again once it is up",
          e);
    }
    if (!exists) {
      throw new IllegalArgumentException(
          what
              + ": topic `"
              + topic
              + "` does not exist on Kafka at "
              + bootstrap
              + "; create it first (e.g. kafka-topics.sh --bootstrap-server "
              + bootstrap
              + " --create --topic "
              + topic
              + " --partitions N), with as many partitions as the scenario's parallelism");
    }
  }

  /**
   * Creates a topic Walnut itself writes to when the cluster does not have it yet, since production
   * clusters often disable auto-creation. An existing topic is left as it is (its partitions and
   * configuration are the operator's choice), also when another client creates it meanwhile.
   *
   * @param configs topic configuration for a new topic, e.g. {@code retention.ms}
   * @param what who writes to the topic, for the message (e.g. {@code node `debug`})
   * @return whether the topic was created by this call
   * @throws IllegalStateException when Kafka does not answer within 5 s or refuses to create it
   */
  public static boolean createIfMissing(
      Map<String, String> scenarioProperties,
      String topic,
      int partitions,
      Map<String, String> configs,
      String what) {
    String bootstrap = KafkaSettings.bootstrapServers(scenarioProperties, what + ": ");
    Properties config = KafkaSettings.clientProperties(scenarioProperties);
    config.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
    config.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
    config.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "walnut-deploy-create-topic");
    try (Admin admin = Admin.create(config)) {
      boolean exists =
          admin
              .listTopics(new ListTopicsOptions().listInternal(false).timeoutMs(TIMEOUT_MS))
              .names()
              .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
              .contains(topic);
      if (exists) {
        return false;
      }
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) -1).configs(configs)))
          .all()
          .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted while creating topic `" + topic + "`");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false; // created by someone else between the listing and the creation
      }
      throw new IllegalStateException(
          what
              + ": cannot create topic `"
              + topic
              + "` on Kafka at "
              + bootstrap
              + " ("
              + (e.getCause() == null ? e : e.getCause()).getMessage()
              + "); create it yourself (kafka-topics.sh --bootstrap-server "
              + bootstrap
              + " --create --topic "
              + topic
              + " --partitions "
              + partitions
              + ") or deploy again once Kafka is up",
          e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          what
              + ": cannot create topic `"
              + topic
              + "`: Kafka at "
              + bootstrap
              + " did not answer within "
              + TIMEOUT_MS / 1000
              + " s; deploy again once it is up",
          e);
    }
  }

  /**
   * The newest {@code limit} records of a topic across its partitions, oldest first by record
   * timestamp, as one line each (values holding line breaks are re-written compactly when they are
   * JSON). Reads with its own assignment: no consumer group, nothing committed.
   *
   * @throws IllegalArgumentException when the topic does not exist
   * @throws IllegalStateException when Kafka does not answer in time
   */
  public static List<String> newestRecords(
      Map<String, String> scenarioProperties, String topic, int limit) {
    String bootstrap = KafkaSettings.bootstrapServers(scenarioProperties, "");
    Properties config = KafkaSettings.clientProperties(scenarioProperties);
    config.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "walnut-designer-capture");
    config.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.setProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
    config.setProperty(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofMillis(TIMEOUT_MS));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        throw new IllegalStateException(
            "Kafka at " + bootstrap + " did not answer within " + TIMEOUT_MS / 1000 + " s", e);
      }
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException(
            "topic `" + topic + "` does not exist on Kafka at " + bootstrap);
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> remaining = new HashMap<>();
      for (TopicPartition tp : partitions) {
        long from = Math.max(begin.get(tp), end.get(tp) - limit);
        if (from < end.get(tp)) {
          consumer.seek(tp, from);
          remaining.put(tp, end.get(tp));
        }
      }
      consumer.assign(List.copyOf(remaining.keySet()));
      List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS * 2L);
      while (!remaining.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Kafka at "
                  + bootstrap
                  + " did not deliver the newest records of `"
                  + topic
                  + "` within "
                  + TIMEOUT_MS * 2 / 1000
                  + " s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          Long stop = remaining.get(tp);
          if (stop != null && r.offset() < stop) {
            read.add(r);
          }
        }
        // a partition read up to its end offset at the start is done
        if (remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue())) {
          consumer.assign(List.copyOf(remaining.keySet()));
        }
      }
      read.sort(
          Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
              .thenComparingInt(ConsumerRecord::partition)
              .thenComparingLong(ConsumerRecord::offset));
      List<String> lines = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r :
          read.subList(Math.max(0, read.size() - limit), read.size())) {
        if (r.value() != null) {
          lines.add(oneLine(new String(r.value(), StandardCharsets.UTF_8)));
        }
      }
      return lines;
    }
  }

  private static String oneLine(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    try {
      return JSON.writeValueAsString(JSON.readTree(value));
    } catch (JsonProcessingException e) {
      // not JSON: the test run reports it as an unreadable record, like the production source
      return value.replace("\r", "\\r").replace("\n", "\\n");
    }
  }
}
