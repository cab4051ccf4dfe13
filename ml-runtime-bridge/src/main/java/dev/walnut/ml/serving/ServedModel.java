package dev.walnut.ml.serving;

import dev.walnut.ml.mlflow.MlModel;
import dev.walnut.ml.mlflow.MlflowClient;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.onnx.OnnxModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX model from the MLflow registry, served in-process and hot-swapped: when it follows an
 * alias, a watcher thread polls the alias; when the alias moves, the new version is downloaded and
 * loaded on that thread, then swapped in atomically. Calls already running finish on the old
 * session, which is closed once the last one returns. If MLflow is unreachable or the new version
 * does not load, the current version keeps serving and the failure is logged and counted.
 *
 * <p>A version whose inputs or outputs ({@link ModelContract}) differ from the ones the caller was
 * validated with is not swapped in: the current version keeps serving, the refusal is counted
 * ({@link #swapsRefused}) and logged once per refused version, and later versions are still
 * checked. Without a validated contract, the first version served sets it.
 */
public final class ServedModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServedModel.class);

  private record Loaded(String version, OnnxModel model, MlModel meta, ModelContract contract) {}

  private final ModelRef ref;
  private final MlflowClient client;
  private final ModelCache cache;
  private final Consumer<OnnxModel> check;
  private final ScheduledExecutorService watcher;
  private final AtomicLong swaps = new AtomicLong();
  private final AtomicLong refreshFailures = new AtomicLong();
  private final AtomicLong swapsRefused = new AtomicLong();
  // versions whose contract differs: never downloaded or loaded again (versions are immutable)
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final ModelContract validated;
  private volatile Loaded current;
  private volatile String lastError;
  private volatile boolean closed;

  private ServedModel(
      ModelRef ref,
      MlflowClient client,
      ModelCache cache,
      Duration poll,
      Consumer<OnnxModel> check,
      ModelContract validated) {
    this.ref = ref;
    this.client = client;
    this.cache = cache;
    this.check = check;
    String target = ref.resolve(client);
    Loaded first = load(target);
    if (validated != null && !target.equals(validated.version())) {
      // the alias moved between validation and start: serve the validated version if the one it
      // points to now does not fit the scenario
      List<String> differences = first.contract().differencesFrom(validated);
      if (!differences.isEmpty()) {
        first.model().release();
        first = load(validated.version());
        refuse(target, differences, validated.version());
      }
    }
    this.validated = validated != null ? validated : first.contract();
    this.current = first;
    if (ref.moves()) {
      watcher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "walnut-model-watcher-" + ref.name());
                t.setDaemon(true);
                return t;
              });
      long ms = poll.toMillis();
      watcher.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      watcher = null;
    }
  }

  /**
   * Loads the model (resolving the alias once) and, for an alias, starts watching it every {@code
   * poll}. Fails with a clear message if the model cannot be served at all.
   */
  public static ServedModel open(ModelRef ref, ModelCache cache, Duration poll) {
    return open(ref, cache, poll, m -> {}, null);
  }

  /**
   * Like {@link #open(ModelRef, ModelCache, Duration)} for a caller validated against {@code
   * validated} (the contract of the version resolved when the job was compiled): a version whose
   * inputs or outputs differ is never served. If the alias points to such a version already when
   * opening, the validated version is served instead (and the refusal counted).
   */
  public static ServedModel open(
      ModelRef ref, ModelCache cache, Duration poll, ModelContract validated) {
    return open(ref, cache, poll, m -> {}, validated);
  }

  /**
   * Like {@link #open(ModelRef, ModelCache, Duration)}, with a check every version must pass before
   * it is served (e.g. that its inputs are ones the caller can feed); a new version that fails it
   * is not swapped in, like one that does not load.
   */
  public static ServedModel open(
      ModelRef ref, ModelCache cache, Duration poll, Consumer<OnnxModel> check) {
    return open(ref, cache, poll, check, null);
  }

  private static ServedModel open(
      ModelRef ref,
      ModelCache cache,
      Duration poll,
      Consumer<OnnxModel> check,
      ModelContract validated) {
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("the alias poll interval must be positive, got " + poll);
    }
    MlflowClient client = MlflowClient.create(ref.trackingUri(), Duration.ofSeconds(30));
    try {
      return new ServedModel(ref, client, cache, poll, check, validated);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private Loaded load(String version) {
    Path dir = cache.fetch(client, ref.name(), version);
    MlModel meta = MlModel.read(dir);
    String file =
        meta.onnxFile()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model `"
                            + ref.name()
                            + "` version "
                            + version
                            + " has no onnx flavor (flavors: "
                            + meta.flavors().keySet()
                            + "); serve it with `mlflow models serve` and use the remote path"));
    OnnxModel model = OnnxModel.load(dir.resolve(file), meta.onnxSessionOptions());
    try {
      check.accept(model);
    } catch (RuntimeException e) {
      model.release();
      throw new IllegalArgumentException(
          "model `" + ref.name() + "` version " + version + ": " + e.getMessage(), e);
    }
    return new Loaded(version, model, meta, ModelContract.of(version, meta, model));
  }

  private void refuse(String version, List<String> differences, String serving) {
    refused.add(version);
    swapsRefused.incrementAndGet();
    LOG.warn(
        "model `{}` version {} was not swapped in: {}; still serving version {} (point {} at a"
            + " version with the same inputs and outputs, or redeploy the scenario to validate it"
            + " against version {})",
        ref.name(),
        version,
        String.join("; ", differences),
        serving,
        ref.selector(),
        version);
  }

  /** Runs the current version on one record. */
  public Prediction predict(Map<String, ?> inputs) {
    Loaded m = retainCurrent();
    try {
      return new Prediction(m.version(), m.model().predict(inputs));
    } finally {
      m.model().release();
    }
  }

  /**
   * Runs the current version on several records at once (one ONNX call when the model batches). The
   * whole batch runs on one version, even if a swap happens meanwhile.
   */
  public BatchPrediction predictAll(List<? extends Map<String, ?>> records) {
    Loaded m = retainCurrent();
    try {
      return new BatchPrediction(m.version(), m.model().predictAll(records));
    } finally {
      m.model().release();
    }
  }

  /**
   * Runs {@code call} on the current version's session (for callers that feed their own tensors,
   * e.g. embeddings); the session stays open until it returns, even if a swap happens meanwhile.
   */
  public <T> T apply(Function<OnnxModel, T> call) {
    Loaded m = retainCurrent();
    try {
      return call.apply(m.model());
    } finally {
      m.model().release();
    }
  }

  /** The outcomes of {@link #predictAll}, in record order, and the version that produced them. */
  public record BatchPrediction(String modelVersion, List<OnnxModel.Outcome> outcomes) {}

  private Loaded retainCurrent() {
    Loaded m;
    do {
      if (closed) {
        throw new IllegalStateException("model " + ref + " is closed");
      }
      m = current;
    } while (!m.model().retain()); // lost a race with a swap: take the new one
    return m;
  }

  /**
   * Checks the alias once and swaps if it moved. Public so tests and operators can force a check;
   * the watcher calls it every poll interval.
   *
   * @return whether a new version was swapped in; false too when the new version's inputs or
   *     outputs differ from the validated ones (then counted in {@link #swapsRefused})
   */
  public boolean refresh() {
    if (!ref.moves() || closed) {
      return false;
    }
    String target = ref.resolve(client);
    Loaded old = current;
    if (target.equals(old.version()) || refused.contains(target)) {
      return false;
    }
    Loaded fresh = load(target);
    List<String> differences = fresh.contract().differencesFrom(validated);
    if (!differences.isEmpty()) {
      fresh.model().release();
      refuse(target, differences, old.version());
      return false;
    }
    synchronized (this) {
      if (closed) {
        fresh.model().release();
        return false;
      }
      current = fresh;
    }
    old.model().release();
    swaps.incrementAndGet();
    LOG.info(
        "model {}: {} moved, now serving version {} (was {})",
        ref.name(),
        ref.selector(),
        target,
        old.version());
    return true;
  }

  private void refreshQuietly() {
    try {
      refresh();
      lastError = null;
    } catch (RuntimeException e) {
      refreshFailures.incrementAndGet();
      String message = e.getMessage();
      if (!Objects.equals(message, lastError)) {
        LOG.warn(
            "model {}: still serving version {}; refreshing failed: {}",
            ref,
            current.version(),
            message);
      }
      lastError = message;
    }
  }

  public String currentVersion() {
    return current.version();
  }

  public MlModel metadata() {
    return current.meta();
  }

  public OnnxModel onnx() {
    return current.model();
  }

  /** How many times a new version was swapped in. */
  public long swaps() {
    return swaps.get();
  }

  /**
   * How many versions were not swapped in because their inputs or outputs differ from the validated
   * ones (each refused version counts once).
   */
  public long swapsRefused() {
    return swapsRefused.get();
  }

  /** The inputs and outputs every version served must have. */
  public ModelContract validatedContract() {
    return validated;
  }

  /** How many alias checks failed (MLflow unreachable, a version that does not load…). */
  public long refreshFailures() {
    return refreshFailures.get();
  }

  /** The message of the last failed check, or null once a check succeeds again. */
  public String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    Loaded last;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      last = current;
    }
    if (watcher != null) {
      watcher.shutdownNow();
    }
    last.model().release();
    client.close();
  }
}
