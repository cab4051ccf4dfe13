package dev.walnut.benchmarks.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.api.json.JsonValues;
import dev.walnut.benchmarks.ScenarioTrees;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.shopify.Fault;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;
import dev.walnut.shopify.schema.ShopifyPlan;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;

/**
 * Runs the fault cases for real: a job deployed as Walnut deploys it, traffic flowing, then the
 * fault — a Task Manager lost ({@link FaultCluster}), the embedded broker stopped and started on
 * its port and log dir, the local Shopify in an outage — and the outcome measured against what the
 * input defines (see {@link FaultOutcome}). Shared by the reliability suite (which asserts) and
 * {@code walnut bench faults} (which prints).
 */
public final class FaultRuns implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final int SLOTS = 4;
  private static final String CHECKPOINT_INTERVAL = "PT1S";

  private final FaultSettings settings;
  private final FaultCluster cluster;

  private FaultRuns(FaultSettings settings, FaultCluster cluster) {
    this.settings = settings;
    this.cluster = cluster;
  }

  /** Starts the Flink cluster the cases deploy to. */
  public static FaultRuns start(FaultSettings settings) throws Exception {
    return new FaultRuns(settings, FaultCluster.start(SLOTS));
  }

  /** Runs one case on fresh stand-ins (broker, local Shopify) and measures it. */
  public FaultOutcome run(FaultCase fault) throws Exception {
    return switch (fault) {
      case TASK_MANAGER_LOSS, BROKER_RESTART -> coVisit(fault);
      case SHOPIFY_OUTAGE -> shopifyOutage();
    };
  }

  private FaultOutcome coVisit(FaultCase fault) throws Exception {
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
            Duration.ofNanos(recovered - faultEnd));
      } finally {
        FaultCluster.cancel(job);
      }
    }
  }

  private FaultOutcome shopifyOutage() throws Exception {
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
            Duration.ofNanos(recovered - faultEnd));
      } finally {
        FaultCluster.cancel(job);
      }
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
    cluster.close();
  }
}
