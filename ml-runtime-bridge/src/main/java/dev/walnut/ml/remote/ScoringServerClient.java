package dev.walnut.ml.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.ml.batch.MicroBatcher;
import dev.walnut.ml.batch.MicroBatcher.Pending;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Calls an MLflow scoring server ({@code mlflow models serve}) with micro-batches: records are
 * collected until {@code maxBatch} or {@code maxWait}, sent as one {@code POST /invocations} with
 * {@code dataframe_split}, and each record's future completes with its row of {@code predictions}.
 * Failed requests (connection errors, HTTP 5xx/429, timeouts) are retried with exponential
 * back-off; at most {@code maxInFlight} requests are outstanding, further batches wait. Client
 * errors (HTTP 4xx: bad input) fail the batch's records with the server's message.
 */
public final class ScoringServerClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  /** Tuning of batching, timeouts and retries. */
  public record Settings(
      int maxBatch,
      Duration maxWait,
      Duration timeout,
      int maxRetries,
      Duration initialBackoff,
      int maxInFlight)
      implements java.io.Serializable {
    public Settings {
      if (maxBatch < 1 || maxInFlight < 1 || maxRetries < 0) {
        throw new IllegalArgumentException(
            "maxBatch and maxInFlight must be at least 1 and maxRetries at least 0");
      }
    }

    public static Settings defaults() {
      return new Settings(
          32, Duration.ofMillis(5), Duration.ofSeconds(10), 5, Duration.ofMillis(100), 4);
    }
  }

  private final HttpUrl invocations;
  private final Settings settings;
  private final OkHttpClient http;
  // retries wait here without holding the batcher's worker
  private final ScheduledExecutorService timer;
  private final Semaphore inFlight;
  private final MicroBatcher<Map<String, Object>, Object> batcher;

  public ScoringServerClient(String scoringUrl, Settings settings) {
    HttpUrl base = HttpUrl.parse(scoringUrl);
    if (base == null) {
      throw new IllegalArgumentException(
          "scoring server URL must look like http://127.0.0.1:5001, got `" + scoringUrl + "`");
    }
    this.invocations = base.newBuilder().addPathSegment("invocations").build();
    this.settings = settings;
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(settings.timeout())
            .connectTimeout(settings.timeout())
            .build();
    this.http.dispatcher().setMaxRequestsPerHost(settings.maxInFlight());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "walnut-scoring-retries");
              t.setDaemon(true);
              return t;
            });
    this.inFlight = new Semaphore(settings.maxInFlight());
    this.batcher =
        new MicroBatcher<>(
            "walnut-scoring-batcher",
            settings.maxBatch(),
            settings.maxWait(),
            settings.maxBatch() * (settings.maxInFlight() + 1) * 4,
            this::send);
  }

  /** Queues one record; the future completes with its prediction (a value or a record). */
  public CompletableFuture<Object> predict(Map<String, Object> inputs) {
    return batcher.submit(inputs);
  }

  private void send(List<Pending<Map<String, Object>, Object>> records) {
    // bounded in-flight: the batcher's worker waits here for a slot, so records queue up behind
    inFlight.acquireUninterruptibly();
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(dataframeSplit(records));
    } catch (IOException | RuntimeException e) {
      inFlight.release();
      records.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    attempt(records, body, 0);
  }

  private void attempt(
      List<Pending<Map<String, Object>, Object>> records, byte[] body, int attempt) {
    Request request =
        new Request.Builder().url(invocations).post(RequestBody.create(body, JSON_TYPE)).build();
    http.newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                retryOrFail(records, body, attempt, "request failed: " + e.getMessage(), e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  String text = response.body() == null ? "" : response.body().string();
                  if (response.code() >= 500 || response.code() == 429) {
                    retryOrFail(
                        records, body, attempt, "HTTP " + response.code() + ": " + text, null);
                    return;
                  }
                  inFlight.release();
                  if (!response.isSuccessful()) {
                    fail(
                        records,
                        new IllegalArgumentException(
                            "the scoring server rejected the input (HTTP "
                                + response.code()
                                + "): "
                                + text));
                    return;
                  }
                  complete(records, JSON.readTree(text));
                } catch (IOException | RuntimeException e) {
                  fail(records, e);
                }
              }
            });
  }

  private void retryOrFail(
      List<Pending<Map<String, Object>, Object>> records,
      byte[] body,
      int attempt,
      String why,
      Throwable cause) {
    if (attempt >= settings.maxRetries()) {
      inFlight.release();
      fail(
          records,
          new IllegalStateException(
              "scoring server "
                  + invocations
                  + " failed after "
                  + (attempt + 1)
                  + " attempts: "
                  + why,
              cause));
      return;
    }
    long backoff = settings.initialBackoff().toMillis() << Math.min(attempt, 10);
    timer.schedule(() -> attempt(records, body, attempt + 1), backoff, TimeUnit.MILLISECONDS);
  }

  private static void fail(List<Pending<Map<String, Object>, Object>> records, Throwable e) {
    records.forEach(p -> p.result().completeExceptionally(e));
  }

  private static void complete(List<Pending<Map<String, Object>, Object>> records, JsonNode answer)
      throws IOException {
    JsonNode predictions = answer.path("predictions");
    if (!predictions.isArray() || predictions.size() != records.size()) {
      throw new IllegalStateException(
          "the scoring server answered "
              + (predictions.isArray()
                  ? predictions.size() + " predictions"
                  : "no `predictions` list")
              + " for "
              + records.size()
              + " records");
    }
    for (int i = 0; i < records.size(); i++) {
      records.get(i).result().complete(JSON.treeToValue(predictions.get(i), Object.class));
    }
  }

  private static ObjectNode dataframeSplit(List<Pending<Map<String, Object>, Object>> records) {
    Set<String> columns = new LinkedHashSet<>();
    records.forEach(p -> columns.addAll(p.input().keySet()));
    ObjectNode split = JSON.createObjectNode();
    ArrayNode cols = split.putArray("columns");
    columns.forEach(cols::add);
    ArrayNode data = split.putArray("data");
    for (Pending<Map<String, Object>, Object> p : records) {
      ArrayNode row = data.addArray();
      for (String c : columns) {
        row.add(JSON.valueToTree(p.input().get(c)));
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("dataframe_split", split);
    return body;
  }

  /**
   * A prediction as a record: a JSON object stays one, a plain value becomes {@code prediction}.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asRecord(Object prediction) {
    if (prediction instanceof Map<?, ?> m) {
      return new LinkedHashMap<>((Map<String, Object>) m);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("prediction", prediction);
    return r;
  }

  @Override
  public void close() {
    batcher.close();
    timer.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
