package dev.walnut.benchmarks.designer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.benchmarks.BenchRunOptions;
import dev.walnut.benchmarks.Better;
import dev.walnut.benchmarks.Goal;
import dev.walnut.benchmarks.ResultTable;
import dev.walnut.designer.DesignerConfig;
import dev.walnut.designer.DesignerServer;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.engine.validation.ScenarioValidator;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How long the designer takes to validate a large scenario on every edit: the full API round trip
 * ({@code POST /api/validate}: HTTP, JSON parsing, validation, variables per node, JSON answer)
 * beside the engine's validator called in-process on the same scenario, in the same run. Then, in
 * headless Chromium ({@code ui/e2e/open-benchmark.mjs}), how long opening the stored scenario in
 * the UI takes until the canvas shows every node and the validation of that version is shown,
 * beside the bare API calls the UI makes for it (GET the scenario, POST /api/validate) fetched from
 * the same page. Each of {@code --runs} runs does both; the goal — the designer answers well under
 * a second — is judged on the median of the runs' p95: p95 &lt; 1,000 ms for validating through the
 * API and for opening in the UI.
 */
@Command(
    name = ValidateBenchmark.NAME,
    mixinStandardHelpOptions = true,
    description =
        "Validation latency of an N-node scenario: designer API vs in-process validator;"
            + " opening it in the UI (headless Chromium) vs the bare API calls.")
public final class ValidateBenchmark implements Callable<Integer> {
  static final String NAME = "designer-validate";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Size of the scenario the browser opens between two timed openings of the large one. */
  private static final int OTHER_NODES = 3;

  @Mixin BenchRunOptions options;

  @Option(names = "--nodes", description = "scenario size (default: ${DEFAULT-VALUE})")
  int nodes = 100;

  @Option(
      names = "--validations",
      description = "timed validations per system in each run (default: ${DEFAULT-VALUE})")
  int validations = 200;

  @Option(
      names = "--warmup",
      description = "untimed validations before the first run (default: ${DEFAULT-VALUE})")
  int warmup = 50;

  @Option(names = "--no-browser", description = "skip the browser part (machines without Chromium)")
  boolean noBrowser;

  @Option(
      names = "--openings",
      description = "timed openings in the browser in each run (default: ${DEFAULT-VALUE})")
  int openings = 20;

  @Option(
      names = "--browser-warmup",
      description =
          "untimed openings in the browser at the start of each run (default: ${DEFAULT-VALUE})")
  int browserWarmup = 2;

  @Option(
      names = "--ui-dir",
      description = "the designer's ui/ directory (default: designer/ui or ui/ found from here)")
  Path uiDir;

  PrintStream out = System.out;

  /** One run: milliseconds per timed validation or opening. */
  record Round(List<Double> api, List<Double> direct, BrowserRun.Times opening) {}

