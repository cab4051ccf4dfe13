package dev.walnut.benchmarks.inference;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Flink jobs of parts (a) and (c) hand back to the harness. The local jobs run in this
 * JVM, and their functions are serialised copies, so readings travel through these statics; each
 * job starts with {@link #clear()}.
 */
final class JobReadings {
  private JobReadings() {}

  /**
   * One entry per finished measured window: wall nanos, process CPU nanos, then the latency of each
   * measured record (part a); or just the wall nanos of the measured texts (part c).
   */
  static final ConcurrentLinkedQueue<long[]> SAMPLES = new ConcurrentLinkedQueue<>();

  /** Batches served during a job (size, call nanos, end time). */
  static final ConcurrentLinkedQueue<long[]> BATCHES = new ConcurrentLinkedQueue<>();

  /** Start and end ({@link System#nanoTime}) of the last measured window. */
  static final long[] WINDOW = new long[2];

  /** CPU nanos of the batcher's workers during the last window. */
  static final AtomicLong WORKER_CPU = new AtomicLong();

  /** CPU nanos of the Flink task thread during the last window. */
  static final AtomicLong TASK_CPU = new AtomicLong();

  /** CPU ms per OS thread when the last window started. */
  static final Map<String, Long> THREADS_AT_START = new ConcurrentHashMap<>();

  /** CPU ms per OS thread spent during the last window. */
  static final Map<String, Long> THREAD_DELTAS = new ConcurrentHashMap<>();

  static void clear() {
    SAMPLES.clear();
    BATCHES.clear();
  }
}
