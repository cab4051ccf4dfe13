package dev.walnut.shopify.sink;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** Counters of a {@link RecommendationWriter}, read by Flink's metric group and the benchmark. */
public final class WriterMetrics {
  final AtomicLong received = new AtomicLong();
  final AtomicLong coalesced = new AtomicLong();
  final AtomicLong skippedUnchanged = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  final AtomicLong bulkWrites = new AtomicLong();
  final AtomicLong bulkOperations = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final DoubleAdder pointsUsed = new DoubleAdder();

  /** Updates offered. */
  public long received() {
    return received.get();
  }

  /** Updates replaced by a newer one for the same handle before they were written. */
  public long coalesced() {
    return coalesced.get();
  }

  /** Updates not written because the metaobject already had that content. */
  public long skippedUnchanged() {
    return skippedUnchanged.get();
  }

  /** {@code metaobjectUpsert} calls that succeeded. */
  public long writes() {
    return writes.get();
  }

  /** Metaobjects written through bulk operations. */
  public long bulkWrites() {
    return bulkWrites.get();
  }

  public long bulkOperations() {
    return bulkOperations.get();
  }

  /** Requests retried (throttled, 429, 5xx, timeouts). */
  public long retries() {
    return retries.get();
  }

  /** Of the retries, those Shopify answered THROTTLED or 429. */
  public long throttled() {
    return throttled.get();
  }

  /** Updates Shopify rejected for good (user errors), logged with the reason. */
  public long failed() {
    return failed.get();
  }

  /** Cost points Shopify charged. */
  public double pointsUsed() {
    return pointsUsed.sum();
  }
}
