package dev.walnut.components.base.kafka;

import dev.walnut.api.Suggestion;
import java.util.ArrayList;
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
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The topics of the scenario's Kafka cluster, as the designer's suggestions for {@code Topic}
 * parameters: every topic that is not internal, by name, with its partition count.
 */
public final class KafkaTopics {
  private static final int TIMEOUT_MS = 5_000;

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
}
