package dev.walnut.benchmarks.faults;

/**
 * How a collector answered the tracker requests of one run (retries counted as requests).
 *
 * @param sent requests sent, retries included
 * @param ok answered 200: every event of the request acknowledged by Kafka
 * @param unavailable answered 503: the collector could not hand the events to Kafka
 * @param other any other answer, or none (a failed connection)
 */
public record TrackerRequests(long sent, long ok, long unavailable, long other) {

  /** For the cases that send no tracker requests. */
  public static TrackerRequests none() {
    return new TrackerRequests(0, 0, 0, 0);
  }
}
