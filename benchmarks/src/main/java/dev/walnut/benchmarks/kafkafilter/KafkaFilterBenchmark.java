package dev.walnut.benchmarks.kafkafilter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.api.json.JsonValues;
import dev.walnut.benchmarks.BenchCluster;
import dev.walnut.benchmarks.BenchOptions;
import dev.walnut.benchmarks.Better;
import dev.walnut.benchmarks.Goal;
import dev.walnut.benchmarks.Measurement;
import dev.walnut.benchmarks.OutputWatch;
import dev.walnut.benchmarks.ResultTable;
import dev.walnut.benchmarks.ScenarioTrees;
import dev.walnut.benchmarks.TopicReader;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.deploy.Deployer;
import dev.walnut.engine.validation.ValidationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;

/**
 * {@code kafka-filter}: JSON transactions drained from one topic of an in-JVM broker into another
 * through two filters ({@code #input.amount > 20}, {@code #input.currency == 'EUR'}), parallelism
 * 2. Walnut runs the scenario {@code kafka-filter.json} through {@link Deployer}; the reference is
 * {@link HandWrittenFilterJob} on the same cluster, reading the same topic. The runs alternate
 * (Walnut first in odd runs, the reference first in even ones); each output is checked record by
 * record against the generator in the first run. Goals, judged on the median of the runs: Walnut ≥
 * 100,000 records/s and ≥ 0.8 × the reference.
 */
public final class KafkaFilterBenchmark {
  public static final String NAME = "kafka-filter";
  static final String WALNUT = "walnut scenario";
  static final String REFERENCE = "hand-written DataStream";
  private static final String INPUT = "transactions";
  private static final String WARM_UP_INPUT = "transactions-warm-up";
  private static final long WARM_UP_RECORDS = 300_000;
  private static final int PARTITIONS = 2;
  private static final int PARALLELISM = 2;
  private static final String SCENARIO = "kafka-filter.json";

  private final long records;
  private final int runs;
  private final Duration checkpointInterval;

  private KafkaFilterBenchmark(long records, int runs, Duration checkpointInterval) {
    this.records = records;
    this.runs = runs;
    this.checkpointInterval = checkpointInterval;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sizes and settings; the defaults are the benchmark's. */
  public static final class Builder {
    private long records = 2_000_000;
    private int runs = 3;
    private Duration checkpointInterval = Duration.ofSeconds(10);

    private Builder() {}

    /** Input records; default 2,000,000. */
    public Builder records(long records) {
      this.records = BenchOptions.atLeastOne("records", records);
      return this;
    }

    /** Runs of each system, alternating which goes first; default 3. */
    public Builder runs(int runs) {
      this.runs = (int) BenchOptions.atLeastOne("runs", runs);
      return this;
    }

    /** Checkpoint interval of both jobs; default 10 s, Walnut's default. */
    public Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = BenchOptions.checkpointInterval(interval);
      return this;
    }

    public KafkaFilterBenchmark build() {
      return new KafkaFilterBenchmark(records, runs, checkpointInterval);
    }
  }

