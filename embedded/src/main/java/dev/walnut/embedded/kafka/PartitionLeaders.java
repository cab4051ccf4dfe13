package dev.walnut.embedded.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until the broker's replica manager leads every partition of a new topic.
 *
 * <p>Why: in KRaft the broker publishes a new topic to its metadata cache before its replica
 * manager becomes leader of the partitions. In between, metadata (and {@code describeTopics})
 * already names a leader, but a produce gets {@code NOT_LEADER_OR_FOLLOWER}. An idempotent producer
 * with several requests in flight then has its first batch (sequence 0) rejected while the next
 * ones are accepted, retries sequence 0 forever with {@code OUT_OF_ORDER_SEQUENCE_NUMBER}, and
 * fails after its delivery timeout (seen here about once in 40 topics). A {@code ListOffsets}
 * request is answered by the replica manager only once it leads the partition, so it is the
 * readiness check.
 */
final class PartitionLeaders {

  private PartitionLeaders() {}

  static void awaitServing(Admin admin, Collection<TopicPartition> partitions, Duration timeout) {
    Map<TopicPartition, OffsetSpec> latest =
        partitions.stream()
            .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
    Deadline deadline = Deadline.after(timeout);
    while (true) {
      try {
        // The admin client itself retries NOT_LEADER_OR_FOLLOWER until its API timeout.
        admin
            .listOffsets(
                latest, new ListOffsetsOptions().timeoutMs((int) deadline.remainingMillis()))
            .all()
            .get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw new IllegalStateException(
              "partitions " + partitions + " are not served: " + e.getCause().getMessage(),
              e.getCause());
        }
      } catch (TimeoutException e) {
        // checked below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for partition leaders", e);
      }
      deadline.pauseOrFail(
          () -> "the broker does not lead partitions " + partitions + " after " + timeout);
    }
  }
}
