package dev.walnut.embedded.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Staged uploads and bulk mutations: a JSONL file of variables is uploaded, then the mutation runs
 * once per line in the background, outside the cost bucket (as on Shopify), and the results are
 * kept as a JSONL file the operation's {@code url} points at.
 */
final class BulkOperations {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The state of one bulk operation. */
  static final class Operation {
    final String id;
    final Instant createdAt;
    volatile String status = "CREATED";
    volatile String errorCode;
    volatile long objectCount;
    volatile long rootObjectCount;
    volatile Instant completedAt;
    volatile byte[] results;

    Operation(String id, Instant createdAt) {
      this.id = id;
      this.createdAt = createdAt;
    }

    Map<String, Object> shape(String baseUrl) {
      Map<String, Object> m = new HashMap<>();
      m.put("__typename", "BulkOperation");
      m.put("id", id);
      m.put("status", status);
      m.put("type", "MUTATION");
      m.put("errorCode", errorCode);
      m.put("objectCount", String.valueOf(objectCount));
      m.put("rootObjectCount", String.valueOf(rootObjectCount));
      m.put("fileSize", results == null ? null : String.valueOf(results.length));
      m.put("url", results == null ? null : baseUrl + "/bulk-results/" + numericId() + ".jsonl");
      m.put("partialDataUrl", null);
      m.put("createdAt", createdAt.toString());
      m.put("completedAt", completedAt == null ? null : completedAt.toString());
      m.put("query", "");
      return m;
    }

    String numericId() {
      return id.substring(id.lastIndexOf('/') + 1);
    }
  }

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(5000);
  private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private final AtomicLong bulkUpserts = new AtomicLong();
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "local-shopify-bulk");
            t.setDaemon(true);
            return t;
          });
  private volatile Operation current;

  BulkOperations(Clock clock) {
    this.clock = clock;
  }

  /** A new staged upload target: the key the client posts with its file. */
  String newUploadKey() {
    return "tmp/walnut/bulk/" + ids.incrementAndGet() + "/bulk_op_vars";
  }

  void storeUpload(String key, byte[] content) {
    uploads.put(key, content);
  }

  Optional<Operation> operation(String id) {
    return Optional.ofNullable(operations.get(id));
  }

  Optional<Operation> byNumericId(String numericId) {
    return Optional.ofNullable(operations.get("gid://shopify/BulkOperation/" + numericId));
  }

  Optional<Operation> current() {
    return Optional.ofNullable(current);
  }

  long bulkUpserts() {
    return bulkUpserts.get();
  }

  /**
   * Starts a bulk mutation, or explains why not: {@code executor} runs the mutation with one line's
   * variables and answers the line's result.
   */
  Object start(
      String stagedUploadPath,
      BiFunction<String, Map<String, Object>, Map<String, Object>> executor,
      String mutation) {
    byte[] file = uploads.remove(stagedUploadPath);
    if (file == null) {
      return "The staged upload `" + stagedUploadPath + "` does not exist (upload the file first)";
    }
    Operation running = current;
    if (running != null && (running.status.equals("CREATED") || running.status.equals("RUNNING"))) {
      return "A bulk mutation operation for this app and shop is already in progress: "
          + running.id;
    }
    Operation op =
        new Operation("gid://shopify/BulkOperation/" + ids.incrementAndGet(), clock.instant());
    operations.put(op.id, op);
    current = op;
    runner.execute(() -> run(op, new String(file, StandardCharsets.UTF_8), executor, mutation));
    return op;
  }

  private void run(
      Operation op,
      String jsonl,
      BiFunction<String, Map<String, Object>, Map<String, Object>> executor,
      String mutation) {
    op.status = "RUNNING";
    StringBuilder results = new StringBuilder();
    try (BufferedReader lines = new BufferedReader(new StringReader(jsonl))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = JSON.readValue(line, Map.class);
        Map<String, Object> result = executor.apply(mutation, variables);
        results.append(JSON.writeValueAsString(result)).append('\n');
        op.rootObjectCount++;
        op.objectCount++;
        bulkUpserts.incrementAndGet();
      }
      op.results = results.toString().getBytes(StandardCharsets.UTF_8);
      op.status = "COMPLETED";
    } catch (Exception e) {
      op.errorCode = "INTERNAL_SERVER_ERROR";
      op.status = "FAILED";
    }
    op.completedAt = clock.instant();
  }

  void close() {
    runner.shutdownNow();
  }
}
