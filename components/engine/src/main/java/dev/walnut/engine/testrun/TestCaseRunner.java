package dev.walnut.engine.testrun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.api.DataType;
import dev.walnut.api.Variables;
import dev.walnut.api.json.JsonValues;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeType;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.spel.CompiledExpression;
import dev.walnut.engine.spel.ExpressionEvaluationException;
import dev.walnut.engine.spel.SpelCompiler;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a scenario's stored {@link TestCase}s through the test-run path ({@link TestRunner}): each
 * case's records are the sources' input, mocked enrichers answer what the case fixes, and the
 * assertions are checked against the sinks' records, the per-node counts and sampled records.
 */
public final class TestCaseRunner {
  private static final int SHOWN = 3;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** JSON's null among normalised values (a list cannot hold Java's null in every position). */
  private static final Object JSON_NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private final ScenarioValidator validator;
  private final SpelCompiler spel = SpelCompiler.create();
  private final TestRunner runner = new TestRunner();

  public TestCaseRunner(ComponentRegistry registry) {
    this.validator = new ScenarioValidator(registry);
  }

  /**
   * Runs every case of {@code scenario}, or only the one named {@code only}.
   *
   * @throws IllegalArgumentException when the cases are malformed or none is named {@code only}
   */
  public List<TestCaseResult> run(
      Scenario scenario,
      Optional<String> only,
      Map<String, String> propertyOverrides,
      LocalFlinkCluster cluster) {
    List<TestCase> cases = TestCase.of(scenario);
    if (only.isPresent()) {
      cases = cases.stream().filter(c -> c.name().equals(only.get())).toList();
      if (cases.isEmpty()) {
        throw new IllegalArgumentException(
            "scenario `"
                + scenario.id()
                + "` has no test case named `"
                + only.get()
                + "`; it has "
                + TestCase.of(scenario).stream().map(c -> "`" + c.name() + "`").toList());
      }
    }
    List<TestCaseResult> out = new ArrayList<>();
    for (TestCase c : cases) {
      out.add(run(scenario, c, propertyOverrides, cluster));
    }
    return out;
  }

  /** Runs one case; whatever goes wrong is in the result, never thrown. */
  public TestCaseResult run(
      Scenario scenario,
      TestCase testCase,
      Map<String, String> propertyOverrides,
      LocalFlinkCluster cluster) {
    long start = System.nanoTime();
    List<String> problems = new ArrayList<>();
    for (TestCase.Assertion a : testCase.assertions()) {
      if (scenario.node(a.node()).isEmpty()) {
        problems.add("an assertion checks node `" + a.node() + "`, which is not in the scenario");
      }
    }
    for (String source : testCase.inputs().keySet()) {
      if (scenario.node(source).filter(n -> n.kind() == NodeType.SOURCE).isEmpty()) {
        problems.add("inputs name `" + source + "`, which is not a source node of the scenario");
      }
    }
    Scenario mocked = scenario;
    try {
      mocked = EnricherMocks.apply(scenario, testCase.mocks());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      return new TestCaseResult(testCase.name(), problems, List.of(), Map.of(), millis(start));
    }
    ValidationResult validated = validator.validate(mocked, propertyOverrides);
    if (!validated.isValid()) {
      problems.add(
          "the scenario is not valid"
              + (testCase.mocks().isEmpty() ? "" : " with this case's mocks")
              + ": "
              + validated.describe());
      return new TestCaseResult(testCase.name(), problems, List.of(), Map.of(), millis(start));
    }
    TestRunResult result;
    try {
      result = runInputs(validated, testCase, propertyOverrides, cluster);
    } catch (Exception e) {
      problems.add(e.getMessage() == null ? e.toString() : e.getMessage());
      return new TestCaseResult(testCase.name(), problems, List.of(), Map.of(), millis(start));
    }
    List<TestCaseResult.Check> checks = new ArrayList<>();
    checks.add(errors(testCase, result));
    for (TestCase.Assertion a : testCase.assertions()) {
      checks.add(check(scenario, a, result));
    }
    return new TestCaseResult(testCase.name(), problems, checks, result.counts(), millis(start));
  }

  private TestRunResult runInputs(
      ValidationResult validated,
      TestCase testCase,
      Map<String, String> propertyOverrides,
      LocalFlinkCluster cluster)
      throws Exception {
    Path dir = Files.createTempDirectory("walnut-test-case-");
    try {
      Map<String, Path> files = new LinkedHashMap<>();
      for (Map.Entry<String, List<JsonNode>> e : testCase.inputs().entrySet()) {
        StringBuilder lines = new StringBuilder();
        for (JsonNode record : e.getValue()) {
          // a string is the raw line, so a malformed record can be part of a case
          lines.append(record.isTextual() ? record.asText() : MAPPER.writeValueAsString(record));
          lines.append('\n');
        }
        Path f = dir.resolve(files.size() + ".jsonl");
        Files.writeString(f, lines, StandardCharsets.UTF_8);
        files.put(e.getKey(), f);
      }
      return runner.run(validated, files, propertyOverrides, cluster);
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static TestCaseResult.Check errors(TestCase testCase, TestRunResult result) {
    int got = result.errors().size();
    int want = testCase.expectedErrors();
    if (got == want) {
      return new TestCaseResult.Check(
          null,
          "errors",
          true,
          got + (got == 1 ? " record failed" : " records failed") + ", as expected");
    }
    return new TestCaseResult.Check(
        null,
        "errors",
        false,
        got
            + (got == 1 ? " record failed" : " records failed")
            + ", expected "
            + want
            + (got == 0 ? "" : "; first: " + result.errors().get(0)));
  }

  private TestCaseResult.Check check(
      Scenario scenario, TestCase.Assertion a, TestRunResult result) {
    NodeData node = scenario.node(a.node()).orElseThrow();
    boolean sink = node.kind() == NodeType.SINK;
    String kind = a.kind().json();
    return switch (a.kind()) {
      case RECORDS, CONTAINS -> {
        if (!sink) {
          yield new TestCaseResult.Check(
              a.node(),
              kind,
              false,
              "`"
                  + kind
                  + "` compares what a sink wrote, and `"
                  + a.node()
                  + "` is a "
                  + node.type()
                  + ": check it with `count` or `condition` (over #records)");
        }
        yield compareRecords(a, result.sinkOutputs().getOrDefault(a.node(), List.of()));
      }
      case COUNT -> {
        TestRunResult.NodeCounts c =
            result.counts().getOrDefault(a.node(), new TestRunResult.NodeCounts(0, 0));
        List<String> differ = new ArrayList<>();
        a.in()
            .filter(n -> n != c.in())
            .ifPresent(n -> differ.add("in " + c.in() + ", expected " + n));
        a.out()
            .filter(n -> n != c.out())
            .ifPresent(n -> differ.add("out " + c.out() + ", expected " + n));
        yield new TestCaseResult.Check(
            a.node(),
            kind,
            differ.isEmpty(),
            differ.isEmpty() ? "in " + c.in() + ", out " + c.out() : String.join("; ", differ));
      }
      case CONDITION -> condition(a, sink, result);
    };
  }

  private TestCaseResult.Check compareRecords(TestCase.Assertion a, List<String> written) {
    List<Object> actual = new ArrayList<>();
    for (String line : written) {
      try {
        actual.add(normal(MAPPER.readTree(line)));
      } catch (JsonProcessingException e) {
        actual.add(line);
      }
    }
    List<Object> left = new ArrayList<>(actual);
    List<JsonNode> missing = new ArrayList<>();
    for (JsonNode want : a.records()) {
      if (!left.remove(normal(want))) {
        missing.add(want);
      }
    }
    boolean exact = a.kind() == TestCase.Assertion.Kind.RECORDS;
    boolean passed = missing.isEmpty() && (!exact || left.isEmpty());
    String kind = a.kind().json();
    if (passed) {
      return new TestCaseResult.Check(
          a.node(),
          kind,
          true,
          (exact ? "wrote exactly the " : "wrote the ")
              + a.records().size()
              + " expected records"
              + (exact ? "" : " among " + actual.size()));
    }
    StringBuilder m =
        new StringBuilder("wrote ")
            .append(actual.size())
            .append(actual.size() == 1 ? " record" : " records")
            .append(exact ? ", expected exactly " : ", expected at least these ")
            .append(a.records().size());
    if (!missing.isEmpty()) {
      m.append("; missing ").append(missing.size()).append(": ").append(shown(missing));
    }
    if (exact && !left.isEmpty()) {
      m.append("; unexpected ")
          .append(left.size())
          .append(": ")
          .append(shown(left.stream().map(JsonValues::write).toList()));
    }
    return new TestCaseResult.Check(a.node(), kind, false, m.toString());
  }

  private TestCaseResult.Check condition(TestCase.Assertion a, boolean sink, TestRunResult result) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, DataType> types = new LinkedHashMap<>();
    TestRunResult.NodeCounts c =
        result.counts().getOrDefault(a.node(), new TestRunResult.NodeCounts(0, 0));
    Map<String, Object> count = new LinkedHashMap<>();
    count.put("in", c.in());
    count.put("out", c.out());
    values.put("count", count);
    types.put("count", DataType.ofValue(count));
    List<Object> records = parsed(result.records().getOrDefault(a.node(), List.of()));
    values.put("records", records);
    types.put("records", DataType.ofValue(records));
    if (sink) {
      List<Object> output = parsed(result.sinkOutputs().getOrDefault(a.node(), List.of()));
      values.put("output", output);
      types.put("output", DataType.ofValue(output));
    }
    String kind = a.kind().json();
    CompiledExpression e = spel.compile(a.condition(), types);
    if (!e.isValid()) {
      return new TestCaseResult.Check(
          a.node(),
          kind,
          false,
          "condition `"
              + a.condition()
              + "` is not valid: "
              + e.errors().get(0).message()
              + (sink ? "" : " (#output is only defined for sinks; use #records or #count)"));
    }
    try {
      Boolean ok = e.evaluate(Variables.of(a.node(), values), Boolean.class);
      if (Boolean.TRUE.equals(ok)) {
        return new TestCaseResult.Check(a.node(), kind, true, "`" + a.condition() + "` holds");
      }
      return new TestCaseResult.Check(
          a.node(),
          kind,
          false,
          "`"
              + a.condition()
              + "` is "
              + ok
              + " ("
              + (sink
                  ? result.sinkOutputs().getOrDefault(a.node(), List.of()).size() + " written"
                  : "in " + c.in())
              + ", out "
              + c.out()
              + (sink
                  ? "; first: " + shown(result.sinkOutputs().getOrDefault(a.node(), List.of()))
                  : "")
              + ")");
    } catch (ExpressionEvaluationException ex) {
      return new TestCaseResult.Check(
          a.node(), kind, false, "condition `" + a.condition() + "` failed: " + ex.getMessage());
    }
  }

  private static List<Object> parsed(List<String> lines) {
    List<Object> out = new ArrayList<>();
    for (String line : lines) {
      try {
        out.add(JsonValues.parse(line));
      } catch (IOException e) {
        out.add(line);
      }
    }
    return out;
  }

  /** Up to {@value #SHOWN} values, then how many more. */
  private static String shown(List<?> values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(SHOWN, values.size()); i++) {
      b.append(i == 0 ? "" : ", ").append(values.get(i));
    }
    if (values.size() > SHOWN) {
      b.append(" … and ").append(values.size() - SHOWN).append(" more");
    }
    return b.toString();
  }

  /** A JSON value to compare by value: 2, 2.0 and 2L are the same number; keys in any order. */
  static Object normal(JsonNode v) {
    if (v.isNumber()) {
      BigDecimal d = v.decimalValue().stripTrailingZeros();
      return d.signum() == 0 ? BigDecimal.ZERO : d;
    } else if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      v.forEach(x -> out.add(normal(x)));
      return out;
    } else if (v.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), normal(e.getValue()));
      }
      return out;
    } else if (v.isNull()) {
      return JSON_NULL;
    }
    return v.isTextual() ? v.asText() : v.toString();
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
