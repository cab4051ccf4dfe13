package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.designer.bench.ValidateBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The benchmark runs end to end, the browser part in Debian's headless Chromium (like {@code
 * DesignerE2ETest}, it fails when Chromium or playwright-core is missing). Speed is never asserted
 * here, only that every system was measured.
 */
class ValidateBenchmarkTest {
  private static final Pattern TIMES = Pattern.compile("(\\s+\\d+\\.\\d\\d){3}");

  @Test
  void theBenchmarkMeasuresTheApiTheValidatorAndOpeningInTheBrowser() {
    String out =
        run(0, "--runs", "5", "--warmup", "1", "--browser-runs", "3", "--browser-warmup", "1");
    assertThat(out)
        .contains("Validating a 100-node scenario, 5 runs each")
        .contains("Opening it in the UI (headless Chromium), 3 runs each after 1 warm-ups")
        .doesNotContain("skipped");
    for (String system :
        new String[] {
          "walnut designer POST /api/validate",
          "engine ScenarioValidator (direct)",
          "walnut designer UI: open until 100 nodes + validation shown",
          "bare API from the page: GET scenario + POST /api/validate"
        }) {
      Matcher row = Pattern.compile(Pattern.quote(system) + TIMES.pattern()).matcher(out);
      assertThat(row.find()).as("a row with p50/p95/max for %s in:%n%s", system, out).isTrue();
    }
  }

  @Test
  void withoutABrowserTheBrowserPartIsSkippedAndSaysSo() {
    String out = run(0, "--runs", "3", "--warmup", "1", "--no-browser");
    assertThat(out)
        .contains("walnut designer POST /api/validate")
        .contains("browser part skipped (--no-browser)")
        .doesNotContain("Opening it in the UI");
  }

  @Test
  void aMissingBrowserScriptFailsSayingHowToSkipIt() {
    StringWriter err = new StringWriter();
    String out = run(1, err, "--runs", "3", "--warmup", "1", "--ui-dir", "target/no-such-ui");
    assertThat(err.toString())
        .as(out)
        .contains("cannot find designer/ui/e2e/open-benchmark.mjs")
        .contains("--no-browser");
  }

  private static String run(int expectedExit, String... args) {
    return run(expectedExit, new StringWriter(), args);
  }

  private static String run(int expectedExit, StringWriter err, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int exit;
    try {
      // the benchmark prints to System.out as it is when the command is created
      exit =
          new CommandLine(new ValidateBenchmark()).setErr(new PrintWriter(err, true)).execute(args);
    } finally {
      System.setOut(previous);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("%s%n%s", out, err).isEqualTo(expectedExit);
    return out;
  }
}
