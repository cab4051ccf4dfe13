package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.metrics.MetricGroup;

/** The per-task runtime of an {@link EnricherComponent}. Exactly one of its sub-interfaces. */
@PublicEvolving
public sealed interface Enricher extends Serializable permits Enricher.Sync, Enricher.Async {

  /** Opens per-task resources (clients, sessions). Called once per parallel subtask. */
  default void open(MetricGroup metrics) throws Exception {}

  default void close() throws Exception {}

  /** Computes the value synchronously, on the processing thread. */
  non-sealed interface Sync extends Enricher {
    Object enrich(Variables context) throws Exception;
  }

  /** Computes the value without blocking the processing thread. */
  non-sealed interface Async extends Enricher {
    CompletableFuture<Object> enrich(Variables context);

    /** How many records may wait for an answer at once per subtask (back-pressure beyond). */
    default int capacity() {
      return 100;
    }

    /** How long one record may wait before the job fails with a timeout. */
    default Duration timeout() {
      return Duration.ofSeconds(30);
    }
  }
}
