package dev.walnut.engine.deploy;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink MiniCluster in this JVM that behaves like a session cluster: jobs are submitted to its
 * REST endpoint exactly as to a remote one, and its web UI is served there when {@code
 * flink-runtime-web} is on the classpath.
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private final MiniCluster cluster;
  private final int restPort;
  private final java.nio.file.Path checkpoints;

  private LocalFlinkCluster(MiniCluster cluster, int restPort, java.nio.file.Path checkpoints) {
    this.cluster = cluster;
    this.restPort = restPort;
    this.checkpoints = checkpoints;
  }

  /**
   * Starts a cluster with {@code slots} task slots whose REST API listens on 127.0.0.1:{@code
   * restPort} (0 for a free port).
   */
  public static LocalFlinkCluster start(int restPort, int slots) throws Exception {
    return start(restPort, slots, java.util.Map.of());
  }

  /** Like {@link #start(int, int)}, with further Flink configuration entries. */
  public static LocalFlinkCluster start(
      int restPort, int slots, java.util.Map<String, String> config) throws Exception {
    Configuration conf = new Configuration();
    // checkpoints go to files: the default JobManager-memory storage refuses state over 5 MB
    java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("walnut-checkpoints-");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.addAll(Configuration.fromMap(config));
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, restPort);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    try {
      cluster.start();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot start the local Flink cluster on port "
              + restPort
              + ": "
              + e.getMessage()
              + " (is the port in use? pass another --flink-port)",
          e);
    }
    int port = cluster.getRestAddress().get().getPort();
    return new LocalFlinkCluster(cluster, port, checkpoints);
  }

  public int restPort() {
    return restPort;
  }

  public String webUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("the local Flink cluster did not stop cleanly", e);
    } finally {
      org.apache.flink.util.FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
    }
  }
}