  /** Runs the benchmark, printing progress and the result table to {@code out}. */
  public ResultTable run(PrintStream out) throws Exception {
    long expected = Transactions.passing(records);
    out.printf(
        Locale.ROOT,
        "kafka-filter: %,d JSON transactions (about %d bytes each) → filter amount > 20 → filter"
            + " currency == 'EUR' → Kafka (%,d pass); broker in this JVM, %d partitions,"
            + " parallelism %d, checkpoints every %s, %d run(s) each%n",
        records,
        Transactions.json(records / 2).length(),
        expected,
        PARTITIONS,
        PARALLELISM,
        checkpointInterval,
        runs);
    List<Measurement> measured = new ArrayList<>();
    String reuseNote;
    try (BenchCluster cluster = BenchCluster.start();
        OutputWatch watch = new OutputWatch(cluster.bootstrapServers())) {
      cluster.kafka().createTopic(INPUT, PARTITIONS);
      // compiling checks that the source topic exists, as a deployment does
      reuseNote =
          ObjectReuseCheck.of(
                  scenario(INPUT, "filtered", "bench"),
                  Map.of("kafka.bootstrap.servers", cluster.bootstrapServers()))
              .note();
      long t0 = System.nanoTime();
      KafkaRecords.of(cluster.kafka()).produce(INPUT, Transactions.generate(records));
      out.printf(
          Locale.ROOT, "produced %,d records in %.1f s%n", records, (System.nanoTime() - t0) / 1e9);
      Duration timeout = Duration.ofSeconds(Math.max(180, records / 5_000));
      // the broker's first read of fresh segments must not count against whichever job runs first
      TopicReader.forEach(cluster.bootstrapServers(), INPUT, PARTITIONS, r -> {});
      warmUp(cluster, watch, out);
      for (int run = 1; run <= runs; run++) {
        List<String> order = run % 2 == 1 ? List.of(WALNUT, REFERENCE) : List.of(REFERENCE, WALNUT);
        for (String system : order) {
          String output =
              (system.equals(WALNUT) ? "filtered-walnut-" : "filtered-reference-") + run;
          cluster.kafka().createTopic(output, PARTITIONS);
          Measurement m = measure(cluster, watch, INPUT, system, run, output, expected, timeout);
          out.printf(
              Locale.ROOT,
              "  %-24s run %d: %,10.0f records/s (%.1f s, first output after %.1f s)%n",
              system,
              run,
              m.perSecond(),
              m.elapsed().toMillis() / 1000.0,
              m.firstOutput().toMillis() / 1000.0);
          if (m.outputRecords() != expected) {
            throw new IllegalStateException(
                system + " wrote " + m.outputRecords() + " records, expected " + expected);
          }
          measured.add(m);
          if (run == 1) {
            out.println(
                "    content: " + checkContent(cluster.bootstrapServers(), output, expected));
          }
        }
      }
    }
    ResultTable table = table(measured);
    out.println();
    out.print(table.render());
    out.println(reuseNote);
    return table;
  }

  /** Both systems' runs as the shared table, with the benchmark's goals. */
  static ResultTable table(List<Measurement> measured) {
    ResultTable table = ResultTable.of(NAME, WALNUT, REFERENCE);
    ResultTable.Row perSecond =
        table
            .row("records/s", Better.HIGHER, "%,.0f")
            .goal(Goal.atLeast(100_000))
            .goal(Goal.ratioAtLeast(0.8));
    ResultTable.Row startUp = table.row("s to first output", Better.LOWER, "%.2f");
    measured.stream()
        .sorted(Comparator.comparingInt(Measurement::run))
        .forEach(
            m -> {
              boolean walnut = m.system().equals(WALNUT);
              double seconds = m.firstOutput().toMillis() / 1000.0;
              if (walnut) {
                perSecond.walnut(m.perSecond());
                startUp.walnut(seconds);
              } else {
                perSecond.reference(m.perSecond());
                startUp.reference(seconds);
              }
            });
    return table;
  }

