package dev.walnut.shopify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A small run of the benchmark: it prints its table and every shopper ends with its last update.
 */
class ShopifyBenchmarkCommandTest {

  @Test
  void aSmallRunReportsTheBudgetAndLosesNoUpdate() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ShopifyBenchmarkCommand());
    cli.setOut(new PrintWriter(out));
    int exit =
        cli.execute(
            "--updates",
            "3000",
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
        .contains("plus plan (1000 points/s")
        .contains("budget utilisation")
        .containsPattern("shoppers whose metaobject == last update\\s+(\\d+) / \\1");
  }
}
