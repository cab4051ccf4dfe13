package dev.walnut.benchmarks.inference;

import java.util.Arrays;

/**
 * One measurement of part (a).
 *
 * @param perRecord latency of each record, from entering the enricher (Walnut) or the call (direct)
 *     to its result; for a direct batch call, the call's
 * @param perCall latency of each model call (a whole batch)
 * @param batched records in the calls, with {@code calls} giving the mean batch
 */
record RunResult(
    int count,
    long nanos,
    long cpuNanos,
    long[] perRecord,
    long[] perCall,
    long batched,
    long calls) {

  double perSecond() {
    return count / (nanos / 1e9);
  }

  double perCpuSecond() {
    return count / (cpuNanos / 1e9);
  }

  double meanBatch() {
    return calls == 0 ? 0 : (double) batched / calls;
  }

  int batchSizeOfCalls() {
    return (int) Math.round(meanBatch());
  }

  /** Percentile {@code q} of the records' latencies, in ms. */
  double perRecordMillis(double q) {
    return percentile(perRecord, q);
  }

  /** Percentile {@code q} of the calls' latencies, in ms. */
  double perCallMillis(double q) {
    return percentile(perCall, q);
  }

  /** Nearest rank below: the value at index ⌊q·n⌋ of the sorted latencies, in ms (NaN if none). */
  static double percentile(long[] latencies, double q) {
    if (latencies.length == 0) {
      return Double.NaN;
    }
    long[] s = latencies.clone();
    Arrays.sort(s);
    return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))] / 1e6;
  }
}
