package dev.walnut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./walnut demo} as a newcomer meets it: every part started by the command (on free ports,
 * its state in a temporary directory, the demo model trained briefly on first start), then the
 * storefront driven in headless Chromium — three products clicked, and "Recommended for you" shows
 * products they have not viewed, made by the model MLflow holds; a fresh browser sees "Trending
 * now". Screenshots in {@code cli/target/screenshots/}. Nothing is left running afterwards.
 */
class DemoCommandTest {

  @Test
  void aNewcomerClicksThreeProductsAndSeesRecommendationsOfOthers() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path playwright = root.resolve("demo-storefront/node_modules/playwright-core");
    if (!Files.isDirectory(playwright)) {
      throw new AssertionError(
          "playwright-core is missing in "
              + playwright
              + ": run scripts/setup.sh --with-browser (npm ci in demo-storefront)");
    }
    Path state = Files.createTempDirectory("walnut-demo-test-");
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo)
        .parseArgs(
            "--kafka-port", "0",
            "--collector-port", "0",
            "--designer-port", "0",
            "--flink-port", "0",
            "--shopify-port", "0",
            "--storefront-port", "0",
            "--mlflow-port", "0",
            "--rate", "10",
            "--clicks-rate", "5",
            "--training-steps", "40",
            "--state-dir", state.toString());
    try (demo) {
      DemoCommand.Urls urls = demo.start(root);
      assertThat(urls).as("the demo started (its output says why not)").isNotNull();
      JsonNode report = drive(root, playwright, urls.storefront());
      List<String> viewed = texts(report.path("viewed"));
      List<String> recommended = texts(report.path("recommended"));
      assertThat(report.path("errors")).isEmpty();
      assertThat(report.path("heading").asText()).isEqualTo("Recommended for you");
      assertThat(report.path("title").asText()).isEqualTo("Model version: 1");
      assertThat(recommended)
          .hasSize(10)
          .doesNotHaveDuplicates()
          .doesNotContainAnyElementsOf(viewed);
      assertThat(report.path("freshHeading").asText()).isEqualTo("Trending now");
    }
  }

  private static JsonNode drive(Path root, Path playwright, String storefront) throws Exception {
    Path err = Files.createTempFile("walnut-demo-check-", ".err");
    Process node;
    try {
      node =
          new ProcessBuilder(
                  "node",
                  root.resolve("cli/src/test/browser/demo-check.mjs").toString(),
                  playwright.toString(),
                  storefront,
                  root.resolve("cli/target/screenshots").toString())
              .redirectError(err.toFile())
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run node (" + e.getMessage() + "): run scripts/setup.sh --with-browser", e);
    }
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(5, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new AssertionError("the browser check did not finish in 5 minutes");
    }
    assertThat(node.exitValue()).as(Files.readString(err)).isZero();
    String last = out.lines().reduce((a, b) -> b).orElse("");
    return new ObjectMapper().readTree(last);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
