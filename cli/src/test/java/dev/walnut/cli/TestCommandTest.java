package dev.walnut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/** {@code ./walnut test}: the shipped scenarios' stored cases pass; a broken case fails CI. */
class TestCommandTest {
  private static final Path SCENARIOS = Path.of("../scenarios");
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
  void theShippedScenariosCasesPassAndAreReportedAsJunitXml() throws Exception {
    Path report = dir.resolve("reports/walnut-tests.xml");

    Run r =
        walnut(
            "test",
            SCENARIOS.resolve("datasqrl-covisit.json").toString(),
            SCENARIOS.resolve("clickstream-sessions.json").toString(),
            SCENARIOS.resolve("snowplow-last-viewed.json").toString(),
            "--junit-xml",
            report.toString());

    assertThat(r.out()).contains("3 test cases, 0 failed").doesNotContain("FAIL");
    assertThat(r.code()).as(r.out()).isZero();
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    NodeList suites = xml.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(3);
    Element first = (Element) suites.item(0);
    assertThat(first.getAttribute("name")).isEqualTo("scenario.datasqrl-covisit");
    assertThat(first.getAttribute("failures")).isEqualTo("0");
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(3);
    assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
  }

  @Test
  void aFailingCaseExitsOneSayingWhatDifferedAndIsAFailureInTheReport() throws Exception {
    Path broken = dir.resolve("sessions.json");
    // the case expects https://a in u1's list at minute 6, but it left at minute 5
    Files.writeString(
        broken,
        Files.readString(SCENARIOS.resolve("clickstream-sessions.json"))
            .replace("\"out\": 5", "\"out\": 4"));
    Path report = dir.resolve("report.xml");

    Run r = walnut("test", broken.toString(), "--junit-xml", report.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL each click shows the user's pages of the last five minutes")
        .contains("node `page views only` count: out 5, expected 4")
        .contains("1 test case, 1 failed");
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    Element failure = (Element) xml.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo("node `page views only` count: out 5, expected 4");
  }

  @Test
  void aScenarioWithoutCasesOrWithAnUnknownCaseExitsOne() throws Exception {
    Path none = dir.resolve("none.json");
    Files.writeString(
        none,
        Files.readString(SCENARIOS.resolve("clickstream-sessions.json"))
            .replace("\"testCases\"", "\"otherField\""));

    Run r = walnut("test", none.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "scenario `clickstream-sessions` has no test cases; add them under"
                + " metaData.additionalFields.testCases");

    Run unknown =
        walnut("test", SCENARIOS.resolve("clickstream-sessions.json").toString(), "--case", "x");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.out())
        .contains("scenario `clickstream-sessions` has no test case named `x`; it has [`each");
  }
}
