package dev.walnut.benchmarks.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Small runs of the benchmark: each prints its figures, every shopper ends with its last update,
 * and the shared table judges the goals on the three runs (speed is never asserted).
 */
class ShopifyBenchmarkCommandTest {

  @Test
  void threeSmallRunsReportTheBudgetJudgeTheGoalsAndLoseNoUpdate() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ShopifyBenchmarkCommand());
    cli.setOut(new PrintWriter(out));
    int exit =
        cli.execute(
            "--runs",
            "3",
            "--updates",
            "1500",
            "--shoppers",
            "300",
            "--rate",
            "1000",
            "--plans",
            "plus",
            "--coalesce",
            "PT0.5S");

    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("run 3 of 3: plus plan (1000 points/s")
        .contains("budget utilisation")
        .containsPattern("shoppers whose metaobject == last update\\s+(\\d+) / \\1")
        .contains("shopify: 3 runs of each system")
        .containsPattern("plus: API cost points spent\\s+walnut writer")
        .containsPattern("walnut ÷ reference .*ratio ≥ 0.95 [✔✘]")
        .contains("plus: THROTTLED/429 answers")
        .containsPattern(
            "plus: shoppers whose metaobject ≠ last update\\s+walnut writer\\s+0\\s+0\\s+0\\s+≤ 0 in every run ✔")
        .containsPattern("goals: \\d met, \\d missed");
  }
}
