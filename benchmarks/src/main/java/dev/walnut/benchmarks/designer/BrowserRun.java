package dev.walnut.benchmarks.designer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The browser part of {@link ValidateBenchmark}: {@code node ui/e2e/open-benchmark.mjs} drives
 * Debian's headless Chromium with playwright-core against a running designer. Everything it needs
 * is checked before anything is measured, and a missing piece says how to install it.
 */
final class BrowserRun {
  static final String SCRIPT = "e2e/open-benchmark.mjs";
  private static final String RESULT = "RESULT ";
  private static final String SKIP = " (or pass --no-browser to skip the browser part)";

  /** Milliseconds per timed run: the UI opening, and the bare API calls from the same page. */
  record Times(List<Double> ui, List<Double> api) {}

  private final Path ui;
  private final Path chromium;

  private BrowserRun(Path ui, Path chromium) {
    this.ui = ui;
    this.chromium = chromium;
  }

  static BrowserRun find(Path uiDir) throws IOException, InterruptedException {
    Path ui = uiDir != null ? uiDir.toAbsolutePath() : findUi();
    if (ui == null || !Files.isRegularFile(ui.resolve(SCRIPT))) {
      throw new IllegalStateException(
          "cannot find designer/ui/"
              + SCRIPT
              + (uiDir != null ? " under " + uiDir : " from " + Path.of("").toAbsolutePath())
              + ": run from the repository (or designer/), or pass --ui-dir"
              + SKIP);
    }
    if (!Files.isDirectory(ui.resolve("node_modules/playwright-core"))) {
      throw new IllegalStateException(
          "playwright-core is not installed: run `npm ci` in "
              + ui
              + " (scripts/setup.sh does it)"
              + SKIP);
    }
    Path chromium = Path.of(System.getenv().getOrDefault("WALNUT_CHROMIUM", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      throw new IllegalStateException(
          "no Chromium at "
              + chromium
              + ": install Debian's chromium (`apt-get install chromium`, or scripts/setup.sh)"
              + " or set WALNUT_CHROMIUM"
              + SKIP);
    }
    if (BrowserRun.class.getClassLoader().getResource("designer-ui/index.html") == null) {
      throw new IllegalStateException(
          "the web UI is not built into this designer: build it with `mvn -f designer/pom.xml"
              + " package` without -Dwalnut.ui.skip (needs `npm ci` in designer/ui)"
              + SKIP);
    }
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      node.getOutputStream().close();
      String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (node.waitFor() != 0) {
        throw new IllegalStateException("`node --version` failed: " + version + SKIP);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "no `node` on the PATH: install Node.js and npm (`apt-get install nodejs npm`, or"
              + " scripts/setup.sh)"
              + SKIP,
          e);
    }
    return new BrowserRun(ui, chromium);
  }

  /** designer/ui or ui/ in the working directory or one of its parents. */
  private static Path findUi() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate : List.of(dir.resolve("designer/ui"), dir.resolve("ui"))) {
        if (Files.isRegularFile(candidate.resolve(SCRIPT))) {
          return candidate;
        }
      }
    }
    return null;
  }

  Times run(
      String url,
      String user,
      String password,
      String scenario,
      int nodes,
      String other,
      int otherNodes,
      int runs,
      int warmup)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("walnut-designer-open-bench-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder("node", SCRIPT)
            .directory(ui.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("WALNUT_URL", url);
    pb.environment().put("WALNUT_USER", user);
    pb.environment().put("WALNUT_PASSWORD", password);
    pb.environment().put("WALNUT_CHROMIUM", chromium.toString());
    pb.environment().put("WALNUT_SCENARIO", scenario);
    pb.environment().put("WALNUT_NODES", Integer.toString(nodes));
    pb.environment().put("WALNUT_OTHER", other);
    pb.environment().put("WALNUT_OTHER_NODES", Integer.toString(otherNodes));
    pb.environment().put("WALNUT_RUNS", Integer.toString(runs));
    pb.environment().put("WALNUT_WARMUP", Integer.toString(warmup));
    Process node = pb.start();
    node.getOutputStream().close();
    boolean done = node.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      node.destroyForcibly();
    }
    String output = Files.readString(log);
    Files.delete(log);
    if (!done || node.exitValue() != 0) {
      throw new IllegalStateException(
          "the browser part "
              + (done ? "failed (exit " + node.exitValue() + ")" : "did not finish in 10 minutes")
              + ":\n"
              + output);
    }
    String result =
        output
            .lines()
            .filter(l -> l.startsWith(RESULT))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new IllegalStateException("no result from the browser:\n" + output));
    JsonNode json = new ObjectMapper().readTree(result.substring(RESULT.length()));
    return new Times(millis(json.get("ui")), millis(json.get("api")));
  }

  private static List<Double> millis(JsonNode array) {
    List<Double> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asDouble()));
    if (values.isEmpty()) {
      throw new IllegalStateException("the browser measured nothing");
    }
    return values;
  }
}
