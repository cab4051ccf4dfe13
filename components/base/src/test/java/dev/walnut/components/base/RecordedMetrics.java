package dev.walnut.components.base;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter keeping every counter of the operators of the jobs in this JVM, by job
 * name, operator name and metric name, so tests read what a component counted. Configured on a
 * cluster by {@link #CONFIG}; registered for Flink through {@code META-INF/services}.
 */
public final class RecordedMetrics implements MetricReporter {
  /** The cluster configuration that installs the reporter. */
  public static final Map<String, String> CONFIG =
      Map.of("metrics.reporter.recorded.factory.class", Factory.class.getName());

  private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();

  /**
   * The counter {@code metric} of the operator {@code operator} of the job whose name contains
   * {@code job}, summed over subtasks; 0 when no such counter was registered.
   */
  public static long counter(String job, String operator, String metric) {
    long sum = 0;
    for (Map.Entry<String, Counter> e : COUNTERS.entrySet()) {
      String[] k = e.getKey().split("\u0000");
      if (k[0].contains(job) && k[1].equals(operator) && k[2].equals(metric)) {
        sum += e.getValue().getCount();
      }
    }
    return sum;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    Map<String, String> vars = group.getAllVariables();
    String operator = vars.get("<operator_name>");
    if (metric instanceof Counter c && operator != null) {
      String key =
          vars.get("<job_name>")
              + "\u0000"
              + operator
              + "\u0000"
              + name
              + "\u0000"
              + vars.get("<subtask_index>");
      // kept after the job ends: tests read the counts of finished test runs
      COUNTERS.put(key, c);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

  /** Creates the reporter. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new RecordedMetrics();
    }
  }
}
