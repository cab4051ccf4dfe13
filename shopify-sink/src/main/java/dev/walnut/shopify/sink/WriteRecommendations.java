package dev.walnut.shopify.sink;

import dev.walnut.api.SecretReference;
import dev.walnut.api.Variables;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.RecommendationDefinition;
import dev.walnut.shopify.admin.ShopifyApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator of {@code shopify-recommendations}: bootstraps the metaobject definition, feeds a
 * {@link RecommendationWriter}, and flushes it before each checkpoint completes (the checkpoint
 * waits for the writes: at-least-once).
 */
final class WriteRecommendations extends RichMapFunction<Variables, String>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(WriteRecommendations.class);

  private final String nodeId;
  private final String shop;
  private final String tokenReference;
  private final String version;
  private final String type;
  private final WriterSettings settings;
  private final ShopifyRecommendationsSink.UpdateExpression update;
  private transient AdminClient client;
  private transient RecommendationWriter writer;
  private transient AtomicLong rejected;

  WriteRecommendations(
      String nodeId,
      String shop,
      String tokenReference,
      String version,
      String type,
      WriterSettings settings,
      ShopifyRecommendationsSink.UpdateExpression update) {
    this.nodeId = nodeId;
    this.shop = shop;
    this.tokenReference = tokenReference;
    this.version = version;
    this.type = type;
    this.settings = settings;
    this.update = update;
  }

  @Override
  public void open(OpenContext openContext) throws ShopifyApiException {
    client =
        AdminClient.create(
            shop,
            version,
            SecretReference.parse(tokenReference, "the access token").resolve(),
            Duration.ofSeconds(30));
    RecommendationDefinition definition = RecommendationDefinition.bootstrap(client, type);
    if (definition.created()) {
      LOG.info("node {}: created the metaobject definition {}", nodeId, definition.type());
    }
    definition
        .mismatches()
        .forEach(
            m -> LOG.warn("node {}: metaobject definition {}: {}", nodeId, definition.type(), m));
    writer = new RecommendationWriter(client, definition.type(), settings);
    rejected = new AtomicLong();
    registerMetrics(getRuntimeContext().getMetricGroup().addGroup("shopify"));
  }

  private void registerMetrics(MetricGroup group) {
    WriterMetrics m = writer.metrics();
    group.gauge("received", (Gauge<Long>) m::received);
    group.gauge("writes", (Gauge<Long>) m::writes);
    group.gauge("bulkWrites", (Gauge<Long>) m::bulkWrites);
    group.gauge("coalesced", (Gauge<Long>) m::coalesced);
    group.gauge("skipped", (Gauge<Long>) m::skippedUnchanged);
    group.gauge("retries", (Gauge<Long>) m::retries);
    group.gauge("throttled", (Gauge<Long>) m::throttled);
    group.gauge("failed", (Gauge<Long>) m::failed);
    group.gauge("rejected", (Gauge<Long>) rejected::get);
    group.gauge("costUsed", (Gauge<Double>) m::pointsUsed);
    group.gauge("costAvailable", (Gauge<Double>) writer::availablePoints);
    group.gauge("restoreRate", (Gauge<Double>) writer::restoreRate);
    group.gauge("backlog", (Gauge<Integer>) writer::backlog);
  }

  @Override
  public String map(Variables v) throws InterruptedException {
    RecommendationUpdate u;
    try {
      u = update.evaluate(v, Instant.now());
    } catch (IllegalArgumentException e) {
      rejected.incrementAndGet();
      LOG.error("node {}: recommendation not written: {}", nodeId, e.getMessage());
      return "";
    }
    writer.offer(u);
    return u.handle();
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws InterruptedException {
    writer.flush();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) {
    // Nothing to restore: what a checkpoint covers is already written to Shopify.
  }

  @Override
  public void close() throws InterruptedException {
    try {
      if (writer != null) {
        writer.flush();
      }
    } finally {
      if (writer != null) {
        writer.close();
      }
      if (client != null) {
        client.close();
      }
    }
  }
}
