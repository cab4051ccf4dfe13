package dev.walnut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command forms and exit codes that scripts and checks rely on. */
class CliTest {
  private static final Path COVISIT = Path.of("../scenarios/datasqrl-covisit.json");
  @TempDir Path dir;

  private record Run(int code, String out) {}

  private static Run walnut(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new WalnutCli()).execute(args);
      return new Run(code, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void validateExitsZeroForAValidScenario() {
    Run r = walnut("validate", COVISIT.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("scenario `datasqrl-covisit` is valid (3 nodes)");
  }

  @Test
  void validateExitsOneAndListsErrorsPerNodeAndParameter() throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(
        broken,
        Files.readString(COVISIT)
            .replace("'PT10M'", "'-5m'")
            .replace("#input.userid", "#input.userid +"));

    Run r = walnut("validate", broken.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("scenario `datasqrl-covisit` is invalid (2 errors):")
        .contains(
            "node `co-visits`: parameter `window` must be a duration like 'PT10M' or '10m', got `-5m`")
        .contains("node `co-visits`: parameter `userKey`: syntax error at character 15")
        .doesNotContain("EL10");
  }

  @Test
  void validateExitsOneWhenTheFileIsMissingOrNotJson() throws Exception {
    assertThat(walnut("validate", dir.resolve("nope.json").toString()).out())
        .contains("does not exist");
    Path notJson = dir.resolve("x.json");
    Files.writeString(notJson, "{nodes:");
    Run r = walnut("validate", notJson.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("scenario is not valid JSON");
  }

  @Test
  void testRunWritesSinkRecordsAndNodeCounts() throws Exception {
    Path input = dir.resolve("clicks.jsonl");
    Files.write(
        input,
        List.of(
            "{\"userid\":\"u1\",\"url\":\"a\",\"event_time\":\"2024-01-02T00:00:00Z\"}",
            "{\"userid\":\"u1\",\"url\":\"b\",\"event_time\":\"2024-01-02T00:01:00Z\"}",
            "{\"userid\":\"u1\",\"url\":\"c\",\"event_time\":\"2024-01-02T00:20:00Z\"}"));
    Path out = dir.resolve("out");

    Run r =
        walnut(
            "test-run",
            COVISIT.toString(),
            "--input",
            "clicks=" + input,
            "--output",
            out.toString());

    assertThat(r.code()).isZero();
    assertThat(Files.readAllLines(out.resolve("recommendations.jsonl")))
        .containsExactly("{\"url\":\"a\",\"recommendation\":\"b\",\"frequency\":1}");
    assertThat(Files.readString(out.resolve("nodes.json"))).contains("\"co-visits\"");
    assertThat(Files.readAllLines(out.resolve("records.jsonl")))
        .anySatisfy(line -> assertThat(line).startsWith("{\"node\":\"co-visits\",\"variables\":{"));
    assertThat(Files.readAllLines(out.resolve("errors.jsonl"))).isEmpty();
  }

  @Test
  void testRunRefusesAnInputForANodeThatIsNotASource() {
    Run r =
        walnut(
            "test-run",
            COVISIT.toString(),
            "--input",
            "co-visits=x.jsonl",
            "--output",
            dir.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("--input names `co-visits`, which is not a source node of the scenario");
  }
}
