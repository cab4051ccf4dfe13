package dev.walnut.benchmarks.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.api.json.JsonValues;
import dev.walnut.benchmarks.BenchCluster;
import dev.walnut.benchmarks.Better;
import dev.walnut.benchmarks.Goal;
import dev.walnut.benchmarks.OutputWatch;
import dev.walnut.benchmarks.ResultTable;
import dev.walnut.benchmarks.ScenarioTrees;
import dev.walnut.benchmarks.TopicReader;
import dev.walnut.embedded.mlflow.MlflowServer;
import dev.walnut.embedded.mlflow.PythonEnv;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.embedded.shopify.ShopProduct;
import dev.walnut.engine.deploy.Deployer;
import dev.walnut.shopify.schema.ShopifyPlan;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.CookieSettings;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code pipeline}: the main flow {@code clickstream-recommendations.json} end to end — Diginetica
 * views as tracker POSTs → the collector → Kafka → the scenario (in-process ONNX, production-size
 * model from MLflow) → Kafka — beside {@link HandWrittenRecommendationJob} reading the same topic.
 * Throughput: the topic pre-loaded through the collector, then each job drains it (lists out per
 * second, between the first and the last output record's broker time). Latency: a fresh topic per
 * job fed live through the collector at {@code rate}; collector timestamp → the output record's
 * broker append time.
 */
public final class PipelineBenchmark {
  public static final String NAME = "pipeline";
  static final String WALNUT = "walnut scenario";
  static final String REFERENCE = "hand-written DataStream";
  private static final String SCENARIO = "scenarios/clickstream-recommendations.json";
  private static final String INPUT = "snowplow-good";
  private static final String CATALOGUE = "shop-products";
  private static final int PARTITIONS = 2;
  private static final int CATALOGUE_SIZE = 43_097;

  private final int events;
  private final int runs;
  private final int rate;
  private final Duration latencyDuration;
  private final int parallelism;
  private final int trainSteps;

  PipelineBenchmark(
      int events, int runs, int rate, Duration latencyDuration, int parallelism, int trainSteps) {
    this.events = events;
    this.runs = runs;
    this.rate = rate;
    this.latencyDuration = latencyDuration;
    this.parallelism = parallelism;
    this.trainSteps = trainSteps;
  }

  /** One system's run: throughput and the live phase's latencies. */
  record RunResult(
      String system, int run, double perSecond, long outputs, double p50, double p99) {}

  public ResultTable run(PrintStream out) throws Exception {
    Path work = Files.createTempDirectory("walnut-bench-pipeline-");
    PythonEnv python = PythonEnv.locate();
    Path root = python.projectRoot();
    Path sessions = root.resolve("../shared/data/diginetica/train_sessions.txt").normalize();
    out.printf(
        Locale.ROOT,
        "pipeline: %,d Diginetica views (%s) as tracker POSTs (batches of %d) → collector → Kafka"
            + " → clickstream-recommendations (Shopify sinks disabled) vs the hand-written job;"
            + " parallelism %d, %d partitions; latency at %,d views/s for %s; %d run(s) each%n",
        events,
        sessions,
        TrackerPosts.BATCH,
        parallelism,
        PARTITIONS,
        rate,
        latencyDuration,
        runs);
    List<RunResult> results = new ArrayList<>();
    try (MlflowServer mlflow =
            MlflowServer.start(python, work.resolve("mlflow"), 0, Duration.ofSeconds(120));
        BenchCluster cluster = BenchCluster.start();
        OutputWatch watch = new OutputWatch(cluster.bootstrapServers());
        LocalShopify shop =
            LocalShopify.builder()
                .catalogSize(CATALOGUE_SIZE)
                .plan(ShopifyPlan.PLUS)
                .build()
                .start()) {
      Path model = trainAndRegister(python, sessions, work, mlflow, out);
      String bootstrap = cluster.bootstrapServers();
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(INPUT, PARTITIONS, (short) 1),
                    new NewTopic("snowplow-bad", 1, (short) 1),
                    new NewTopic(CATALOGUE, 1, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact"))))
            .all()
            .get();
      }
      feedCatalogue(shop, bootstrap, out);
      List<SessionReplay.Click> preload = SessionReplay.clicks(sessions, "s", 0, events);
      try (CollectorServer collector = collector(bootstrap, INPUT)) {
        long t0 = System.nanoTime();
        new TrackerPosts(collector.port()).sendAll(preload, 64);
        out.printf(
            Locale.ROOT,
            "pre-loaded %,d views through the collector in %.1f s (%,.0f views/s)%n",
            events,
            (System.nanoTime() - t0) / 1e9,
            events / ((System.nanoTime() - t0) / 1e9));
      }
      Map<String, String> props =
          Map.of(
              "kafka.bootstrap.servers", bootstrap, "mlflow.tracking.uri", mlflow.uri().toString());
      int live = (int) (rate * latencyDuration.toSeconds());
      int warm = 2_000;
      // what the collector wrote, staged: each run copies it into its own topic once the job has
      // loaded the catalogue (as the end-to-end test waits), so no list is made against a
      // half-loaded catalogue and the job, not the load generator, is the bottleneck
      List<ProducerRecord<byte[], byte[]>> staged = new ArrayList<>();
      TopicReader.forEach(
          bootstrap,
          INPUT,
          PARTITIONS,
          r -> staged.add(new ProducerRecord<>("", r.partition(), r.key(), r.value())));
      for (int run = 1; run <= runs; run++) {
        List<String> order = run % 2 == 1 ? List.of(WALNUT, REFERENCE) : List.of(REFERENCE, WALNUT);
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String system : order) {
          String tag = (system.equals(WALNUT) ? "walnut-" : "reference-") + run;
          String input = "in-" + tag;
          String output = "recs-" + tag;
          cluster.kafka().createTopic(input, PARTITIONS);
          createOutput(bootstrap, output);
          JobClient job = submit(cluster, system, props, input, output, tag, model);
          awaitCatalogue(job, system, shop.products().size());
          copy(bootstrap, staged, input);
          String busy = awaitHalf(watch, job, output, events, cluster.flink().restPort());
          long count = awaitOutputs(watch, job, output, events, system, run);
          double perSecond = perSecond(bootstrap, output);
          BenchCluster.cancel(job);
          outputs.put(system, output);
          // live: a fresh topic, the job running before the first event is sent
          String liveInput = "live-" + tag;
          String liveOutput = "live-recs-" + tag;
          cluster.kafka().createTopic(liveInput, PARTITIONS);
          createOutput(bootstrap, liveOutput);
          double[] latency;
          try (CollectorServer collector = collector(bootstrap, liveInput)) {
            JobClient liveJob =
                submit(cluster, system, props, liveInput, liveOutput, "live-" + tag, model);
            awaitCatalogue(liveJob, system, shop.products().size());
            TrackerPosts posts = new TrackerPosts(collector.port());
            List<SessionReplay.Click> clicks =
                SessionReplay.clicks(sessions, "l" + run + system.charAt(0), events, warm + live);
            posts.sendPaced(clicks.subList(0, warm), 500);
            awaitOutputs(watch, liveJob, liveOutput, warm, system + " (warm-up)", run);
            long from = System.currentTimeMillis();
            posts.sendPaced(clicks.subList(warm, clicks.size()), rate);
            awaitOutputs(watch, liveJob, liveOutput, warm + live, system + " (live)", run);
            latency = latencies(bootstrap, liveOutput, from);
            BenchCluster.cancel(liveJob);
            out.printf(
                Locale.ROOT,
                "  %-24s run %d: %,8.0f views/s drained (%,d lists); live at %,d/s: p50 %.0f ms,"
                    + " p99 %.0f ms (%d of %d batches sent > 5 ms late, %d not answered 200)%n",
                system,
                run,
                perSecond,
                count,
                rate,
                latency[0],
                latency[1],
                posts.late(),
                live / TrackerPosts.BATCH,
                posts.failed());
          }
          out.println("    busy while draining (ms/s per subtask, max): " + busy);
          results.add(new RunResult(system, run, perSecond, count, latency[0], latency[1]));
        }
        if (run == 1) {
          out.println(
              "    same work: " + compare(bootstrap, outputs.get(WALNUT), outputs.get(REFERENCE)));
        }
      }
    }
    ResultTable table = table(results, rate);
    out.println();
    out.print(table.render());
    return table;
  }

  static ResultTable table(List<RunResult> results, int rate) {
    ResultTable table = ResultTable.of(NAME, WALNUT, REFERENCE);
    ResultTable.Row perSecond =
        table
            .row("views/s (pre-loaded topic drained)", Better.HIGHER, "%,.0f")
            .goal(Goal.atLeast(10_000))
            .goal(Goal.ratioAtLeast(0.8));
    ResultTable.Row p50 =
        table.row(String.format(Locale.ROOT, "p50 ms at %,d/s live", rate), Better.LOWER, "%,.0f");
    ResultTable.Row p99 =
        table
            .row(String.format(Locale.ROOT, "p99 ms at %,d/s live", rate), Better.LOWER, "%,.0f")
            .goal(Goal.below(250));
    results.stream()
        .sorted((a, b) -> Integer.compare(a.run(), b.run()))
        .forEach(
            r -> {
              if (r.system().equals(WALNUT)) {
                perSecond.walnut(r.perSecond());
                p50.walnut(r.p50());
                p99.walnut(r.p99());
              } else {
                perSecond.reference(r.perSecond());
                p50.reference(r.p50());
                p99.reference(r.p99());
              }
            });
    return table;
  }

  private JobClient submit(
      BenchCluster cluster,
      String system,
      Map<String, String> props,
      String input,
      String output,
      String tag,
      Path model)
      throws Exception {
    if (system.equals(WALNUT)) {
      ObjectNode tree;
      try (InputStream in = Files.newInputStream(PythonEnv.findProjectRoot().resolve(SCENARIO))) {
        tree = (ObjectNode) JsonValues.mapper().readTree(in);
      }
      ScenarioTrees.setId(tree, "clickstream-recommendations-" + tag);
      ScenarioTrees.setProperty(tree, "parallelism", Integer.toString(parallelism));
      // the MLflow tracking URI and the broker as scenario properties: validation reads the
      // model's signature from MLflow
      props.forEach((k, v) -> ScenarioTrees.setProperty(tree, k, v));
      ScenarioTrees.setParameter(tree, "storefront events", "Topic", "'" + input + "'");
      ScenarioTrees.setParameter(tree, "storefront events", "Start from", "'earliest'");
      for (JsonNode n : tree.findParents("id")) {
        String id = n.path("id").asText();
        if (id.equals("shop metaobject") || id.equals("trending metaobject")) {
          ((ObjectNode) n).put("isDisabled", true);
        }
        if (id.equals("recommendations topic")) {
          for (JsonNode p : n.path("ref").path("parameters")) {
            if (p.path("name").asText().equals("Topic")) {
              ((ObjectNode) p.path("expression")).put("expression", "'" + output + "'");
            }
          }
        }
      }
      return new Deployer().deploy(ScenarioTrees.validated(tree), props, cluster.flink());
    }
    return HandWrittenRecommendationJob.submit(
        cluster.environment(Duration.ofSeconds(10)),
        cluster.bootstrapServers(),
        input,
        CATALOGUE,
        output,
        "reference-" + tag,
        model.toString(),
        parallelism);
  }

  /**
   * Waits until half the lists are out, then reads each task's busy time (ms per second, the
   * busiest subtask) from Flink's REST API: where the job spends its time while it drains the
   * topic.
   */
  private static String awaitHalf(
      OutputWatch watch, JobClient job, String topic, long expected, int restPort)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    while (watch.count(topic, PARTITIONS) < expected / 2 && System.nanoTime() < deadline) {
      BenchCluster.requireRunning(job, topic);
      Thread.sleep(200);
    }
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID();
    Map<String, Object> info =
        JsonValues.parseObject(get(http, base).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<String> parts = new ArrayList<>();
    for (Object o : (List<?>) info.get("vertices")) {
      Map<?, ?> v = (Map<?, ?>) o;
      String json =
          get(
              http,
              base + "/vertices/" + v.get("id") + "/subtasks/metrics?get=busyTimeMsPerSecond");
      List<?> m = (List<?>) JsonValues.parse(json);
      Object max = m.isEmpty() ? "?" : ((Map<?, ?>) m.get(0)).get("max");
      String name = String.valueOf(v.get("name"));
      parts.add((name.length() > 60 ? name.substring(0, 60) + "…" : name) + " = " + max);
    }
    return String.join("; ", parts);
  }

  private static String get(java.net.http.HttpClient http, String url) throws Exception {
    return http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Waits until every subtask of the job's rules holds the whole catalogue. */
  private void awaitCatalogue(JobClient job, String system, int products) throws Exception {
    String counter =
        system.equals(WALNUT)
            ? "walnut.catalogue-records.in the catalogue"
            : RecommendationRules.APPLIED;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (true) {
      Object v = job.getAccumulators().get().get(counter);
      if (v instanceof Number n && n.longValue() >= (long) products * parallelism) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            system + " did not load the catalogue within 5 minutes: " + v);
      }
      BenchCluster.requireRunning(job, system);
      Thread.sleep(200);
    }
  }

  /**
   * The staged collector records into {@code topic}, each to its partition, as fast as Kafka takes
   * them.
   */
  private static void copy(
      String bootstrap, List<ProducerRecord<byte[], byte[]>> staged, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.put("linger.ms", "5");
    p.put("batch.size", "262144");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (ProducerRecord<byte[], byte[]> r : staged) {
        producer.send(new ProducerRecord<>(topic, r.partition(), r.key(), r.value()));
      }
    }
  }

  /** Waits until the topic holds {@code expected} records, or its count stood still for 30 s. */
  private static long awaitOutputs(
      OutputWatch watch, JobClient job, String topic, long expected, String system, int run)
      throws Exception {
    long last = -1;
    long since = System.nanoTime();
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    while (true) {
      long n = watch.count(topic, PARTITIONS);
      if (n >= expected) {
        return n;
      }
      if (n != last) {
        last = n;
        since = System.nanoTime();
      } else if (n > 0 && System.nanoTime() - since > Duration.ofSeconds(30).toNanos()) {
        System.err.printf("%s run %d: output stopped at %,d of %,d%n", system, run, n, expected);
        return n;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(system + " run " + run + ": " + n + " of " + expected);
      }
      BenchCluster.requireRunning(job, system + " (run " + run + ")");
      Thread.sleep(200);
    }
  }

  /** Lists out per second: records between the first and last broker append time. */
  private static double perSecond(String bootstrap, String topic) {
    long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
    long n =
        TopicReader.forEach(
            bootstrap,
            topic,
            PARTITIONS,
            r -> {
              span[0] = Math.min(span[0], r.timestamp());
              span[1] = Math.max(span[1], r.timestamp());
            });
    return (n - 1) * 1000.0 / Math.max(1, span[1] - span[0]);
  }

  /**
   * p50 and p99 of (broker append time − collector timestamp) of views collected from {@code from}.
   */
  private static double[] latencies(String bootstrap, String topic, long from) {
    List<Long> ms = new ArrayList<>();
    TopicReader.forEach(
        bootstrap,
        topic,
        PARTITIONS,
        r -> {
          try {
            Object ts = JsonValues.parseObject(r.value()).get("collectorTstamp");
            long collected =
                ts instanceof Number num
                    ? num.longValue()
                    : Instant.parse(ts.toString()).toEpochMilli();
            if (collected >= from) {
              ms.add(r.timestamp() - collected);
            }
          } catch (Exception e) {
            throw new IllegalStateException("unreadable output record: " + e.getMessage(), e);
          }
        });
    long[] sorted = ms.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    return new double[] {
      sorted[(int) Math.ceil(0.50 * sorted.length) - 1],
      sorted[(int) Math.ceil(0.99 * sorted.length) - 1]
    };
  }

  /**
   * The same-work check: per shopper, the n-th list of each system holds the same model items in
   * the same order (the trending fill is eventually consistent, so it may differ).
   */
  private static String compare(String bootstrap, String walnut, String reference) {
    Map<String, List<List<String>>> a = modelParts(bootstrap, walnut);
    Map<String, List<List<String>>> b = modelParts(bootstrap, reference);
    long lists = 0;
    long differ = 0;
    String first = null;
    for (Map.Entry<String, List<List<String>>> e : a.entrySet()) {
      List<List<String>> other = b.getOrDefault(e.getKey(), List.of());
      for (int i = 0; i < e.getValue().size(); i++) {
        lists++;
        if (i >= other.size() || !other.get(i).equals(e.getValue().get(i))) {
          differ++;
          if (first == null) {
            first =
                e.getKey()
                    + " #"
                    + i
                    + ": "
                    + e.getValue().get(i)
                    + " vs "
                    + (i < other.size() ? other.get(i) : "none");
          }
        }
      }
    }
    long bLists = b.values().stream().mapToLong(List::size).sum();
    return differ == 0 && lists == bLists
        ? String.format(
            Locale.ROOT, "all %,d lists have the same model items in both outputs", lists)
        : String.format(
            Locale.ROOT,
            "DIFFERENT: %,d of %,d walnut lists differ (reference wrote %,d); first: %s",
            differ,
            lists,
            bLists,
            first);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<List<String>>> modelParts(String bootstrap, String topic) {
    Map<String, List<List<String>>> out = new HashMap<>();
    TopicReader.forEach(
        bootstrap,
        topic,
        PARTITIONS,
        r -> {
          try {
            Map<String, Object> rec = JsonValues.parseObject(r.value());
            List<Object> products = (List<Object>) rec.get("products");
            List<Object> sources = (List<Object>) rec.get("sources");
            List<String> model = new ArrayList<>();
            for (int i = 0; i < products.size(); i++) {
              if ("model".equals(sources.get(i))) {
                model.add(String.valueOf(products.get(i)));
              }
            }
            out.computeIfAbsent((String) rec.get("shopper"), k -> new ArrayList<>()).add(model);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    return out;
  }

  private Path trainAndRegister(
      PythonEnv python, Path sessions, Path work, MlflowServer mlflow, PrintStream out)
      throws Exception {
    long t0 = System.nanoTime();
    Path script = work.resolve("production_model.py");
    try (InputStream in = PipelineBenchmark.class.getResourceAsStream("production_model.py")) {
      Files.copy(in, script);
    }
    Path mapped = work.resolve("sessions.txt");
    Path cases = work.resolve("cases.tsv");
    SessionReplay.writeMapped(sessions, mapped, 0, false);
    SessionReplay.writeMapped(sessions.resolveSibling("test.tsv"), cases, 200, true);
    Path run = work.resolve("model");
    python.run(
        script,
        List.of(
            "train",
            mapped.toString(),
            cases.toString(),
            run.toString(),
            Integer.toString(trainSteps)),
        Duration.ofMinutes(10));
    python.run(
        script,
        List.of("register", run.toString(), mlflow.uri().toString(), "session-recs", "champion"),
        Duration.ofMinutes(5));
    out.printf(
        Locale.ROOT,
        "model: models/ reference architecture at production size (d 64, L 20, K 100, 43,097 items),"
            + " trained %d steps only (quality is irrelevant here), registered as"
            + " session-recs@champion in %.0f s%n",
        trainSteps,
        (System.nanoTime() - t0) / 1e9);
    return run.resolve("model.onnx");
  }

  /**
   * The local Shopify's products as catalogue records ({@code shopify-products}' contract) written
   * straight to the compacted topic: the {@code shopify-catalogue} scenario reads 43,097 products
   * at the plan's cost rate, minutes of paced queries before a run could start.
   */
  private static void feedCatalogue(LocalShopify shop, String bootstrap, PrintStream out)
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("linger.ms", "20");
    int n = 0;
    int showable = 0;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (ShopProduct sp : shop.products()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", Long.toString(sp.id()));
        r.put("gid", sp.gid());
        r.put("handle", sp.handle());
        r.put("title", sp.title());
        r.put("status", sp.status());
        r.put("published", sp.published());
        r.put("isGiftCard", sp.isGiftCard());
        r.put("tracksInventory", sp.tracksInventory());
        r.put("totalInventory", sp.totalInventory());
        r.put("available", sp.available());
        r.put("productType", sp.productType());
        r.put("vendor", sp.vendor());
        r.put("tags", sp.tags());
        r.put("price", sp.price());
        r.put("currency", sp.currency());
        r.put("updatedAt", sp.updatedAt().toString());
        r.put("deleted", false);
        producer.send(new ProducerRecord<>(CATALOGUE, Long.toString(sp.id()), JsonValues.write(r)));
        n++;
        if ("ACTIVE".equals(sp.status()) && sp.published() && sp.available() && !sp.isGiftCard()) {
          showable++;
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "catalogue: %,d products of the local Shopify (%,d showable) written to %s%n",
        n,
        showable,
        CATALOGUE);
  }

  private static void createOutput(String bootstrap, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, PARTITIONS, (short) 1)
                      .configs(Map.of("message.timestamp.type", "LogAppendTime"))))
          .all()
          .get();
    }
  }

  private static CollectorServer collector(String bootstrap, String topic) {
    return CollectorServer.start(
        CollectorConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .bootstrapServers(bootstrap)
            .goodTopic(topic)
            .cookie(CookieSettings.localDevelopment())
            .build());
  }
}