  @Override
  public Integer call() throws Exception {
    int runs = options.runs();
    ObjectNode scenario = scenario(nodes);
    String body = MAPPER.writeValueAsString(scenario);
    ScenarioValidator validator = new ScenarioValidator(ComponentRegistry.load());
    if (!validator.validate(ScenarioJson.fromTree(scenario)).isValid()) {
      throw new IllegalStateException("the benchmark scenario is not valid");
    }
    Path dir = Files.createTempDirectory("walnut-designer-bench-");
    String password = "benchmark-" + System.nanoTime();
    DesignerConfig config =
        new DesignerConfig(
            "127.0.0.1",
            0,
            DesignerConfig.h2Url(dir),
            "sa",
            "",
            "bench",
            password,
            List.of(),
            DesignerConfig.DEFAULT_MAX_BODY_BYTES,
            0,
            1,
            Map.of(),
            null,
            null);
    List<Round> rounds = new ArrayList<>();
    // fail before measuring anything when the browser part cannot run
    BrowserRun browserSetup = noBrowser ? null : BrowserRun.find(uiDir);
    out.printf(
        Locale.ROOT,
        "Validating a %d-node scenario, %d validations each per run, after %d untimed%n",
        nodes,
        validations,
        warmup);
    if (browserSetup != null) {
      out.printf(
          Locale.ROOT,
          "Opening it in the UI (headless Chromium), %d openings each per run after %d warm-ups%n",
          openings,
          browserWarmup);
    }
    try (DesignerServer server = DesignerServer.start(config)) {
      HttpClient http = HttpClient.newHttpClient();
      String token =
          MAPPER
              .readTree(
                  send(
                      http,
                      server.url() + "/api/login",
                      null,
                      "{\"user\":\"bench\",\"password\":\"" + password + "\"}"))
              .get("token")
              .asText();
      ObjectNode other = scenario(OTHER_NODES);
      if (browserSetup != null) {
        send(http, server.url() + "/api/scenarios/import", token, body);
        send(http, server.url() + "/api/scenarios/import", token, MAPPER.writeValueAsString(other));
      }
      for (int i = 0; i < warmup; i++) {
        validateBoth(http, server.url(), token, body, validator);
      }
      for (int run = 1; run <= runs; run++) {
        List<Double> api = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        for (int i = 0; i < validations; i++) {
          double[] millis = validateBoth(http, server.url(), token, body, validator);
          api.add(millis[0]);
          direct.add(millis[1]);
        }
        BrowserRun.Times opening =
            browserSetup == null
                ? null
                : browserSetup.run(
                    server.url(),
                    "bench",
                    password,
                    scenario.at("/metaData/id").asText(),
                    nodes,
                    other.at("/metaData/id").asText(),
                    OTHER_NODES,
                    openings,
                    browserWarmup);
        Round round = new Round(api, direct, opening);
        rounds.add(round);
        printRound(run, runs, round);
      }
    }
    if (browserSetup == null) {
      out.println();
      out.println("browser part skipped (--no-browser)");
    }
    ResultTable table = table(rounds, nodes);
    out.println();
    out.print(table.render());
    return options.finish(out, table);
  }

  /** One validation through the API, then one in-process: their milliseconds. */
  private static double[] validateBoth(
      HttpClient http, String url, String token, String body, ScenarioValidator validator)
      throws Exception {
    long t0 = System.nanoTime();
    String answer = send(http, url + "/api/validate", token, body);
    long t1 = System.nanoTime();
    validator.validate(ScenarioJson.fromTree(MAPPER.readTree(body)));
    long t2 = System.nanoTime();
    if (!answer.contains("\"valid\":true")) {
      throw new IllegalStateException("the API found the scenario invalid: " + answer);
    }
    return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
  }

  private void printRound(int run, int runs, Round r) {
    String row = "%-58s %8s %8s %8s%n";
    out.println();
    out.printf(Locale.ROOT, "run %d of %d%n", run, runs);
    out.printf(Locale.ROOT, row, "system", "p50 ms", "p95 ms", "max ms");
    print(row, "walnut designer POST /api/validate", r.api());
    print(row, "engine ScenarioValidator (direct)", r.direct());
    if (r.opening() != null) {
      print(
          row,
          "walnut designer UI: open until " + nodes + " nodes + validation shown",
          r.opening().ui());
      print(row, "bare API from the page: GET scenario + POST /api/validate", r.opening().api());
    }
  }

