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
 * beside the engine's validator called in-process on the same scenario, in the same run.
 */
@Command(
    name = "designer-validate",
    mixinStandardHelpOptions = true,
    description = "Validation latency of an N-node scenario: designer API vs in-process validator.")
public final class ValidateBenchmark implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Option(names = "--nodes", description = "scenario size (default: ${DEFAULT-VALUE})")
  int nodes = 100;

  @Option(
      names = "--runs",
      description = "timed validations per system (default: ${DEFAULT-VALUE})")
  int runs = 200;

  @Option(names = "--warmup", description = "untimed validations first (default: ${DEFAULT-VALUE})")
  int warmup = 50;

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
            Map.of());
    List<Long> api = new ArrayList<>();
    List<Long> direct = new ArrayList<>();
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
          api.add(t1 - t0);
          direct.add(t2 - t1);
        }
      }
    }
    String row = "%-34s %8s %8s %8s%n";
    out.printf(Locale.ROOT, "Validating a %d-node scenario, %d runs each%n%n", nodes, runs);
    out.printf(Locale.ROOT, row, "system", "p50 ms", "p95 ms", "max ms");
    print(row, "walnut designer POST /api/validate", api);
    print(row, "engine ScenarioValidator (direct)", direct);
    return 0;
  }

  private void print(String row, String name, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    out.printf(
        Locale.ROOT,
        row,
        name,
        ms(sorted.get(sorted.size() / 2)),
        ms(sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.95)))),
        ms(sorted.get(sorted.size() - 1)));
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
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