  /**
   * Runs both jobs once on a small topic, unmeasured: class loading and JIT compilation of Flink,
   * Kafka and Jackson would otherwise count against whichever system runs first.
   */
  private void warmUp(BenchCluster cluster, OutputWatch watch, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    long n = Math.min(records, WARM_UP_RECORDS);
    cluster.kafka().createTopic(WARM_UP_INPUT, PARTITIONS);
    KafkaRecords.of(cluster.kafka()).produce(WARM_UP_INPUT, Transactions.generate(n));
    KafkaFilterBenchmark warmUp = new KafkaFilterBenchmark(n, 1, checkpointInterval);
    for (String system : List.of(WALNUT, REFERENCE)) {
      String output = "warm-up-" + (system.equals(WALNUT) ? "walnut" : "reference");
      cluster.kafka().createTopic(output, PARTITIONS);
      warmUp.measure(
          cluster,
          watch,
          WARM_UP_INPUT,
          system,
          0,
          output,
          Transactions.passing(n),
          Duration.ofMinutes(3));
    }
    out.printf(Locale.ROOT, "warmed up both jobs in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private Measurement measure(
      BenchCluster cluster,
      OutputWatch watch,
      String input,
      String system,
      int run,
      String output,
      long expected,
      Duration timeout)
      throws Exception {
    String group = "bench-" + output;
    long start;
    JobClient job;
    if (system.equals(WALNUT)) {
      ValidationResult scenario = scenario(input, output, group);
      start = System.nanoTime();
      job =
          new Deployer()
              .deploy(
                  scenario,
                  Map.of(
                      "kafka.bootstrap.servers",
                      cluster.bootstrapServers(),
                      dev.walnut.engine.scenario.ScenarioProperties.CHECKPOINT_INTERVAL,
                      checkpointInterval.toString()),
                  cluster.flink());
    } else {
      start = System.nanoTime();
      job =
          HandWrittenFilterJob.submit(
              cluster.environment(checkpointInterval),
              cluster.bootstrapServers(),
              input,
              output,
              group,
              PARALLELISM);
    }
    return watch.awaitThenCancel(
        job, system, run, records, output, PARTITIONS, expected, start, timeout);
  }

  static ValidationResult scenario(String input, String output, String group) throws IOException {
    ObjectNode tree;
    try (InputStream in = KafkaFilterBenchmark.class.getResourceAsStream(SCENARIO)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + SCENARIO + " is missing from the benchmarks jar");
      }
      tree = (ObjectNode) JsonValues.mapper().readTree(in);
    }
    ScenarioTrees.setParameter(tree, "transactions", "Topic", "'" + input + "'");
    ScenarioTrees.setParameter(tree, "transactions", "Consumer group", "'" + group + "'");
    ScenarioTrees.setParameter(tree, "filtered", "Topic", "'" + output + "'");
    return ScenarioTrees.validated(tree);
  }

  /**
   * Every output record must be the input record of a passing id (as JSON values: field order and
   * number formatting may differ), and every passing id must appear exactly once.
   */
  private String checkContent(String bootstrap, String topic, long expected) {
    BitSet seen = new BitSet();
    AtomicLong bad = new AtomicLong();
    AtomicReference<String> firstBad = new AtomicReference<>();
    long read =
        TopicReader.forEach(
            bootstrap,
            topic,
            PARTITIONS,
            r -> {
              String problem = problem(r.value(), seen);
              if (problem != null) {
                bad.incrementAndGet();
                firstBad.compareAndSet(null, problem);
              }
            });
    if (bad.get() == 0 && read == expected && seen.cardinality() == expected) {
      return String.format(
          Locale.ROOT,
          "all %,d output records equal their input records, each passing id once",
          read);
    }
    return String.format(
        Locale.ROOT,
        "MISMATCH: read %,d, %,d distinct ids, expected %,d; %,d bad records, first: %s",
        read,
        seen.cardinality(),
        expected,
        bad.get(),
        firstBad.get());
  }

  private String problem(byte[] value, BitSet seen) {
    Map<String, Object> actual;
    try {
      actual = JsonValues.parseObject(value);
    } catch (IOException e) {
      return "not JSON: " + new String(value, StandardCharsets.UTF_8);
    }
    if (!(actual.get("id") instanceof Number n) || n.longValue() < 0 || n.longValue() >= records) {
      return "no valid id: " + actual;
    }
    long id = n.longValue();
    if (!Transactions.passes(id)) {
      return "should have been filtered out: " + actual;
    }
    if (seen.get((int) id)) {
      return "duplicate: " + actual;
    }
    seen.set((int) id);
    try {
      Map<String, Object> input =
          JsonValues.parseObject(Transactions.json(id).getBytes(StandardCharsets.UTF_8));
      return input.equals(actual) ? null : "differs from its input " + input + ": " + actual;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
