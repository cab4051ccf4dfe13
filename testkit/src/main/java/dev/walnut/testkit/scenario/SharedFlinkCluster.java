package dev.walnut.testkit.scenario;

import dev.walnut.engine.deploy.LocalFlinkCluster;

/**
 * One local Flink cluster for all the tests of a JVM, started on first use and stopped when the JVM
 * exits: starting a MiniCluster costs seconds, a test run on a running one much less. Jobs must not
 * outlive their test (cancel deployed jobs), or they keep holding slots.
 */
public final class SharedFlinkCluster {
  /** Enough for a scenario of parallelism 4, or two of parallelism 2 side by side. */
  public static final int SLOTS = 4;

  private static LocalFlinkCluster cluster;

  private SharedFlinkCluster() {}

  public static synchronized LocalFlinkCluster get() {
    if (cluster == null) {
      try {
        cluster = LocalFlinkCluster.start(0, SLOTS);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the shared local Flink cluster", e);
      }
      LocalFlinkCluster started = cluster;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(started::close, "walnut-shared-flink-cluster-stop"));
    }
    return cluster;
  }
}