  /** The runs' percentiles as the shared table; the goals are on the p95s. */
  static ResultTable table(List<Round> rounds, int nodes) {
    ResultTable table = ResultTable.of(NAME, "walnut designer", "reference");
    String api = "POST /api/validate";
    String direct = "ScenarioValidator in-process";
    ResultTable.Row validateP50 =
        table.row("validate, p50 ms", Better.LOWER, "%.2f").labels(api, direct);
    ResultTable.Row validateP95 =
        table
            .row("validate, p95 ms", Better.LOWER, "%.2f")
            .labels(api, direct)
            .goal(Goal.below(1_000));
    boolean browser = rounds.stream().allMatch(r -> r.opening() != null);
    ResultTable.Row openP50 = null;
    ResultTable.Row openP95 = null;
    if (browser) {
      String ui = "UI: open until " + nodes + " nodes + validation shown";
      String bare = "bare API from the page (GET + POST /api/validate)";
      openP50 = table.row("open in the UI, p50 ms", Better.LOWER, "%.1f").labels(ui, bare);
      openP95 =
          table
              .row("open in the UI, p95 ms", Better.LOWER, "%.1f")
              .labels(ui, bare)
              .goal(Goal.below(1_000));
    }
    for (Round r : rounds) {
      validateP50.walnut(percentile(r.api(), 0.5)).reference(percentile(r.direct(), 0.5));
      validateP95.walnut(percentile(r.api(), 0.95)).reference(percentile(r.direct(), 0.95));
      if (browser) {
        openP50
            .walnut(percentile(r.opening().ui(), 0.5))
            .reference(percentile(r.opening().api(), 0.5));
        openP95
            .walnut(percentile(r.opening().ui(), 0.95))
            .reference(percentile(r.opening().api(), 0.95));
      }
    }
    return table;
  }

  private void print(String row, String name, List<Double> millis) {
    out.printf(
        Locale.ROOT,
        row,
        name,
        ms(percentile(millis, 0.5)),
        ms(percentile(millis, 0.95)),
        ms(percentile(millis, 1)));
  }

  /** Nearest rank: the smallest value at least {@code q} of the values do not exceed. */
  static double percentile(List<Double> millis, double q) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    int n = sorted.size();
    return sorted.get(Math.min(n - 1, Math.max(0, (int) Math.ceil(n * q) - 1)));
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.2f", millis);
  }

  private static String send(HttpClient http, String url, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** A kafka source, alternating variables and filters, a dead-end sink: {@code n} nodes. */
  static ObjectNode scenario(int n) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode meta = root.putObject("metaData");
    meta.put("id", "bench-" + n);
    ObjectNode af = meta.putObject("additionalFields");
    af.putNull("description");
    af.putObject("properties").put("parallelism", "1");
    af.put("metaDataType", "StreamMetaData");
    ArrayNode nodesArray = root.putArray("nodes");
    ObjectNode source = nodesArray.addObject();
    source.put("id", "source");
    ObjectNode ref = source.putObject("ref");
    ref.put("typ", "kafka");
    param(ref.putArray("parameters"), "Topic", "'events'");
    source.put("type", "Source");
    for (int i = 1; i < n - 1; i++) {
      ObjectNode node = nodesArray.addObject();
      node.put("id", "step-" + i);
      if (i % 2 == 1) {
        node.put("varName", "v" + i);
        node.putObject("value")
            .put("language", "spel")
            .put("expression", "#input.amount == null ? " + i + " : #input.amount * " + i);
        node.put("type", "Variable");
      } else {
        node.putObject("expression")
            .put("language", "spel")
            .put("expression", "#v" + (i - 1) + " >= 0 || #input.kind != 'skip'");
        node.putNull("isDisabled");
        node.putArray("nextFalse");
        node.put("type", "Filter");
      }
    }
    ObjectNode sink = nodesArray.addObject();
    sink.put("id", "sink");
    ObjectNode sinkRef = sink.putObject("ref");
    sinkRef.put("typ", "dead-end");
    sinkRef.putArray("parameters");
    sink.putNull("endResult");
    sink.putNull("isDisabled");
    sink.put("type", "Sink");
    root.putArray("additionalBranches");
    return root;
  }

  private static void param(ArrayNode params, String name, String expression) {
    ObjectNode p = params.addObject();
    p.put("name", name);
    p.putObject("expression").put("language", "spel").put("expression", expression);
  }
}
