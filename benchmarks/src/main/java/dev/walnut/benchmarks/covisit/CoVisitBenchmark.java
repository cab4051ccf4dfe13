package dev.walnut.benchmarks.covisit;

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
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.deploy.Deployer;
import dev.walnut.engine.validation.ValidationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code covisit}: the DataSQRL clickstream scaled by renamed copies, through Walnut's shipped
 * {@code datasqrl-covisit} scenario and through the DataSQRL query as Flink SQL ({@link
 * FlinkSqlCoVisit}). Both read the same Kafka topic (keyed by user, 2 partitions) and write their
 * changelog of updated counts to Kafka; each is timed until its output topic holds one record per
 * co-visit. The final frequency per (url, recommendation) of both is compared with each other and
 * with {@link CoVisitCounts} in the first run. Goal, judged on the median of the runs: Walnut ≥ 2 ×
 * the Flink SQL job.
 *
 * <p>Both jobs read an unbounded topic. Walnut pairs clicks once the watermark has passed them, so
 * after the clicks one end-of-input click per partition (a user of its own, an hour later, pairing
 * with nothing) moves the watermark past the last real click, as newer traffic would.
 */
public final class CoVisitBenchmark {
  public static final String NAME = "covisit";
  static final String WALNUT = "walnut co-visit scenario";
  static final String REFERENCE = "Flink SQL (DataSQRL query)";
  private static final String INPUT = "clicks";
  private static final String WARM_UP_INPUT = "clicks-warm-up";
  private static final int WARM_UP_COPIES = 10;
  private static final int PARTITIONS = 2;
  private static final int PARALLELISM = 2;
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final String SOURCE_NODE = "clicks";
  private static final String SINK_NODE = "recommendations";

  private final Path clickstream;
  private final Path scenario;
  private final int copies;
  private final int runs;
  private final Duration checkpointInterval;

  private CoVisitBenchmark(Builder b) {
    this.clickstream = b.clickstream;
    this.scenario = b.scenario;
    this.copies = b.copies;
    this.runs = b.runs;
    this.checkpointInterval = b.checkpointInterval;
  }

  /**
   * @param clickstream the DataSQRL clickstream, JSON lines {@code {userid, url, event_time}}
   *     (plain or {@code .gz})
   * @param scenario Walnut's co-visit scenario ({@code scenarios/datasqrl-covisit.json}), whose
   *     source node is {@code clicks} and sink node {@code recommendations}
   */
  public static Builder builder(Path clickstream, Path scenario) {
    if (clickstream == null || !Files.isReadable(clickstream)) {
      throw new IllegalArgumentException(
          "clickstream "
              + clickstream
              + " is not readable; pass the DataSQRL clickstream (JSON lines {userid, url,"
              + " event_time}, plain or .gz)");
    }
    if (scenario == null || !Files.isReadable(scenario)) {
      throw new IllegalArgumentException(
          "scenario " + scenario + " is not readable; pass scenarios/datasqrl-covisit.json");
    }
    return new Builder(clickstream, scenario);
  }

  /** Sizes and settings; the defaults are the benchmark's. */
  public static final class Builder {
    private final Path clickstream;
    private final Path scenario;
    private int copies = 101;
    private int runs = 3;
    private Duration checkpointInterval = Duration.ofMinutes(10);

    private Builder(Path clickstream, Path scenario) {
      this.clickstream = clickstream;
      this.scenario = scenario;
    }

    /** Renamed copies of the clickstream; default 101 (2,005,355 clicks). */
    public Builder copies(int copies) {
      this.copies = (int) BenchOptions.atLeastOne("copies", copies);
      return this;
    }

    /** Runs of each system, alternating which goes first; default 3. */
    public Builder runs(int runs) {
      this.runs = (int) BenchOptions.atLeastOne("runs", runs);
      return this;
    }

    /**
     * Checkpoint interval of both jobs; default 10 minutes, longer than a run, so neither job
     * pauses for checkpoints. With e.g. 10 s both checkpoint their state to files on the local
     * cluster.
     */
    public Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = BenchOptions.checkpointInterval(interval);
      return this;
    }

