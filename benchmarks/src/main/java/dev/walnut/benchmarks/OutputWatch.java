package dev.walnut.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Times a job by its output: polls the end offsets of the output topic (cheap: no records are read)
 * until it holds the expected number of records. The clock starts before the job is submitted, so
 * start-up counts against both systems alike.
 */
public final class OutputWatch implements AutoCloseable {
  private static final long POLL_MILLIS = 50;
  private final Admin admin;

  public OutputWatch(String bootstrapServers) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "walnut-bench-output-watch");
    this.admin = Admin.create(p);
  }

  /**
   * Waits until {@code topic} (with {@code partitions} partitions) holds {@code expected} records,
   * then cancels the job and returns the measurement.
   *
   * @param startNanos {@link System#nanoTime()} just before the job was submitted
   * @throws IllegalStateException if the job fails or the count is not reached within {@code
   *     timeout}
   */
  public Measurement awaitThenCancel(
      JobClient job,
      String system,
      int run,
      long inputRecords,
      String topic,
      int partitions,
      long expected,
      long startNanos,
      Duration timeout)
      throws Exception {
    long firstOutput = -1;
    long deadline = startNanos + timeout.toNanos();
    long count = 0;
    int polls = 0;
    while (true) {
      count = count(topic, partitions);
      long now = System.nanoTime();
      if (count > 0 && firstOutput < 0) {
        firstOutput = now;
      }
      if (count >= expected) {
        Duration elapsed = Duration.ofNanos(now - startNanos);
        BenchCluster.cancel(job);
        return new Measurement(
            system,
            run,
            inputRecords,
            elapsed,
            Duration.ofNanos(firstOutput - startNanos),
            count(topic, partitions));
      }
      if (now > deadline) {
        BenchCluster.cancel(job);
        throw new IllegalStateException(
            system
                + " (run "
                + run
                + ") wrote "
                + count
                + " of the "
                + expected
                + " expected records to topic `"
                + topic
                + "` within "
                + timeout);
      }
      if (++polls % 20 == 0) {
        BenchCluster.requireRunning(job, system + " (run " + run + ")");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The number of records in the topic: the sum of its partitions' end offsets. */
  public long count(String topic, int partitions) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResultInfo> offsets = admin.listOffsets(request).all().get();
    return offsets.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
