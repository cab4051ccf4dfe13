package dev.walnut.shopify.catalogue;

import dev.walnut.api.Variables;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.ShopifyApiException;
import dev.walnut.shopify.connect.ShopParameters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the one split on a fetcher thread (Shopify's requests block; the task thread must not): the
 * fetcher hands records and split states through a bounded queue, so a slow downstream slows the
 * reading, and the state snapshotted is the one that came with the last record emitted.
 */
final class ProductsReader implements SourceReader<Variables, ProductsSplit> {
  private static final Logger LOG = LoggerFactory.getLogger(ProductsReader.class);

  /** A record to emit, or the split's state after the records before it. */
  private sealed interface Item permits Emit, Advance {}

  private record Emit(Map<String, Object> record, long timestamp) implements Item {}

  private record Advance(ProductsSplit state) implements Item {}

  private final SourceReaderContext context;
  private final ShopifyProductsSource.Settings settings;
  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(4 * CatalogueFetcher.PAGE);
  private final CatalogueFetcher.Counts counts = new CatalogueFetcher.Counts();
  private final Object lock = new Object();
  private CompletableFuture<Void> availability = new CompletableFuture<>();
  private volatile Throwable failure;
  private ProductsSplit current;
  private Thread fetcher;
  private AdminClient client;

  ProductsReader(SourceReaderContext context, ShopifyProductsSource.Settings settings) {
    this.context = context;
    this.settings = settings;
  }

  @Override
  public void start() {
    MetricGroup shopify = context.metricGroup().addGroup("shopify");
    shopify.gauge("products", counts.products::get);
    shopify.gauge("deletions", counts.deletions::get);
    shopify.gauge("requests", counts.requests::get);
    shopify.gauge("retries", counts.retries::get);
    shopify.gauge("throttled", counts.throttled::get);
    context.sendSplitRequest();
  }

  @Override
  public void addSplits(List<ProductsSplit> splits) {
    if (splits.isEmpty()) {
      return;
    }
    if (current != null || splits.size() > 1) {
      throw new IllegalStateException(
          "node " + settings.nodeId() + ": shopify-products reads one split, got more");
    }
    current = splits.get(0);
    // the token is resolved here, on the Task Manager, and never leaves this process
    client =
        ShopParameters.openClient(
            "node `" + settings.nodeId() + "`",
            settings.shop(),
            settings.tokenReference(),
            settings.version(),
            ShopifyProductsSource.SCOPES,
            settings.timeout());
    CatalogueFetcher fetch =
        new CatalogueFetcher(
            settings.nodeId(),
            client,
            settings.pollInterval(),
            current,
            new CatalogueFetcher.Output() {
              @Override
              public void record(Map<String, Object> record, long timestamp)
                  throws InterruptedException {
                offer(new Emit(record, timestamp));
              }

              @Override
              public void state(ProductsSplit state) throws InterruptedException {
                offer(new Advance(state));
              }
            },
            counts,
            System::nanoTime);
    fetcher = new Thread(() -> fetch(fetch), "shopify-products-" + settings.nodeId());
    fetcher.setDaemon(true);
    fetcher.start();
  }

  private void fetch(CatalogueFetcher fetch) {
    try {
      fetch.run();
    } catch (InterruptedException e) {
      // closing
    } catch (ShopifyApiException e) {
      failure =
          new IllegalStateException(
              "node `"
                  + settings.nodeId()
                  + "` (shopify-products): "
                  + e.getMessage()
                  + (e.kind() == ShopifyApiException.Kind.REJECTED
                      ? " (check the shop and the API version)"
                      : ""),
              e);
      signal();
    } catch (RuntimeException e) {
      failure = e;
      signal();
    }
  }

  private void offer(Item item) throws InterruptedException {
    queue.put(item);
    signal();
  }

  private void signal() {
    CompletableFuture<Void> toComplete;
    synchronized (lock) {
      toComplete = availability;
    }
    toComplete.complete(null);
  }

  @Override
  public InputStatus pollNext(ReaderOutput<Variables> output) throws Exception {
    Item item = queue.poll();
    if (item == null) {
      if (failure != null) {
        if (failure instanceof Exception e) {
          throw e;
        }
        throw new IllegalStateException(failure);
      }
      return InputStatus.NOTHING_AVAILABLE;
    }
    if (item instanceof Emit emit) {
      output.collect(
          Variables.ofInput((String) emit.record().get("gid"), emit.record()), emit.timestamp());
    } else if (item instanceof Advance advance) {
      current = advance.state();
    }
    return queue.isEmpty() && failure == null
        ? InputStatus.NOTHING_AVAILABLE
        : InputStatus.MORE_AVAILABLE;
  }

  @Override
  public List<ProductsSplit> snapshotState(long checkpointId) {
    return current == null ? List.of() : List.of(current);
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    synchronized (lock) {
      if (!queue.isEmpty() || failure != null) {
        return CompletableFuture.completedFuture(null);
      }
      if (availability.isDone()) {
        availability = new CompletableFuture<>();
      }
      return availability;
    }
  }

  @Override
  public void notifyNoMoreSplits() {}

  @Override
  public void close() {
    if (fetcher != null) {
      fetcher.interrupt();
      try {
        fetcher.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (fetcher.isAlive()) {
        LOG.warn("node {}: the Shopify fetcher did not stop within 10 s", settings.nodeId());
      }
    }
    if (client != null) {
      client.close();
    }
  }
}
