package dev.walnut.designer.runtime;

import java.time.Duration;
import java.util.List;

/**
 * The values one {@code collect} sink keeps, as the designer's live view reads them: first the
 * newest ones kept so far, then new ones as they come. {@link ScenarioRuntime#tail} picks where
 * they are read from: the sink's buffer in this JVM (local cluster) or the scenario's debug topic
 * (remote cluster, see {@link DebugTopicTail}).
 */
public interface CollectTail extends AutoCloseable {

  /** The newest values the sink kept before the tail started, oldest first. */
  List<String> kept();

  /**
   * The values kept since the previous call, oldest first, waiting up to {@code wait} for the first
   * one; empty when none came.
   */
  List<String> next(Duration wait) throws InterruptedException;

  /** Stops following the sink. */
  @Override
  void close();

  /** The sink's buffer in this JVM, where jobs of the local cluster keep their values. */
  static CollectTail inThisJvm(String scenarioId, String nodeId) {
    return new InJvmCollectTail(scenarioId, nodeId);
  }
}
