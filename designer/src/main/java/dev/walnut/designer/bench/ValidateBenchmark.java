package dev.walnut.designer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import picocli.CommandLine.Option;

/**
 * How long the designer takes to validate a large scenario on every edit: the full API round trip
 * ({@code POST /api/validate}: HTTP, JSON parsing, validation, variables per node, JSON answer)
 * beside the engine's validator called in-process on the same scenario, in the same run. Then, in
 * headless Chromium ({@code ui/e2e/open-benchmark.mjs}), how long opening the stored scenario in
 * the UI takes until the canvas shows every node and the validation of that version is shown,
 * beside the bare API calls the UI makes for it (GET the scenario, POST /api/validate) fetched from
 * the same page.
 */
@Command(
    name = "designer-validate",
    mixinStandardHelpOptions = true,
    description =
        "Validation latency of an N-node scenario: designer API vs in-process validator;"
            + " opening it in the UI (headless Chromium) vs the bare API calls.")
public final class ValidateBenchmark implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Size of the scenario the browser opens between two timed openings of the large one. */
  private static final int OTHER_NODES = 3;

  @Option(names = "--nodes", description = "scenario size (default: ${DEFAULT-VALUE})")
  int nodes = 100;

  @Option(
      names = "--runs",
      description = "timed validations per system (default: ${DEFAULT-VALUE})")
  int runs = 200;

  @Option(names = "--warmup", description = "untimed validations first (default: ${DEFAULT-VALUE})")
  int warmup = 50;

  @Option(names = "--no-browser", description = "skip the browser part (machines without Chromium)")
  boolean noBrowser;

  @Option(
      names = "--browser-runs",
      description = "timed openings in the browser (default: ${DEFAULT-VALUE})")
  int browserRuns = 20;

  @Option(
      names = "--browser-warmup",
      description = "untimed openings in the browser first (default: ${DEFAULT-VALUE})")
  int browserWarmup = 2;

  @Option(
      names = "--ui-dir",
      description = "the designer's ui/ directory (default: designer/ui or ui/ found from here)")
  Path uiDir;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
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
    List<Double> api = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    BrowserRun.Times opening = null;
    // fail before measuring anything when the browser part cannot run
    BrowserRun browserSetup = noBrowser ? null : BrowserRun.find(uiDir);
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
      for (int i = 0; i < warmup + runs; i++) {
        long t0 = System.nanoTime();
        String answer = send(http, server.url() + "/api/validate", token, body);
        long t1 = System.nanoTime();
        validator.validate(ScenarioJson.fromTree(MAPPER.readTree(body)));
        long t2 = System.nanoTime();
        if (!answer.contains("\"valid\":true")) {
          throw new IllegalStateException("the API found the scenario invalid: " + answer);
        }
        if (i >= warmup) {
          api.add((t1 - t0) / 1e6);
          direct.add((t2 - t1) / 1e6);
        }
      }
      if (browserSetup != null) {
        ObjectNode other = scenario(OTHER_NODES);
        send(http, server.url() + "/api/scenarios/import", token, body);
        send(http, server.url() + "/api/scenarios/import", token, MAPPER.writeValueAsString(other));
        opening =
            browserSetup.run(
                server.url(),
                "bench",
                password,
                scenario.at("/metaData/id").asText(),
                nodes,
                other.at("/metaData/id").asText(),
                OTHER_NODES,
                browserRuns,
                browserWarmup);
      }
    }
    String row = "%-58s %8s %8s %8s%n";
    out.printf(Locale.ROOT, "Validating a %d-node scenario, %d runs each%n", nodes, runs);
    if (opening != null) {
      out.printf(
          Locale.ROOT,
          "Opening it in the UI (headless Chromium), %d runs each after %d warm-ups%n",
          browserRuns,
          browserWarmup);
    }
    out.println();
    out.printf(Locale.ROOT, row, "system", "p50 ms", "p95 ms", "max ms");
    print(row, "walnut designer POST /api/validate", api);
    print(row, "engine ScenarioValidator (direct)", direct);
    if (opening != null) {
      print(
          row,
          "walnut designer UI: open until " + nodes + " nodes + validation shown",
          opening.ui());
      print(row, "bare API from the page: GET scenario + POST /api/validate", opening.api());
    } else {
      out.println();
      out.println("browser part skipped (--no-browser)");
    }
    return 0;
  }

  private void print(String row, String name, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    int n = sorted.size();
    out.printf(
        Locale.ROOT,
        row,
        name,
        ms(sorted.get(n / 2)),
        // nearest rank: the smallest value at least 95 % of the runs do not exceed
        ms(sorted.get(Math.max(0, (int) Math.ceil(n * 0.95) - 1))),
        ms(sorted.get(n - 1)));
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
