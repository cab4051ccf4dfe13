package dev.walnut.benchmarks;

import java.time.Duration;

/**
 * One timed run of one system: {@code inputRecords} drained in {@code elapsed}, from submitting the
 * job until its output topic held every expected record.
 *
 * @param firstOutput from submitting the job until its first output record (job start-up)
 * @param outputRecords records in the output topic once the job was cancelled
 */
public record Measurement(
    String system,
    int run,
    long inputRecords,
    Duration elapsed,
    Duration firstOutput,
    long outputRecords) {

  public double perSecond() {
    return inputRecords / (elapsed.toNanos() / 1e9);
  }
}
