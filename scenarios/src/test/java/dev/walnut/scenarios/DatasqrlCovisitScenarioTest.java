package dev.walnut.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code scenarios/datasqrl-covisit.json} reproduces the DataSQRL query on its clickstream. */
class DatasqrlCovisitScenarioTest {

  @Test
  void theFinalFrequencyOfEveryPairIsTheDataSqrlQuerysCount() throws Exception {
    Path clickstream = Repo.shared("data/datasqrl-clickstream/clickstream.json.gz");
    Map<String, Long> expected = CoVisitQuery.frequencies(CoVisitQuery.read(clickstream));

    ScenarioTestResult result =
        ScenarioTestRun.of(Repo.scenario("datasqrl-covisit.json"))
            .inputFile("clicks", clickstream)
            .run();

    Map<String, Long> actual = new HashMap<>();
    for (Map<String, Object> change : result.records("recommendations")) {
      actual.merge(
          CoVisitQuery.pair(change.get("url"), change.get("recommendation")),
          ((Number) change.get("frequency")).longValue(),
          Math::max);
    }
    assertThat(result.errors()).isEmpty();
    assertThat(result.countIn("co-visits")).isEqualTo(19_855);
    assertThat(differences(expected, actual)).isEmpty();
    // every co-visit is one changelog record
    assertThat(result.lines("recommendations"))
        .hasSize((int) expected.values().stream().mapToLong(Long::longValue).sum());
  }

  /** The first pairs whose counts differ, readable (a full map diff would be 100,000 lines). */
  private static List<String> differences(Map<String, Long> expected, Map<String, Long> actual) {
    TreeSet<String> pairs = new TreeSet<>(expected.keySet());
    pairs.addAll(actual.keySet());
    List<String> out = new ArrayList<>();
    for (String pair : pairs) {
      Long e = expected.get(pair);
      Long a = actual.get(pair);
      if (!java.util.Objects.equals(e, a) && out.size() < 20) {
        out.add(pair + ": expected " + e + ", got " + a);
      }
    }
    return out;
  }
}