    public CoVisitBenchmark build() {
      return new CoVisitBenchmark(this);
    }
  }

  /** Runs the benchmark, printing progress and the result table to {@code out}. */
  public ResultTable run(PrintStream out) throws Exception {
    List<Click> base = Clickstream.read(clickstream);
    Map<UrlPair, Long> baseCounts = CoVisitCounts.of(base, WINDOW);
    long clicks = (long) base.size() * copies;
    long expectedOutput = CoVisitCounts.total(baseCounts) * copies;
    out.printf(
        Locale.ROOT,
        "covisit: %,d clicks (%,d copies of the DataSQRL clickstream's %,d clicks, %,d users) →"
            + " %,d co-visits (changelog records) of %,d (url, recommendation) pairs; broker in"
            + " this JVM, %d partitions keyed by user, parallelism %d, checkpoints every %s, %d"
            + " run(s) each%n",
        clicks,
        copies,
        base.size(),
        base.stream().map(Click::userid).distinct().count() * copies,
        expectedOutput,
        baseCounts.size(),
        PARTITIONS,
        PARALLELISM,
        checkpointInterval,
        runs);
    List<Measurement> measured = new ArrayList<>();
    String countsIdentical = "not checked";
    try (BenchCluster cluster = BenchCluster.start();
        OutputWatch watch = new OutputWatch(cluster.bootstrapServers())) {
      long t0 = System.nanoTime();
      produce(cluster, INPUT, base, copies);
      out.printf(
          Locale.ROOT, "produced %,d clicks in %.1f s%n", clicks, (System.nanoTime() - t0) / 1e9);
      warmUp(cluster, watch, base, baseCounts, out);
      Duration timeout = Duration.ofSeconds(Math.max(300, clicks / 2_000));
      for (int run = 1; run <= runs; run++) {
        List<String> order = run % 2 == 1 ? List.of(WALNUT, REFERENCE) : List.of(REFERENCE, WALNUT);
        for (String system : order) {
          String output = output(system, run);
          cluster.kafka().createTopic(output, PARTITIONS);
          Measurement m =
              measure(cluster, watch, INPUT, clicks, system, run, output, expectedOutput, timeout);
          out.printf(
              Locale.ROOT,
              "  %-28s run %d: %,10.0f clicks/s (%.1f s)%n",
              system,
              run,
              m.perSecond(),
              m.elapsed().toMillis() / 1000.0);
          if (m.outputRecords() != expectedOutput) {
            throw new IllegalStateException(
                system + " wrote " + m.outputRecords() + " records, expected " + expectedOutput);
          }
          measured.add(m);
        }
        if (run == 1) {
          countsIdentical =
              compare(
                  cluster.bootstrapServers(),
                  output(WALNUT, run),
                  output(REFERENCE, run),
                  CoVisitCounts.times(baseCounts, copies),
                  out);
        }
      }
    }
    ResultTable table = table(measured);
    out.println();
    out.print(table.render());
    out.println("final frequencies of run 1: walnut = Flink SQL: " + countsIdentical);
    return table;
  }

  /** Both systems' runs as the shared table, with the benchmark's goal. */
  static ResultTable table(List<Measurement> measured) {
    ResultTable table = ResultTable.of(NAME, WALNUT, REFERENCE);
    ResultTable.Row perSecond =
        table.row("clicks/s", Better.HIGHER, "%,.0f").goal(Goal.ratioAtLeast(2));
    ResultTable.Row startUp = table.row("s to first output", Better.LOWER, "%.2f");
    measured.stream()
        .sorted(Comparator.comparingInt(Measurement::run))
        .forEach(
            m -> {
              double seconds = m.firstOutput().toMillis() / 1000.0;
              if (m.system().equals(WALNUT)) {
                perSecond.walnut(m.perSecond());
                startUp.walnut(seconds);
              } else {
                perSecond.reference(m.perSecond());
                startUp.reference(seconds);
              }
            });
    return table;
  }

  private static String output(String system, int run) {
    return (system.equals(WALNUT) ? "covisits-walnut-" : "covisits-sql-") + run;
  }

  /**
   * Runs both jobs once on a few copies of the clickstream, unmeasured: class loading, the SQL
   * planner's code generation and JIT compilation would otherwise count against whichever system
   * runs first.
   */
  private void warmUp(
      BenchCluster cluster,
      OutputWatch watch,
      List<Click> base,
      Map<UrlPair, Long> baseCounts,
      PrintStream out)
      throws Exception {
    long t0 = System.nanoTime();
    int warmUpCopies = Math.min(copies, WARM_UP_COPIES);
    produce(cluster, WARM_UP_INPUT, base, warmUpCopies);
    for (String system : List.of(WALNUT, REFERENCE)) {
      String output = output(system, 0);
      cluster.kafka().createTopic(output, PARTITIONS);
      measure(
          cluster,
          watch,
          WARM_UP_INPUT,
          (long) base.size() * warmUpCopies,
          system,
          0,
          output,
          CoVisitCounts.total(baseCounts) * warmUpCopies,
          Duration.ofMinutes(5));
    }
    out.printf(Locale.ROOT, "warmed up both jobs in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /** The scaled clicks keyed by user, then one end-of-input click per partition. */
  private static void produce(BenchCluster cluster, String topic, List<Click> base, int copies) {
    cluster.kafka().createTopic(topic, PARTITIONS);
    KafkaRecords.of(cluster.kafka())
        .produce(topic, Clickstream.scaled(base, copies), Clickstream::userOf);
    Instant after = Instant.ofEpochMilli(base.get(base.size() - 1).epochMillis()).plusSeconds(3600);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int partition = 0; partition < PARTITIONS; partition++) {
        String user = "end-of-input-" + partition;
        producer.send(
            new ProducerRecord<>(
                topic, partition, user, Clickstream.json(user, "end-of-input", after.toString())));
      }
      producer.flush();
    }
  }

  private Measurement measure(
      BenchCluster cluster,
      OutputWatch watch,
      String input,
      long clicks,
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
      ValidationResult s = scenario(input, output, group);
      start = System.nanoTime();
      job =
          new Deployer()
              .deploy(
                  s,
                  Map.of(
                      "kafka.bootstrap.servers",
                      cluster.bootstrapServers(),
                      dev.walnut.engine.scenario.ScenarioProperties.CHECKPOINT_INTERVAL,
                      checkpointInterval.toString()),
                  cluster.flink());
    } else {
      start = System.nanoTime();
      job =
          FlinkSqlCoVisit.submit(
              cluster.environment(checkpointInterval),
              cluster.bootstrapServers(),
              input,
              output,
              group,
              PARALLELISM);
    }
    return watch.awaitThenCancel(
        job, system, run, clicks, output, PARTITIONS, expected, start, timeout);
  }

  private ValidationResult scenario(String input, String output, String group) throws IOException {
    ObjectNode tree = (ObjectNode) JsonValues.mapper().readTree(scenario.toFile());
    ScenarioTrees.setParameter(tree, SOURCE_NODE, "Topic", "'" + input + "'");
    ScenarioTrees.setParameter(tree, SOURCE_NODE, "Start from", "'earliest'");
    ScenarioTrees.setParameter(tree, SOURCE_NODE, "Consumer group", "'" + group + "'");
    ScenarioTrees.setParameter(tree, SINK_NODE, "Topic", "'" + output + "'");
    return ScenarioTrees.validated(tree);
  }

  /** Final frequencies: Walnut's (max per pair) vs SQL's (last per key) vs the direct count. */
  private static String compare(
      String bootstrap,
      String walnutTopic,
      String sqlTopic,
      Map<UrlPair, Long> expected,
      PrintStream out) {
    long t0 = System.nanoTime();
    // both topics at once: each holds millions of records
    CompletableFuture<Map<UrlPair, Long>> sqlFinals =
        CompletableFuture.supplyAsync(() -> FinalFrequencies.last(bootstrap, sqlTopic, PARTITIONS));
    Map<UrlPair, Long> walnut = FinalFrequencies.largest(bootstrap, walnutTopic, PARTITIONS);
    Map<UrlPair, Long> sql = sqlFinals.join();
    out.printf(
        Locale.ROOT,
        "    final frequencies: walnut %,d pairs, Flink SQL %,d pairs, direct count %,d pairs"
            + " (read in %.1f s); walnut = SQL: %s; walnut = direct count: %s%n",
        walnut.size(),
        sql.size(),
        expected.size(),
        (System.nanoTime() - t0) / 1e9,
        walnut.equals(sql) ? "yes" : "no (" + difference(walnut, sql) + ")",
        walnut.equals(expected) ? "yes" : "no (" + difference(walnut, expected) + ")");
    return walnut.equals(sql) ? "yes" : "no";
  }

  private static String difference(Map<UrlPair, Long> a, Map<UrlPair, Long> b) {
    long differing =
        a.entrySet().stream().filter(e -> !e.getValue().equals(b.get(e.getKey()))).count()
            + b.keySet().stream().filter(k -> !a.containsKey(k)).count();
    String example =
        a.entrySet().stream()
            .filter(e -> !e.getValue().equals(b.get(e.getKey())))
            .findFirst()
            .map(e -> e.getKey() + ": " + e.getValue() + " vs " + b.get(e.getKey()))
            .orElse("");
    return differing + " pairs differ; e.g. " + example;
  }
}
