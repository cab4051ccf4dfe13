package dev.walnut.benchmarks.inference;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time readings of this process for part (a): all threads, the threads of one role (the
 * batcher's workers, the Flink task thread), and every OS thread from /proc.
 */
final class CpuTime {
  private CpuTime() {}

  /** Process CPU time (all threads of this JVM, including Flink's and the batcher's). */
  static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of the batcher's worker threads (the ONNX calls and the tensor conversions). */
  static long workerNanos() {
    return threadNanos("walnut-model-batcher-");
  }

  /** CPU time of the Flink task thread running the chain source → enricher → sink. */
  static long taskNanos() {
    return threadNanos("Source: Sequence Source");
  }

  private static long threadNanos(String namePrefix) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(namePrefix)) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  /**
   * CPU time (ms) per OS thread of this process, keyed by its name and id, from /proc (Linux):
   * unlike the JVM's thread bean it also sees GC, JIT and native threads. Empty elsewhere.
   */
  static Map<String, Long> perThreadMillis() {
    Map<String, Long> out = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (Stream<Path> ids = Files.list(tasks)) {
      ids.forEach(
          dir -> {
            try {
              String stat = Files.readString(dir.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
              out.put(name + "#" + dir.getFileName(), ticks * 10); // 100 ticks per second
            } catch (IOException | RuntimeException e) {
              // the thread ended meanwhile
            }
          });
    } catch (IOException e) {
      return out;
    }
    return out;
  }
}
