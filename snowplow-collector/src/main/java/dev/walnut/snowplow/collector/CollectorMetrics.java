package dev.walnut.snowplow.collector;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Counters and the Kafka acknowledgement latency histogram, in Prometheus text format. */
final class CollectorMetrics {
  private static final long[] LATENCY_BUCKETS_MICROS = {
    500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000, 5_000_000
  };

  final LongAdder requests = new LongAdder();
  final LongAdder eventsGood = new LongAdder();
  final LongAdder eventsBad = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder kafkaFailures = new LongAdder();
  private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS_MICROS.length + 1];
  private final LongAdder latencySumMicros = new LongAdder();
  private final LongAdder latencyCount = new LongAdder();
  private IntSupplier inFlight = () -> 0;

  CollectorMetrics() {
    for (int i = 0; i < latencyBuckets.length; i++) {
      latencyBuckets[i] = new LongAdder();
    }
  }

  void inFlightGauge(IntSupplier supplier) {
    this.inFlight = supplier;
  }

  void kafkaLatency(long micros) {
    int i = 0;
    while (i < LATENCY_BUCKETS_MICROS.length && micros > LATENCY_BUCKETS_MICROS[i]) {
      i++;
    }
    latencyBuckets[i].increment();
    latencySumMicros.add(micros);
    latencyCount.increment();
  }

  String prometheusText() {
    StringBuilder sb = new StringBuilder(2048);
    counter(sb, "walnut_collector_requests_total", "HTTP requests received", requests.sum());
    counter(
        sb,
        "walnut_collector_events_good_total",
        "Good events acknowledged by Kafka",
        eventsGood.sum());
    counter(
        sb, "walnut_collector_events_bad_total", "Bad rows acknowledged by Kafka", eventsBad.sum());
    counter(
        sb,
        "walnut_collector_requests_rejected_total",
        "Requests answered 503 (Kafka unavailable or too many events in flight)",
        rejected.sum());
    counter(
        sb,
        "walnut_collector_kafka_failures_total",
        "Requests whose records Kafka did not acknowledge",
        kafkaFailures.sum());
    sb.append("# HELP walnut_collector_events_in_flight Events sent and not yet acknowledged\n");
    sb.append("# TYPE walnut_collector_events_in_flight gauge\n");
    sb.append("walnut_collector_events_in_flight ").append(inFlight.getAsInt()).append('\n');
    String name = "walnut_collector_kafka_ack_seconds";
    sb.append("# HELP ").append(name).append(" Time from send to Kafka acknowledgement\n");
    sb.append("# TYPE ").append(name).append(" histogram\n");
    long cumulative = 0;
    for (int i = 0; i < LATENCY_BUCKETS_MICROS.length; i++) {
      cumulative += latencyBuckets[i].sum();
      sb.append(name)
          .append("_bucket{le=\"")
          .append(LATENCY_BUCKETS_MICROS[i] / 1_000_000.0)
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    cumulative += latencyBuckets[LATENCY_BUCKETS_MICROS.length].sum();
    sb.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
    sb.append(name).append("_sum ").append(latencySumMicros.sum() / 1_000_000.0).append('\n');
    sb.append(name).append("_count ").append(latencyCount.sum()).append('\n');
    return sb.toString();
  }

  private static void counter(StringBuilder sb, String name, String help, long value) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" counter\n");
    sb.append(name).append(' ').append(value).append('\n');
  }
}
