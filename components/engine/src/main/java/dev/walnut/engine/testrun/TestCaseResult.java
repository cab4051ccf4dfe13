package dev.walnut.engine.testrun;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one test case showed: each check with what differed, and problems that kept the case from
 * running at all (an invalid scenario, a failed job, an input for a node that is not a source).
 *
 * @param counts records in and out per node, when the case ran
 */
public record TestCaseResult(
    String name,
    List<String> problems,
    List<Check> checks,
    Map<String, TestRunResult.NodeCounts> counts,
    long millis) {

  public TestCaseResult {
    problems = List.copyOf(problems);
    checks = List.copyOf(checks);
    counts = Map.copyOf(counts);
  }

  /**
   * One assertion's outcome.
   *
   * @param node the node checked; null for the run-wide check of failed records
   * @param kind {@code records}, {@code contains}, {@code count}, {@code condition} or {@code
   *     errors}
   * @param message what was checked when it passed, what differed when it failed
   */
  public record Check(String node, String kind, boolean passed, String message) {}

  public boolean passed() {
    return problems.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /**
   * Per node with checks: whether all its checks passed (what the designer marks on the canvas).
   */
  public Map<String, Boolean> nodes() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (Check c : checks) {
      if (c.node() != null) {
        out.merge(c.node(), c.passed(), Boolean::logicalAnd);
      }
    }
    return out;
  }

  /** The failures in one text: the problems, then each failed check. */
  public String failureMessage() {
    StringBuilder b = new StringBuilder();
    problems.forEach(p -> b.append(b.isEmpty() ? "" : "\n").append(p));
    for (Check c : checks) {
      if (!c.passed()) {
        b.append(b.isEmpty() ? "" : "\n")
            .append(c.node() == null ? "" : "node `" + c.node() + "` ")
            .append(c.kind())
            .append(": ")
            .append(c.message());
      }
    }
    return b.toString();
  }
}
