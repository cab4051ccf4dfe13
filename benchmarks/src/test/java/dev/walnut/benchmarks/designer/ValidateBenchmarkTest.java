package dev.walnut.benchmarks.designer;

import static org.assertj.core.api.Assertions.assertThat;

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
        run(
            0,
            "--runs",
            "1",
            "--validations",
            "5",
            "--warmup",
            "1",
            "--openings",
            "3",
            "--browser-warmup",
            "1");
    assertThat(out)
        .contains("Validating a 100-node scenario, 5 validations each per run, after 1 untimed")
        .contains(
            "Opening it in the UI (headless Chromium), 3 openings each per run after 1 warm-ups")
        .contains("run 1 of 1")
        .containsPattern("open in the UI, p95 ms\\s+UI: open until 100 nodes")
        .contains("goals: not judged: 1 run")
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
    String out = run(0, "--runs", "3", "--validations", "3", "--warmup", "1", "--no-browser");
    assertThat(out)
        .contains("walnut designer POST /api/validate")
        .contains("browser part skipped (--no-browser)")
        .doesNotContain("Opening it in the UI")
        .doesNotContain("open in the UI");
  }

  @Test
  void threeRunsGiveOneTableWithTheApiBesideTheValidatorAndAVerdict() {
    String out = run(0, "--runs", "3", "--validations", "3", "--warmup", "1", "--no-browser");
    assertThat(out)
        .contains("run 3 of 3")
        .contains("designer-validate: 3 runs of each system")
        .containsPattern("validate, p95 ms\\s+POST /api/validate .*< 1,000 [✔✘]")
        .contains("ScenarioValidator in-process")
        .containsPattern("goals: \\d met, \\d missed");
  }

  @Test
  void aMissingBrowserScriptFailsSayingHowToSkipIt() {
    StringWriter err = new StringWriter();
    String out =
        run(1, err, "--validations", "3", "--warmup", "1", "--ui-dir", "target/no-such-ui");
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
