package dev.walnut.shopify.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.AdminDocument;
import dev.walnut.shopify.admin.AdminResponse;
import dev.walnut.shopify.admin.QueryCost;
import dev.walnut.shopify.admin.ShopifyApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes shoppers' recommendations to Shopify metaobjects within the shop's rate limit.
 *
 * <ul>
 *   <li>Coalesces: only the latest update per handle waits; it is written once it has waited the
 *       coalescing interval (or at {@link #flush()}).
 *   <li>Skips writes whose content is what it last wrote for the handle.
 *   <li>Paces by the cost bucket ({@link CostPacer}), so steady state sees no THROTTLED.
 *   <li>Retries THROTTLED, 429, 5xx and timeouts with jittered exponential back-off; a handle is
 *       written by one request at a time, so writes of one handle never overtake each other.
 *   <li>When many handles wait (a backfill), writes them in one bulk operation instead.
 * </ul>
 *
 * Thread-safe; {@link #offer} does not block unless {@code maxPending} handles wait.
 */
public final class RecommendationWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecommendationWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double UPSERT_COST = 10;
  // Short enough that writes resume within seconds of an outage's end; Retry-After overrides it.
  private static final long MAX_BACKOFF_MILLIS = 8_000;
  private static final int MAX_PENDING = 2_000_000;
  // Shopify takes bulk variable files of up to 100 MB; an upsert line is well under 1 kB.
  private static final int MAX_BULK_LINES = 100_000;

  private final AdminClient client;
  private final String type;
  private final WriterSettings settings;
  private final WriterMetrics metrics = new WriterMetrics();
  private final CostPacer pacer;
  private final LongSupplier nanoClock;
  private final Object lock = new Object();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  // handle -> the update being written for it (what a checkpoint must keep until it is written)
  private final Map<String, RecommendationUpdate> inFlight = new HashMap<>();
  private final Map<String, Map<String, String>> lastWritten = new HashMap<>();
  private final List<Thread> workers = new ArrayList<>();
  private int flushing;
  private boolean bulkRunning;
  private boolean bulkRequested;
  private volatile boolean closed;
  private volatile RuntimeException fatal;

  private record Pending(RecommendationUpdate update, long since) {}

  /**
   * @param type the metaobject type, as Shopify resolved it ({@code app--<id>--recommendations})
   */
  public RecommendationWriter(AdminClient client, String type, WriterSettings settings) {
    this(client, type, settings, System::nanoTime);
  }

  RecommendationWriter(
      AdminClient client, String type, WriterSettings settings, LongSupplier nanoClock) {
    this.client = client;
    this.type = type;
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.pacer = new CostPacer(settings.plan(), nanoClock);
    for (int i = 0; i < settings.concurrency(); i++) {
      Thread t = new Thread(this::work, "shopify-writer-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
  }

  public WriterMetrics metrics() {
    return metrics;
  }

  /** Points the pacer believes are in the bucket now. */
  public double availablePoints() {
    return pacer.available();
  }

  /** The restore rate in use (points per second). */
  public double restoreRate() {
    return pacer.restoreRate();
  }

  /** Handles waiting to be written. */
  public int backlog() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** Queues an update; a waiting older update of the same handle is replaced (coalesced). */
  public void offer(RecommendationUpdate update) throws InterruptedException {
    throwIfFailed();
    metrics.received.incrementAndGet();
    synchronized (lock) {
      while (pending.size() >= MAX_PENDING && !closed) {
        lock.wait(100);
      }
      Pending previous = pending.get(update.handle());
      if (previous != null) {
        metrics.coalesced.incrementAndGet();
        // keeps its place in the line (LinkedHashMap keeps the first insertion's position)
        pending.put(update.handle(), new Pending(update, previous.since()));
      } else {
        pending.put(update.handle(), new Pending(update, nanoClock.getAsLong()));
      }
      lock.notifyAll();
    }
  }

  /**
   * The updates not yet written (being written, or waiting), oldest first: what a checkpoint keeps
   * so that a restored job writes them, instead of the checkpoint waiting for Shopify.
   *
   * @throws IllegalStateException if the writer failed for good
   */
  public List<RecommendationUpdate> unwritten() {
    throwIfFailed();
    synchronized (lock) {
      List<RecommendationUpdate> out = new ArrayList<>(inFlight.size() + pending.size());
      out.addAll(inFlight.values());
      pending.values().forEach(p -> out.add(p.update()));
      return out;
    }
  }

  /**
   * Writes everything offered so far, without waiting for the coalescing interval, and returns when
   * it is written (at the end of a bounded input; checkpoints keep {@link #unwritten()} instead).
   *
   * @throws IllegalStateException if the writer failed for good (e.g. the token was refused)
   */
  public void flush() throws InterruptedException {
    synchronized (lock) {
      flushing++;
      lock.notifyAll();
      try {
        while ((!pending.isEmpty() || !inFlight.isEmpty()) && fatal == null) {
          lock.wait(200);
        }
      } finally {
        flushing--;
      }
    }
    throwIfFailed();
  }

  /**
   * Writes everything waiting in one bulk operation (a backfill), whatever the bulk threshold, then
   * flushes what is left.
   */
  public void flushInBulk() throws InterruptedException {
    synchronized (lock) {
      bulkRequested = true;
      lock.notifyAll();
    }
    try {
      flush();
    } finally {
      synchronized (lock) {
        bulkRequested = false;
      }
    }
  }

  private void throwIfFailed() {
    if (fatal != null) {
      throw fatal;
    }
  }

  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    for (Thread t : workers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void work() {
    try {
      while (!closed) {
        List<RecommendationUpdate> batch = next();
        if (batch.size() == 1) {
          writeOne(batch.get(0));
        } else {
          writeBulk(batch);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (fatal == null) {
        fatal = new IllegalStateException("Shopify writer failed: " + e.getMessage(), e);
      }
      LOG.error("Shopify writer stopped: {}", e.getMessage());
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  /** Takes the next update that is due (or a bulk batch), marking its handles in flight. */
  private List<RecommendationUpdate> next() throws InterruptedException {
    synchronized (lock) {
      while (true) {
        if (closed) {
          throw new InterruptedException("closed");
        }
        long now = nanoClock.getAsLong();
        long coalesceNanos = settings.coalesce().toNanos();
        boolean bulkDue =
            bulkRequested
                || (settings.bulkThreshold() > 0 && pending.size() >= settings.bulkThreshold());
        if (bulkDue && !bulkRunning && pending.size() > 1) {
          bulkRequested = false;
          List<RecommendationUpdate> batch = new ArrayList<>();
          Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
          while (it.hasNext() && batch.size() < MAX_BULK_LINES) {
            Map.Entry<String, Pending> e = it.next();
            if (!inFlight.containsKey(e.getKey())) {
              batch.add(e.getValue().update());
              inFlight.put(e.getKey(), e.getValue().update());
              it.remove();
            }
          }
          if (batch.size() > 1) {
            bulkRunning = true;
            return batch;
          }
          batch.forEach(u -> inFlight.remove(u.handle()));
          batch.forEach(u -> pending.putIfAbsent(u.handle(), new Pending(u, now)));
        }
        long nextDue = Long.MAX_VALUE;
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
          if (inFlight.containsKey(e.getKey())) {
            continue;
          }
          long due = e.getValue().since() + coalesceNanos;
          if (flushing > 0 || due <= now) {
            pending.remove(e.getKey());
            inFlight.put(e.getKey(), e.getValue().update());
            return List.of(e.getValue().update());
          }
          // entries are in arrival order, so the first not-in-flight one is due first
          nextDue = due;
          break;
        }
        long waitMillis =
            nextDue == Long.MAX_VALUE ? 1000 : Math.max(1, (nextDue - now) / 1_000_000);
        lock.wait(Math.min(waitMillis, 1000));
      }
    }
  }

  private void done(String handle) {
    synchronized (lock) {
      inFlight.remove(handle);
      lock.notifyAll();
    }
  }

  /** A newer update of the handle that arrived while it was in flight, taken over if present. */
  private RecommendationUpdate newerOrSame(RecommendationUpdate current) {
    synchronized (lock) {
      Pending newer = pending.remove(current.handle());
      if (newer != null) {
        metrics.coalesced.incrementAndGet();
        inFlight.put(current.handle(), newer.update());
        return newer.update();
      }
      return current;
    }
  }

  private boolean unchanged(RecommendationUpdate u) {
    synchronized (lastWritten) {
      return u.content().equals(lastWritten.get(u.handle()));
    }
  }

  private void remember(RecommendationUpdate u) {
    synchronized (lastWritten) {
      lastWritten.put(u.handle(), u.content());
    }
  }

  private void writeOne(RecommendationUpdate first) throws InterruptedException {
    RecommendationUpdate update = first;
    try {
      int attempt = 0;
      while (true) {
        if (unchanged(update)) {
          metrics.skippedUnchanged.incrementAndGet();
          return;
        }
        pacer.acquire(UPSERT_COST);
        try {
          AdminResponse response =
              client.execute(AdminDocument.UPSERT, update.upsertVariables(type));
          observe(response, UPSERT_COST);
          JsonNode errors = response.data().path("metaobjectUpsert").path("userErrors");
          if (errors.isArray() && !errors.isEmpty()) {
            metrics.failed.incrementAndGet();
            LOG.error(
                "Shopify rejected the recommendations of `{}`: {} (not retried)",
                update.handle(),
                errors);
            return;
          }
          metrics.writes.incrementAndGet();
          remember(update);
          return;
        } catch (ShopifyApiException e) {
          observe(e, UPSERT_COST);
          if (!e.retryable()) {
            throw fail("writing recommendations to Shopify failed: " + e.getMessage(), e);
          }
          metrics.retries.incrementAndGet();
          if (e.kind() == ShopifyApiException.Kind.THROTTLED
              || e.kind() == ShopifyApiException.Kind.TOO_MANY_REQUESTS) {
            metrics.throttled.incrementAndGet();
          }
          backOff(attempt++, e);
          update = newerOrSame(update);
        }
      }
    } finally {
      done(update.handle());
    }
  }

  private void observe(AdminResponse response, double acquired) {
    if (response.cost().isPresent()) {
      QueryCost cost = response.cost().get();
      if (cost.actual() >= 0) {
        metrics.pointsUsed.add(cost.actual());
      }
      pacer.observe(cost, true, acquired);
    } else {
      pacer.release(acquired);
    }
  }

  private void observe(ShopifyApiException e, double acquired) {
    if (e.cost().isPresent()) {
      pacer.observe(e.cost().get(), false, acquired);
    } else {
      pacer.release(acquired);
    }
  }

  /** Records a failure that stops the writer, before its handles are released. */
  private IllegalStateException fail(String message, Exception cause) {
    IllegalStateException e = new IllegalStateException(message, cause);
    fatal = e;
    return e;
  }

  private static void backOff(int attempt, ShopifyApiException e) throws InterruptedException {
    long base = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(attempt, 7));
    long millis = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    if (e.retryAfter().isPresent()) {
      // Shopify said when to come back: no sooner, and no later than that plus a little jitter
      long asked = e.retryAfter().get().toMillis();
      millis = asked + ThreadLocalRandom.current().nextLong(Math.max(1, asked / 10) + 1);
    }
    LOG.warn("Shopify call failed ({}), retrying in {} ms", e.getMessage(), millis);
    Thread.sleep(millis);
  }

  /** Writes a backlog in one bulk operation: stage the JSONL, run the mutation, poll. */
  private void writeBulk(List<RecommendationUpdate> batch) throws InterruptedException {
    List<RecommendationUpdate> changed = new ArrayList<>();
    for (RecommendationUpdate u : batch) {
      if (unchanged(u)) {
        metrics.skippedUnchanged.incrementAndGet();
      } else {
        changed.add(u);
      }
    }
    boolean written = false;
    try {
      if (changed.isEmpty()) {
        written = true;
        return;
      }
      int attempt = 0;
      while (!written) {
        try {
          runBulk(changed);
          written = true;
        } catch (ShopifyApiException e) {
          if (!e.retryable()) {
            throw fail("bulk write to Shopify failed: " + e.getMessage(), e);
          }
          metrics.retries.incrementAndGet();
          backOff(attempt++, e);
        }
      }
      changed.forEach(this::remember);
    } finally {
      synchronized (lock) {
        for (RecommendationUpdate u : batch) {
          inFlight.remove(u.handle());
        }
        bulkRunning = false;
        lock.notifyAll();
      }
    }
  }

  private void runBulk(List<RecommendationUpdate> updates)
      throws ShopifyApiException, InterruptedException {
    StringBuilder jsonl = new StringBuilder();
    for (RecommendationUpdate u : updates) {
      try {
        jsonl.append(JSON.writeValueAsString(u.upsertVariables(type))).append('\n');
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    AdminResponse staged =
        call(
            AdminDocument.STAGED_UPLOAD,
            Map.of(
                "input",
                List.of(
                    Map.of(
                        "resource", "BULK_MUTATION_VARIABLES",
                        "filename", "recommendations.jsonl",
                        "mimeType", "text/jsonl",
                        "httpMethod", "POST"))));
    JsonNode target = staged.data().path("stagedUploadsCreate").path("stagedTargets").path(0);
    if (target.isMissingNode()) {
      throw new ShopifyApiException(
          ShopifyApiException.Kind.REJECTED,
          "stagedUploadsCreate gave no target: " + staged.data(),
          null,
          null);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    target
        .path("parameters")
        .forEach(p -> parameters.put(p.path("name").asText(), p.path("value").asText()));
    client.upload(
        target.path("url").asText(),
        parameters,
        jsonl.toString().getBytes(StandardCharsets.UTF_8),
        "text/jsonl");
    AdminResponse run =
        call(
            AdminDocument.BULK_RUN,
            Map.of(
                "mutation",
                AdminDocument.UPSERT.text(),
                "stagedUploadPath",
                parameters.get("key")));
    JsonNode payload = run.data().path("bulkOperationRunMutation");
    JsonNode errors = payload.path("userErrors");
    if (errors.isArray() && !errors.isEmpty()) {
      boolean busy = "OPERATION_IN_PROGRESS".equals(errors.get(0).path("code").asText());
      throw new ShopifyApiException(
          busy ? ShopifyApiException.Kind.SERVER_ERROR : ShopifyApiException.Kind.REJECTED,
          "bulkOperationRunMutation: " + errors,
          null,
          null);
    }
    String id = payload.path("bulkOperation").path("id").asText();
    metrics.bulkOperations.incrementAndGet();
    while (true) {
      Thread.sleep(settings.bulkPollInterval().toMillis());
      JsonNode op = call(AdminDocument.BULK_POLL, Map.of("id", id)).data().path("node");
      String status = op.path("status").asText();
      if (status.equals("COMPLETED")) {
        countBulkResults(op.path("url").asText(null), updates.size());
        return;
      } else if (status.equals("FAILED") || status.equals("CANCELED") || status.equals("EXPIRED")) {
        throw new ShopifyApiException(
            ShopifyApiException.Kind.SERVER_ERROR,
            "bulk operation "
                + id
                + " ended "
                + status
                + " ("
                + op.path("errorCode").asText()
                + ")",
            null,
            null);
      }
    }
  }

  private void countBulkResults(String url, int lines) throws ShopifyApiException {
    long failed = 0;
    if (url != null) {
      for (String line : client.download(url).split("\n")) {
        if (line.contains("\"userErrors\":[{")) {
          failed++;
          LOG.error("Shopify rejected a bulk-written recommendation: {}", line);
        }
      }
    }
    metrics.failed.addAndGet(failed);
    metrics.bulkWrites.addAndGet(lines - failed);
  }

  /** A bulk-flow call, paced like the upserts (10 points assumed; Shopify's figure corrects it). */
  private AdminResponse call(AdminDocument document, Map<String, ?> variables)
      throws ShopifyApiException, InterruptedException {
    pacer.acquire(UPSERT_COST);
    try {
      AdminResponse r = client.execute(document, variables);
      observe(r, UPSERT_COST);
      return r;
    } catch (ShopifyApiException e) {
      observe(e, UPSERT_COST);
      throw e;
    }
  }
}
