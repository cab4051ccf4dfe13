package dev.walnut.benchmarks.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.api.json.JsonValues;
import dev.walnut.benchmarks.ScenarioTrees;
import dev.walnut.embedded.kafka.ConsumedRecord;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.embedded.shopify.Fault;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;
import dev.walnut.shopify.schema.ShopifyPlan;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;

/**
 * Runs the fault cases for real: a job deployed as Walnut deploys it, traffic flowing, then the
 * fault — a Task Manager lost ({@link FaultCluster}), the embedded broker stopped and started on
 * its port and log dir, the local Shopify in an outage, the collector's broker stopped — and the
 * outcome measured against what the input defines (see {@link FaultOutcome}). Shared by the
 * reliability suite (which asserts) and {@code walnut bench faults} (which prints).
 */
public final class FaultRuns implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final int SLOTS = 4;
  private static final String GOOD = "snowplow-good";
  private static final String BAD = "snowplow-bad";
  private static final String CHECKPOINT_INTERVAL = "PT1S";

  /** How long a collector request waits for Kafka's acknowledgement before its 503. */
  private static final Duration COLLECTOR_REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final FaultSettings settings;
  // started by the first case that deploys a job (the collector case needs none)
  private FaultCluster cluster;

  private FaultRuns(FaultSettings settings) {
    this.settings = settings;
  }

  /** Prepares the runs; the Flink cluster the cases deploy to starts with the first job. */
  public static FaultRuns start(FaultSettings settings) {
    return new FaultRuns(settings);
  }

  /** Runs one case on fresh stand-ins (broker, local Shopify) and measures it. */
  public FaultOutcome run(FaultCase fault) throws Exception {
    return switch (fault) {
      case TASK_MANAGER_LOSS, BROKER_RESTART -> coVisit(fault);
      case SHOPIFY_OUTAGE -> shopifyOutage();
      case COLLECTOR_OUTAGE -> collectorOutage();
    };
  }

  private FaultCluster cluster() throws Exception {
    if (cluster == null) {
      cluster = FaultCluster.start(SLOTS);
    }
    return cluster;
  }

  private FaultOutcome coVisit(FaultCase fault) throws Exception {
    FaultCluster cluster = cluster();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      // the shipped scenario, unchanged: clickstream (2 partitions, parallelism 2) →
      // recommendations
      kafka.createTopic("clickstream", 2);
      kafka.createTopic("recommendations", 1);
      ObjectNode tree =
          (ObjectNode) JsonValues.mapper().readTree(settings.coVisitScenario().toFile());
      Map<String, String> properties =
          Map.of(
              "kafka.bootstrap.servers",
              kafka.bootstrapServers(),
              "checkpointInterval",
              CHECKPOINT_INTERVAL);
      ValidationResult scenario = validated(tree, properties);
      JobClient job = cluster.deploy(scenario, properties);
      JobID id = job.getJobID();
      try (ClickTraffic traffic =
              new ClickTraffic(
                  kafka.bootstrapServers(), "clickstream", 2, 60, 25, settings.clicksPerSecond());
          CoVisitOutput output = new CoVisitOutput(kafka.bootstrapServers(), "recommendations")) {
        cluster.awaitRunning(job, TIMEOUT);
        traffic.start();
        Thread.sleep(settings.before().toMillis());
        // the restore has state to restore: a checkpoint completed with traffic flowing
        cluster.awaitCheckpointsAfter(id, cluster.completedCheckpoints(id), TIMEOUT);
        long restarts = cluster.restarts(id);
        long checkpointsAtFault = cluster.completedCheckpoints(id);
        long checkpointsDuringFault;
        if (fault == FaultCase.TASK_MANAGER_LOSS) {
          cluster.loseTaskManager();
          checkpointsDuringFault = -1; // the fault is an instant
        } else {
          kafka.stop();
          Thread.sleep(settings.brokerDown().toMillis());
          checkpointsDuringFault = cluster.completedCheckpoints(id) - checkpointsAtFault;
          kafka.start();
        }
        long faultEnd = System.nanoTime();
        String probe = traffic.probe();
        long recovered = output.awaitPair(probe, TIMEOUT);
        Thread.sleep(settings.after().toMillis());
        traffic.finish();
        Map<String, Long> expected = CoVisitDefinition.frequencies(traffic.acknowledged());
        output.awaitFinal(expected, TIMEOUT);
        CoVisitOutput.Comparison c = output.compare(expected);
        return new FaultOutcome(
            fault,
            traffic.acknowledged().size(),
            c.out(),
            c.replayed(),
            c.lost(),
            c.duplicatedAfterUpsert(),
            c.wrongKeys(),
            checkpointsDuringFault,
            cluster.restarts(id) - restarts,
            Duration.ofNanos(recovered - faultEnd),
            TrackerRequests.none());
      } finally {
        FaultCluster.cancel(job);
      }
    }
  }

  private FaultOutcome shopifyOutage() throws Exception {
    FaultCluster cluster = cluster();
    // the secrets the scenario names by reference, and the operator's switch for a local Shopify
    System.setProperty(ShopifyUpdates.TOKEN_PROPERTY, ShopifyUpdates.TOKEN);
    System.setProperty(ShopifyUpdates.HANDLE_KEY_PROPERTY, ShopifyUpdates.HANDLE_KEY);
    System.setProperty("walnut.shopify.local-dev", "true");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build();
        LocalShopify shopify =
            LocalShopify.builder()
                .plan(ShopifyPlan.PLUS)
                .accessToken(ShopifyUpdates.TOKEN)
                .build()
                .start()) {
      kafka.start();
      kafka.createTopic("recs", 2);
      ObjectNode tree;
      try (InputStream in =
          FaultRuns.class.getResourceAsStream(
              "/dev/walnut/benchmarks/faults/shopify-recommendations.json")) {
        if (in == null) {
          throw new IOException("the fault cases' Shopify scenario is missing from the classpath");
        }
        tree = (ObjectNode) JsonValues.mapper().readTree(in);
      }
      ScenarioTrees.setParameter(tree, "shopify", "Shop", "'" + shopify.baseUrl() + "'");
      Map<String, String> properties =
          Map.of(
              "kafka.bootstrap.servers",
              kafka.bootstrapServers(),
              "checkpointInterval",
              CHECKPOINT_INTERVAL);
      JobClient job = cluster.deploy(validated(tree, properties), properties);
      JobID id = job.getJobID();
      String type = shopify.resolveType("$app:recommendations");
      try (ShopifyUpdates updates =
          new ShopifyUpdates(kafka.bootstrapServers(), "recs", 200, shopify.productIds())) {
        cluster.awaitRunning(job, TIMEOUT);
        updates.start(50);
        Thread.sleep(settings.before().toMillis());
        long restarts = cluster.restarts(id);
        long checkpointsAtFault = cluster.completedCheckpoints(id);
        shopify.startOutage(
            settings.shopifyOutage().multipliedBy(10), Fault.Kind.HTTP_429, Fault.Kind.HTTP_503);
        long outageStart = System.nanoTime();
        long faultEnd;
        try {
          Thread.sleep(settings.shopifyOutage().toMillis() / 3);
          updates.finish();
          // every update has been read and is waiting for Shopify: a checkpoint holds them all
          cluster.awaitCheckpointsAfter(id, cluster.completedCheckpoints(id) + 1, TIMEOUT);
          cluster.loseTaskManager();
          long left = outageStart + settings.shopifyOutage().toNanos() - System.nanoTime();
          if (left > 0) {
            Thread.sleep(left / 1_000_000);
          }
        } finally {
          shopify.endOutage();
          faultEnd = System.nanoTime();
        }
        long checkpointsDuringFault = cluster.completedCheckpoints(id) - checkpointsAtFault;
        Map<String, String> expected = updates.lastProducts();
        long deadline = faultEnd + TIMEOUT.toNanos();
        long wrong = updates.wrong(shopify, type);
        while (wrong > 0 && System.nanoTime() < deadline) {
          Thread.sleep(100);
          wrong = updates.wrong(shopify, type);
        }
        long recovered = System.nanoTime();
        long extra = Math.max(0, shopify.metaobjectCount(type) - expected.size());
        return new FaultOutcome(
            FaultCase.SHOPIFY_OUTAGE,
            updates.acknowledged(),
            shopify.stats().upserts(),
            0,
            wrong,
            extra,
            wrong + extra,
            checkpointsDuringFault,
            cluster.restarts(id) - restarts,
            Duration.ofNanos(recovered - faultEnd),
            TrackerRequests.none());
      } finally {
        FaultCluster.cancel(job);
      }
    }
  }

  /**
   * The real collector in front of the embedded broker, tracker requests at a steady rate; the
   * broker is stopped for {@link FaultSettings#brokerDown()} and started on its port and log dir.
   * Requests answered 503 are retried as trackers retry; at the end, every event a 200 stood for
   * must be in the good topic.
   */
  private FaultOutcome collectorOutage() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic(GOOD, 2);
      kafka.createTopic(BAD, 1);
      CollectorConfig config =
          CollectorConfig.builder()
              .host("127.0.0.1")
              .port(0)
              .bootstrapServers(kafka.bootstrapServers())
              .goodTopic(GOOD)
              .badTopic(BAD)
              // the default (10 s) outlasts a 5 s outage: requests would wait for the broker
              // instead of being answered; 2 s is a tracker's patience, not the collector's limit
              .requestTimeout(COLLECTOR_REQUEST_TIMEOUT)
              .build();
      TrackerRequests requests;
      Set<String> acknowledged;
      long brokerBack;
      long recovered;
      try (CollectorServer collector = CollectorServer.start(config);
          TrackerTraffic traffic =
              new TrackerTraffic(
                  "http://127.0.0.1:" + collector.port(), settings.trackerRequestsPerSecond())) {
        traffic.start();
        Thread.sleep(settings.before().toMillis());
        kafka.stop();
        Thread.sleep(settings.brokerDown().toMillis());
        kafka.start();
        brokerBack = traffic.brokerBack();
        recovered = traffic.awaitFirstOkAfterBrokerBack(TIMEOUT);
        Thread.sleep(settings.after().toMillis());
        traffic.finish(TIMEOUT);
        requests = traffic.requests();
        acknowledged = traffic.acknowledged();
      }
      Map<String, Integer> written = new HashMap<>();
      ObjectMapper json = new ObjectMapper();
      for (ConsumedRecord r : KafkaRecords.of(kafka).consumeAll(GOOD, TIMEOUT)) {
        written.merge(json.readTree(r.value()).path("event_id").asText(), 1, Integer::sum);
      }
      long out = written.values().stream().mapToLong(Integer::longValue).sum();
      long lost = acknowledged.stream().filter(id -> !written.containsKey(id)).count();
      long unacknowledged =
          written.keySet().stream().filter(id -> !acknowledged.contains(id)).count();
      long badRows = KafkaRecords.of(kafka).consumeAll(BAD, TIMEOUT).size();
      return new FaultOutcome(
          FaultCase.COLLECTOR_OUTAGE,
          acknowledged.size(),
          out,
          out - written.size(),
          lost,
          // the snowplow source drops repeats by event_id: once it has, nothing is there twice
          0,
          unacknowledged + badRows,
          -1,
          -1,
          Duration.ofNanos(recovered - brokerBack),
          requests);
    }
  }

  /** Validates with the run's properties, as the designer and the CLI validate before deploying. */
  private static ValidationResult validated(ObjectNode tree, Map<String, String> properties) {
    ValidationResult result =
        new ScenarioValidator(ComponentRegistry.load())
            .validate(ScenarioJson.fromTree(tree), properties);
    if (!result.isValid()) {
      throw new IllegalStateException(
          "the fault case's scenario is invalid:\n" + result.describe());
    }
    return result;
  }

  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
