package dev.walnut.shopify.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.AdminDocument;
import dev.walnut.shopify.admin.AdminResponse;
import dev.walnut.shopify.admin.QueryCost;
import dev.walnut.shopify.admin.ShopifyApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a shop's catalogue: every product once (250 per page, by id), then, every poll interval,
 * the products updated since the newest {@code updatedAt} seen and the products deleted since the
 * newest deletion seen. Records and the state they bring the split to go to an {@link Output} in
 * order, so the state checkpointed always matches what was emitted.
 *
 * <p>Requests wait for the cost they need to be back in Shopify's bucket (as {@code throttleStatus}
 * last reported it), so a large catalogue is read at the shop's restore rate without being
 * throttled; THROTTLED and 429 wait as Shopify asks; 5xx and network failures are retried with
 * jittered exponential back-off up to 30 s, for as long as the outage lasts. Only a refused token
 * or a rejected query stops the fetcher.
 */
final class CatalogueFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogueFetcher.class);
  static final int PAGE = 250;

  /**
   * How far back each poll looks before the newest change seen: Shopify's {@code updatedAt} has
   * second precision and its search index trails writes by moments, so a change stamped a little
   * before the newest one seen may only become searchable after it.
   */
  static final Duration OVERLAP = Duration.ofSeconds(30);

  private static final long FIRST_BACKOFF_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  /** Where the fetcher's records and states go. */
  interface Output {
    void record(Map<String, Object> record, long timestamp) throws InterruptedException;

    void state(ProductsSplit state) throws InterruptedException;
  }

  /** Counts for the metrics. */
  static final class Counts {
    final AtomicLong products = new AtomicLong();
    final AtomicLong deletions = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
  }

  private final String nodeId;
  private final AdminClient client;
  private final Duration pollInterval;
  private final Output out;
  private final Counts counts;
  private final LongSupplier nanoClock;
  private final Map<AdminDocument, Double> lastRequested = new EnumMap<>(AdminDocument.class);
  private QueryCost lastCost;
  private long lastCostAt;

  // the split as this fetcher advances it
  private boolean fullReadDone;
  private String fullReadAfter;
  private Instant productsCursor;
  private final Map<String, ProductsSplit.Seen> recentProducts = new HashMap<>();
  private Instant deletionsCursor;
  private final Set<String> recentDeletions = new HashSet<>();

  CatalogueFetcher(
      String nodeId,
      AdminClient client,
      Duration pollInterval,
      ProductsSplit from,
      Output out,
      Counts counts,
      LongSupplier nanoClock) {
    this.nodeId = nodeId;
    this.client = client;
    this.pollInterval = pollInterval;
    this.out = out;
    this.counts = counts;
    this.nanoClock = nanoClock;
    this.fullReadDone = from.fullReadDone();
    this.fullReadAfter = from.fullReadAfter();
    this.productsCursor =
        from.productsCursor() == null ? null : Instant.parse(from.productsCursor());
    this.recentProducts.putAll(from.recentProducts());
    this.deletionsCursor =
        from.deletionsCursor() == null ? null : Instant.parse(from.deletionsCursor());
    this.recentDeletions.addAll(from.recentDeletions());
  }

  /**
   * Runs until interrupted.
   *
   * @throws ShopifyApiException when Shopify refuses the token or the query (not retried)
   */
  void run() throws InterruptedException, ShopifyApiException {
    if (!fullReadDone) {
      readAll();
    }
    while (true) {
      pollDeletions();
      pollUpdates();
      Thread.sleep(pollInterval.toMillis());
    }
  }

  /** Every product, by id; changes made meanwhile are caught by the first poll. */
  private void readAll() throws InterruptedException, ShopifyApiException {
    if (productsCursor == null) {
      // the newest change before the read starts: everything changed after it is polled again
      JsonNode newest =
          products(1, null, null, "UPDATED_AT", true).path("nodes").path(0).path("updatedAt");
      productsCursor = newest.isTextual() ? Instant.parse(newest.asText()) : Instant.EPOCH;
      out.state(state());
    }
    LOG.info(
        "node {}: reading every product of {} ({} per page){}",
        nodeId,
        client.endpoint(),
        PAGE,
        fullReadAfter == null ? "" : ", resuming after a restore");
    long started = System.nanoTime();
    long count = 0;
    boolean more = true;
    while (more) {
      JsonNode page = products(PAGE, fullReadAfter, null, "ID", false);
      for (JsonNode node : page.path("nodes")) {
        emitProduct(node, false);
        count++;
      }
      more = page.path("pageInfo").path("hasNextPage").asBoolean(false);
      if (page.path("pageInfo").path("endCursor").isTextual()) {
        fullReadAfter = page.path("pageInfo").path("endCursor").asText();
      }
      if (!more) {
        fullReadDone = true;
        fullReadAfter = null;
      }
      out.state(state());
    }
    LOG.info(
        "node {}: read {} products in {} s; polling for changes every {}",
        nodeId,
        count,
        Duration.ofNanos(System.nanoTime() - started).toSeconds(),
        pollInterval);
  }

  /** Products updated since the cursor (minus the overlap), oldest change first. */
  private void pollUpdates() throws InterruptedException, ShopifyApiException {
    String query =
        productsCursor == null ? null : "updated_at:>='" + productsCursor.minus(OVERLAP) + "'";
    String after = null;
    boolean more = true;
    while (more) {
      JsonNode page = products(PAGE, after, query, "UPDATED_AT", false);
      for (JsonNode node : page.path("nodes")) {
        emitProduct(node, true);
      }
      more = page.path("pageInfo").path("hasNextPage").asBoolean(false);
      after = page.path("pageInfo").path("endCursor").asText(null);
      forgetOutsideOverlap();
      out.state(state());
    }
  }

  private void emitProduct(JsonNode node, boolean skipUnchanged) throws InterruptedException {
    Map<String, Object> record = ProductRecords.of(node);
    String gid = (String) record.get("gid");
    String updatedAt = (String) record.get("updatedAt");
    Instant updated = Instant.parse(updatedAt);
    ProductsSplit.Seen seen = new ProductsSplit.Seen(updatedAt, record.hashCode());
    if (skipUnchanged && seen.equals(recentProducts.get(gid))) {
      return;
    }
    out.record(record, updated.toEpochMilli());
    counts.products.incrementAndGet();
    if (productsCursor == null || updated.isAfter(productsCursor)) {
      productsCursor = updated;
    }
    if (!updated.isBefore(productsCursor.minus(OVERLAP))) {
      recentProducts.put(gid, seen);
    }
  }

  /** Deletions since the cursor (minus the overlap); all of them the first time. */
  private void pollDeletions() throws InterruptedException, ShopifyApiException {
    String query =
        deletionsCursor == null ? null : "occurred_at:>='" + deletionsCursor.minus(OVERLAP) + "'";
    String after = null;
    boolean more = true;
    while (more) {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("first", PAGE);
      variables.put("after", after);
      variables.put("query", query);
      JsonNode page = call(AdminDocument.DELETION_EVENTS, variables).path("deletionEvents");
      for (JsonNode node : page.path("nodes")) {
        String gid = node.path("subjectId").asText();
        Instant occurred = Instant.parse(node.path("occurredAt").asText());
        if (recentDeletions.add(gid + "@" + occurred)) {
          out.record(ProductRecords.deleted(gid), occurred.toEpochMilli());
          counts.deletions.incrementAndGet();
        }
        if (deletionsCursor == null || occurred.isAfter(deletionsCursor)) {
          deletionsCursor = occurred;
        }
      }
      more = page.path("pageInfo").path("hasNextPage").asBoolean(false);
      after = page.path("pageInfo").path("endCursor").asText(null);
      if (deletionsCursor != null) {
        Instant from = deletionsCursor.minus(OVERLAP);
        recentDeletions.removeIf(
            key -> Instant.parse(key.substring(key.lastIndexOf('@') + 1)).isBefore(from));
      }
      out.state(state());
    }
  }

  private void forgetOutsideOverlap() {
    if (productsCursor != null) {
      Instant from = productsCursor.minus(OVERLAP);
      recentProducts.values().removeIf(s -> Instant.parse(s.updatedAt()).isBefore(from));
    }
  }

  private JsonNode products(int first, String after, String query, String sortKey, boolean reverse)
      throws InterruptedException, ShopifyApiException {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("first", first);
    variables.put("after", after);
    variables.put("query", query);
    variables.put("sortKey", sortKey);
    variables.put("reverse", reverse);
    return call(AdminDocument.PRODUCTS, variables).path("products");
  }

  ProductsSplit state() {
    return new ProductsSplit(
        fullReadDone,
        fullReadAfter,
        productsCursor == null ? null : productsCursor.toString(),
        recentProducts,
        deletionsCursor == null ? null : deletionsCursor.toString(),
        recentDeletions);
  }

  /**
   * One request: waits until the bucket should hold its cost, retries what is worth retrying for as
   * long as it takes, throws what is not.
   */
  private JsonNode call(AdminDocument document, Map<String, Object> variables)
      throws InterruptedException, ShopifyApiException {
    long backoff = FIRST_BACKOFF_MILLIS;
    int failures = 0;
    while (true) {
      waitForBudget(document);
      counts.requests.incrementAndGet();
      try {
        AdminResponse response = client.execute(document, variables);
        response.cost().ifPresent(c -> observe(document, c));
        if (failures > 0) {
          LOG.info("node {}: Shopify answers again after {} failed attempt(s)", nodeId, failures);
        }
        return response.data();
      } catch (ShopifyApiException e) {
        e.cost().ifPresent(c -> observe(document, c));
        if (!e.retryable()) {
          throw e;
        }
        failures++;
        counts.retries.incrementAndGet();
        long waitMillis;
        if (e.kind() == ShopifyApiException.Kind.THROTTLED) {
          counts.throttled.incrementAndGet();
          waitMillis = e.cost().map(CatalogueFetcher::refillMillis).orElse(1_000L);
        } else if (e.retryAfter().isPresent()) {
          waitMillis = e.retryAfter().get().toMillis();
        } else {
          waitMillis = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
        if (e.kind() != ShopifyApiException.Kind.THROTTLED) {
          LOG.warn(
              "node {}: {} ({} attempt(s) failed); retrying in {} ms",
              nodeId,
              e.getMessage(),
              failures,
              waitMillis);
        }
        Thread.sleep(Math.max(1, waitMillis));
      }
    }
  }

  /** How long until the bucket holds what the throttled request asked for. */
  private static long refillMillis(QueryCost cost) {
    double missing = cost.requested() - cost.currentlyAvailable();
    return cost.restoreRate() <= 0
        ? 1_000
        : (long) Math.ceil(Math.max(0, missing) / cost.restoreRate() * 1000);
  }

  private void observe(AdminDocument document, QueryCost cost) {
    lastRequested.put(document, cost.requested());
    lastCost = cost;
    lastCostAt = nanoClock.getAsLong();
  }

  /** Sleeps until the bucket, as last reported and refilled since, holds this document's cost. */
  private void waitForBudget(AdminDocument document) throws InterruptedException {
    Double needed = lastRequested.get(document);
    if (needed == null || lastCost == null || lastCost.restoreRate() <= 0) {
      return;
    }
    double elapsed = (nanoClock.getAsLong() - lastCostAt) / 1e9;
    double available =
        Math.min(
            lastCost.maximumAvailable(),
            lastCost.currentlyAvailable() + elapsed * lastCost.restoreRate());
    if (available < needed) {
      Thread.sleep((long) Math.ceil((needed - available) / lastCost.restoreRate() * 1000));
    }
  }
}
