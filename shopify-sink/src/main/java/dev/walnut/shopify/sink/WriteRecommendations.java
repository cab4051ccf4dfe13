package dev.walnut.shopify.sink;

import dev.walnut.api.SecretReference;
import dev.walnut.api.Variables;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.RecommendationDefinition;
import dev.walnut.shopify.admin.ShopifyApiException;
import dev.walnut.shopify.connect.ShopAddress;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink sink of {@code shopify-recommendations}: bootstraps the metaobject definition and feeds
 * a {@link RecommendationWriter}.
 *
 * <p>A checkpoint never waits for Shopify: the updates not yet written are the writer's state
 * ({@link RecommendationWriter#unwritten()}), and a restored job offers them again before any newer
 * record, so a Shopify outage of minutes neither blocks checkpoints (nor, through them, the job)
 * nor loses an update across a restart. Only the end of a bounded input waits until everything is
 * written.
 */
final class WriteRecommendations
    implements Sink<Variables>, SupportsWriterState<Variables, RecommendationUpdate> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(WriteRecommendations.class);
  private static final long MAX_BOOTSTRAP_BACKOFF_MILLIS = 5_000;

  private final String nodeId;
  private final String shop;
  private final String tokenReference;
  private final String handleKeyReference;
  private final String version;
  private final String type;
  private final WriterSettings settings;
  private final ShopifyRecommendationsSink.UpdateExpression update;

  WriteRecommendations(
      String nodeId,
      String shop,
      String tokenReference,
      String handleKeyReference,
      String version,
      String type,
      WriterSettings settings,
      ShopifyRecommendationsSink.UpdateExpression update) {
    this.nodeId = nodeId;
    this.shop = shop;
    this.tokenReference = tokenReference;
    this.handleKeyReference = handleKeyReference;
    this.version = version;
    this.type = type;
    this.settings = settings;
    this.update = update;
  }

  /** Flink 1.20 creates writers through {@link #createWriter(WriterInitContext)}. */
  @Override
  @Deprecated
  public SinkWriter<Variables> createWriter(Sink.InitContext context) {
    throw new UnsupportedOperationException(
        "node " + nodeId + ": the Shopify sink needs Flink's WriterInitContext (Flink 1.19+)");
  }

  @Override
  public StatefulSinkWriter<Variables, RecommendationUpdate> createWriter(WriterInitContext context)
      throws IOException {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<Variables, RecommendationUpdate> restoreWriter(
      WriterInitContext context, Collection<RecommendationUpdate> unwritten) throws IOException {
    return new Writer(context, unwritten);
  }

  @Override
  public SimpleVersionedSerializer<RecommendationUpdate> getWriterStateSerializer() {
    return new RecommendationUpdateSerializer();
  }

  /** One subtask's writer. */
  private final class Writer implements StatefulSinkWriter<Variables, RecommendationUpdate> {
    private final AdminClient client;
    private final RecommendationWriter writer;
    private final AtomicLong rejected = new AtomicLong();
    private final HandleHasher hasher;

    Writer(WriterInitContext context, Collection<RecommendationUpdate> unwritten)
        throws IOException {
      // checked again where the token is sent: this process's configuration is what counts
      ShopAddress.refusal(shop)
          .ifPresent(
              reason -> {
                throw new IllegalStateException("node " + nodeId + ": " + reason);
              });
      hasher =
          new HandleHasher(SecretReference.parse(handleKeyReference, "the handle key").resolve());
      client =
          AdminClient.create(
              shop,
              version,
              SecretReference.parse(tokenReference, "the access token").resolve(),
              Duration.ofSeconds(30));
      RecommendationWriter started = null;
      try {
        RecommendationDefinition definition = bootstrap();
        started = new RecommendationWriter(client, definition.type(), settings);
        for (RecommendationUpdate u : unwritten) {
          started.offer(u);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeQuietly(started);
        throw new InterruptedIOException("node " + nodeId + ": interrupted while starting");
      } catch (RuntimeException | IOException e) {
        closeQuietly(started);
        throw e;
      }
      writer = started;
      if (!unwritten.isEmpty()) {
        LOG.info(
            "node {}: {} recommendations not yet written before the restore are queued again",
            nodeId,
            unwritten.size());
      }
      registerMetrics(context.metricGroup().addGroup("shopify"));
    }

    /**
     * Finds or creates the metaobject definition, waiting out an outage (429, 5xx, timeouts): a job
     * restarted while Shopify is down starts once Shopify answers, instead of failing again and
     * again with a growing restart delay.
     */
    private RecommendationDefinition bootstrap() throws IOException, InterruptedException {
      long backoff = 250;
      while (true) {
        try {
          RecommendationDefinition definition = RecommendationDefinition.bootstrap(client, type);
          if (definition.created()) {
            LOG.info("node {}: created the metaobject definition {}", nodeId, definition.type());
          }
          definition
              .mismatches()
              .forEach(
                  m ->
                      LOG.warn(
                          "node {}: metaobject definition {}: {}", nodeId, definition.type(), m));
          return definition;
        } catch (ShopifyApiException e) {
          if (!e.retryable()) {
            throw new IOException(
                "node "
                    + nodeId
                    + ": cannot bootstrap the metaobject definition: "
                    + e.getMessage(),
                e);
          }
          long wait =
              e.retryAfter()
                  .map(Duration::toMillis)
                  .orElse(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
          LOG.warn(
              "node {}: Shopify is not answering ({}); bootstrapping again in {} ms",
              nodeId,
              e.getMessage(),
              wait);
          Thread.sleep(wait);
          backoff = Math.min(MAX_BOOTSTRAP_BACKOFF_MILLIS, backoff * 2);
        }
      }
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
    public void write(Variables v, Context context) throws InterruptedException {
      RecommendationUpdate u;
      try {
        u = update.evaluate(v, Instant.now(), hasher);
      } catch (IllegalArgumentException e) {
        rejected.incrementAndGet();
        LOG.error("node {}: recommendation not written: {}", nodeId, e.getMessage());
        return;
      }
      writer.offer(u);
    }

    /**
     * Before a checkpoint ({@code endOfInput} false) nothing is waited for: {@link #snapshotState}
     * keeps what is unwritten. At the end of a bounded input, everything is written first.
     */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
      if (endOfInput) {
        writer.flush();
      }
    }

    @Override
    public List<RecommendationUpdate> snapshotState(long checkpointId) {
      return writer.unwritten();
    }

    @Override
    public void close() {
      // no flush: on a cancel or a failover the unwritten updates are in the last checkpoint,
      // and waiting for Shopify here would hold up the task's cancellation
      try {
        writer.close();
      } finally {
        client.close();
      }
    }

    private void closeQuietly(RecommendationWriter started) {
      if (started != null) {
        started.close();
      }
      client.close();
    }
  }
}
