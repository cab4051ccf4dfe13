package dev.walnut.benchmarks;

/** Which way a metric improves: it decides what "best" and "worst" of a set of runs mean. */
public enum Better {
  /** Throughput, budget used: the largest run is the best. */
  HIGHER,
  /** Latency, errors, lost records: the smallest run is the best. */
  LOWER
}
