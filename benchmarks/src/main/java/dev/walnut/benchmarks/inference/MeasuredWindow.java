package dev.walnut.benchmarks.inference;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The measured window of a part (a) Flink job, records {@code warmup} to {@code warmup + measured -
 * 1}, noted without a branch on the record index in the per-record path. Such a branch is never
 * taken during the warm-up and taken from the window's first record on, so C2 compiles it as a
 * trap: the compiled record path (the enricher, Walnut's batcher and Flink's async operator inlined
 * into it) is deoptimized as measuring starts and recompiled inside the window (JFR: {@code
 * unstable_if} in the harness's {@code asyncInvoke} and completion lambda at the first measured
 * record, then C2 recompiling {@code ModelInputs.evaluate}, {@code MicroBatcher.submit}, {@code
 * AsyncWaitOperator.addToWorkQueue}…: 300–800 ms of C2 CPU, 15–40 µs per measured record, which the
 * direct loop does not pay). A watcher thread, parked while the window runs, takes the readings at
 * its start; the last record's completion (a branch taken once, at the end) takes those at its end
 * and hands them over through {@link JobReadings}.
 */
final class MeasuredWindow {
  private final int warmup;
  private final int total;
  private final long[] latencies;
  // [1]: the submit time of record `warmup`; [0] and [2] take the others' (no branch)
  private final AtomicLongArray submits = new AtomicLongArray(3);
  private final AtomicInteger done = new AtomicInteger();
  private final Thread watcher;
  private long cpuStart;
  private long workerCpuStart;
  private long taskCpuStart;

  MeasuredWindow(int warmup, int measured) {
    this.warmup = warmup;
    this.total = warmup + measured;
    this.latencies = new long[total];
    this.watcher = new Thread(this::watch, "walnut-bench-window");
    watcher.setDaemon(true);
    watcher.start();
  }

  private void watch() {
    while (submits.get(1) == 0) {
      LockSupport.parkNanos(100_000);
    }
    cpuStart = CpuTime.processNanos();
    workerCpuStart = CpuTime.workerNanos();
    taskCpuStart = CpuTime.taskNanos();
    JobReadings.THREADS_AT_START.clear();
    JobReadings.THREADS_AT_START.putAll(CpuTime.perThreadMillis());
  }

  /** Record {@code i} enters the enricher at {@code nanos}. */
  void submitted(long i, long nanos) {
    // 0 before the window, 1 for its first record, 2 after it
    int slot = (int) ((warmup - 1 - i) >>> 63) + (int) ((warmup - i) >>> 63);
    submits.lazySet(slot, nanos);
  }

  /** When the window's first record entered the enricher (0 until it has). */
  long start() {
    return submits.get(1);
  }

  /** Record {@code i} has its result after {@code latency} ns. */
  void completed(long i, long latency) {
    latencies[(int) i] = latency;
    if (done.incrementAndGet() == total) {
      finish();
    }
  }

  private void finish() {
    long end = System.nanoTime();
    long cpu = CpuTime.processNanos();
    try {
      watcher.join(); // long done: the window takes seconds
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long[] samples = new long[total - warmup + 2];
    samples[0] = end - start();
    samples[1] = cpu - cpuStart;
    System.arraycopy(latencies, warmup, samples, 2, total - warmup);
    JobReadings.WINDOW[0] = start();
    JobReadings.WINDOW[1] = end;
    JobReadings.WORKER_CPU.set(CpuTime.workerNanos() - workerCpuStart);
    JobReadings.TASK_CPU.set(CpuTime.taskNanos() - taskCpuStart);
    Map<String, Long> now = CpuTime.perThreadMillis();
    JobReadings.THREAD_DELTAS.clear();
    now.forEach(
        (k, c) ->
            JobReadings.THREAD_DELTAS.put(k, c - JobReadings.THREADS_AT_START.getOrDefault(k, 0L)));
    JobReadings.SAMPLES.add(samples);
  }
}
