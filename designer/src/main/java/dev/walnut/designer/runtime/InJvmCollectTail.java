package dev.walnut.designer.runtime;

import dev.walnut.api.debug.CollectedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code collect} sink's buffer in this JVM ({@link CollectedRecords}), where jobs of the local
 * cluster keep their values. Listens before taking the snapshot, so no value falls between the two.
 */
final class InJvmCollectTail implements CollectTail {
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>(10_000);
  private final String scenarioId;
  private final String nodeId;
  private final Runnable stop;

  InJvmCollectTail(String scenarioId, String nodeId) {
    this.scenarioId = scenarioId;
    this.nodeId = nodeId;
    this.stop = CollectedRecords.listen(scenarioId, nodeId, queue::offer);
  }

  @Override
  public List<String> kept() {
    return CollectedRecords.snapshot(scenarioId, nodeId);
  }

  @Override
  public List<String> next(Duration wait) throws InterruptedException {
    String first = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (first == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add(first);
    queue.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    stop.run();
  }
}
