package dev.walnut.cli;

import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.testrun.TestCase;
import dev.walnut.engine.testrun.TestCaseResult;
import dev.walnut.engine.testrun.TestCaseRunner;
import dev.walnut.engine.validation.ValidationResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./walnut test}: runs the test cases stored in scenarios (what CI runs). {@code ./walnut
 * test-run} is its ad-hoc sibling: inputs from files, results written out, nothing asserted.
 */
@Command(
    name = "test",
    description =
        "Runs the test cases stored in each scenario (metaData.additionalFields.testCases): their"
            + " records as the sources' input, mocked enricher answers, assertions per node."
            + " Exit 0 when every case passes, 1 otherwise. (test-run runs ad-hoc input files.)")
final class TestCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "SCENARIO.json")
  List<Path> scenarios;

  @Option(names = "--case", paramLabel = "NAME", description = "Runs only the case of this name.")
  String only;

  @Option(
      names = "--junit-xml",
      paramLabel = "FILE",
      description = "Also writes a JUnit XML report (one testsuite per scenario).")
  Path junitXml;

  @Option(
      names = "--property",
      paramLabel = "KEY=VALUE",
      description = "Overrides a scenario property; repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  /** One scenario's outcome: its cases, or why none ran. */
  private record Suite(String name, List<TestCaseResult> results, String error, long millis) {}

  @Override
  public Integer call() throws Exception {
    List<Suite> suites = new ArrayList<>();
    TestCaseRunner runner = new TestCaseRunner(ComponentRegistry.load());
    try (LocalFlinkCluster cluster = LocalFlinkCluster.start(0, 4)) {
      for (Path file : scenarios) {
        suites.add(runScenario(file, runner, cluster));
      }
    }
    int cases = 0;
    int failed = 0;
    for (Suite s : suites) {
      cases += s.results().size();
      failed += (int) s.results().stream().filter(r -> !r.passed()).count();
      failed += s.error() == null ? 0 : 1;
    }
    System.out.printf("%d test case%s, %d failed%n", cases, cases == 1 ? "" : "s", failed);
    if (junitXml != null) {
      writeJunit(suites, junitXml);
      System.out.println("JUnit XML report: " + junitXml);
    }
    return failed == 0 ? 0 : 1;
  }

  private Suite runScenario(Path file, TestCaseRunner runner, LocalFlinkCluster cluster) {
    long start = System.nanoTime();
    String fallbackName = file.getFileName().toString().replaceFirst("\\.json$", "");
    ByteCapture load = new ByteCapture();
    Optional<ValidationResult> loaded = Scenarios.load(file, properties, load.stream());
    if (loaded.isEmpty()) {
      return failedSuite(fallbackName, load.text().trim(), start);
    }
    ValidationResult validated = loaded.get();
    String name = validated.scenario().id();
    System.out.println("scenario `" + name + "` (" + file + ")");
    if (!validated.isValid()) {
      Scenarios.printErrors(validated, System.out);
      return failedSuite(name, "the scenario is invalid: " + validated.describe(), start);
    }
    List<TestCaseResult> results;
    try {
      if (TestCase.of(validated.scenario()).isEmpty()) {
        return failedSuite(
            name,
            "scenario `"
                + name
                + "` has no test cases; add them under metaData.additionalFields.testCases"
                + " (the designer's Test cases panel writes them)",
            start);
      }
      results = runner.run(validated.scenario(), Optional.ofNullable(only), properties, cluster);
    } catch (IllegalArgumentException e) {
      return failedSuite(name, e.getMessage(), start);
    }
    for (TestCaseResult r : results) {
      System.out.printf(
          "  %s %s (%.1f s)%n", r.passed() ? "PASS" : "FAIL", r.name(), r.millis() / 1000.0);
      if (!r.passed()) {
        for (String line : r.failureMessage().split("\n")) {
          System.out.println("       " + line);
        }
      }
    }
    return new Suite(name, results, null, (System.nanoTime() - start) / 1_000_000);
  }

  private static Suite failedSuite(String name, String error, long start) {
    System.out.println("  ERROR " + name + ": " + error);
    return new Suite(name, List.of(), error, (System.nanoTime() - start) / 1_000_000);
  }

  /** Surefire's format, which CI servers read: a testsuite per scenario, a testcase per case. */
  private static void writeJunit(List<Suite> suites, Path file)
      throws IOException, XMLStreamException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      for (Suite s : suites) {
        long failures =
            s.results().stream().filter(r -> !r.passed() && r.problems().isEmpty()).count();
        long errors =
            s.results().stream().filter(r -> !r.problems().isEmpty()).count()
                + (s.error() == null ? 0 : 1);
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", "scenario." + s.name());
        x.writeAttribute("tests", Integer.toString(Math.max(1, s.results().size())));
        x.writeAttribute("failures", Long.toString(failures));
        x.writeAttribute("errors", Long.toString(errors));
        x.writeAttribute("skipped", "0");
        x.writeAttribute("time", seconds(s.millis()));
        if (s.error() != null) {
          // a scenario that could not be tested is one errored test, so CI shows it
          testcase(x, s.name(), "(scenario)", s.millis());
          x.writeStartElement("error");
          x.writeAttribute("message", firstLine(s.error()));
          x.writeCharacters(s.error());
          x.writeEndElement();
          x.writeEndElement();
        }
        for (TestCaseResult r : s.results()) {
          testcase(x, s.name(), r.name(), r.millis());
          if (!r.passed()) {
            x.writeStartElement(r.problems().isEmpty() ? "failure" : "error");
            x.writeAttribute("message", firstLine(r.failureMessage()));
            x.writeCharacters(r.failureMessage());
            x.writeEndElement();
          }
          x.writeEndElement();
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
      }
      x.writeCharacters("\n");
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    }
  }

  private static void testcase(XMLStreamWriter x, String scenario, String name, long millis)
      throws XMLStreamException {
    x.writeCharacters("\n    ");
    x.writeStartElement("testcase");
    x.writeAttribute("classname", "scenario." + scenario);
    x.writeAttribute("name", name);
    x.writeAttribute("time", seconds(millis));
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  /** What {@link Scenarios#load} prints about an unreadable file, kept for the report. */
  private static final class ByteCapture {
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private final java.io.PrintStream stream =
        new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);

    java.io.PrintStream stream() {
      return stream;
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
