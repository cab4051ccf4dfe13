package dev.walnut.ml.component;

import dev.walnut.ml.mlflow.MlflowClient;
import dev.walnut.ml.serving.ModelRef;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version an alias (or stage) points to, for the remote path, which does not load the model:
 * resolved when opened, then checked every poll interval on a daemon thread. When MLflow cannot be
 * asked, the last known version stays and the failure is logged once.
 */
final class AliasWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AliasWatch.class);

  private final ModelRef ref;
  private final MlflowClient client;
  private final ScheduledExecutorService timer;
  private volatile String version;
  private String lastError;

  private AliasWatch(ModelRef ref, MlflowClient client, Duration poll) {
    this.ref = ref;
    this.client = client;
    this.version = ref.resolve(client);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "walnut-alias-watch-" + ref.name());
              t.setDaemon(true);
              return t;
            });
    long ms = poll.toMillis();
    timer.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Resolves the alias once and starts watching it.
   *
   * @throws IllegalStateException when MLflow cannot be asked or the alias does not exist
   */
  static AliasWatch start(ModelRef ref, Duration poll) {
    MlflowClient client = MlflowClient.create(ref.trackingUri(), Duration.ofSeconds(10));
    try {
      return new AliasWatch(ref, client, poll);
    } catch (RuntimeException e) {
      client.close();
      throw new IllegalStateException(
          "cannot resolve " + ref + " for the scoring server's model version: " + e.getMessage(),
          e);
    }
  }

  String version() {
    return version;
  }

  private void check() {
    try {
      String now = ref.resolve(client);
      if (!now.equals(version)) {
        LOG.info("model {}: {} moved to version {}", ref.name(), ref.selector(), now);
      }
      version = now;
      lastError = null;
    } catch (RuntimeException e) {
      if (!Objects.equals(e.getMessage(), lastError)) {
        LOG.warn("model {}: still reporting version {}: {}", ref, version, e.getMessage());
      }
      lastError = e.getMessage();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    client.close();
  }
}
