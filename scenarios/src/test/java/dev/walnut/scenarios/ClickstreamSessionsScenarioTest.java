package dev.walnut.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.engine.scenario.MetaData;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.scenarios.CoVisitQuery.Click;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code scenarios/clickstream-sessions.json}: each user's pages of the last 5 minutes. */
class ClickstreamSessionsScenarioTest {
  private static final Instant START = Instant.parse("2024-01-02T00:00:00Z");

  private static Map<String, Object> click(String user, String url, int minutes) {
    Map<String, Object> click = new LinkedHashMap<>();
    click.put("userid", user);
    click.put("url", url);
    click.put("event_time", START.plus(Duration.ofMinutes(minutes)).toString());
    return click;
  }

  private static Map<String, Object> session(String user, int minutes, String... urls) {
    return Map.of(
        "userid", user,
        "at", START.plus(Duration.ofMinutes(minutes)).toString(),
        "recentViews", List.of(urls));
  }

  @Test
  void everyClickShowsTheUsersPagesOfTheLastFiveMinutes() {
    // u1 and u2 alternate, so each user's clicks reach the aggregate over the same one of its
    // two input channels (the test source deals records out round-robin) and stay in order
    ScenarioTestResult result =
        ScenarioTestRun.of(Repo.scenario("clickstream-sessions.json"))
            .input(
                "clicks",
                click("u1", "https://a", 0),
                click("u2", "https://x", 1),
                click("u1", "https://b", 2),
                click("u1", "ftp://not-a-page", 3),
                click("u1", "https://c", 6),
                click("u2", "https://y", 9))
            .run();

    assertThat(result.records("sessions"))
        .filteredOn(s -> s.get("userid").equals("u1"))
        .containsExactly(
            session("u1", 0, "https://a"),
            session("u1", 2, "https://a", "https://b"),
            // a left the list at minute 5
            session("u1", 6, "https://b", "https://c"));
    assertThat(result.records("sessions"))
        .filteredOn(s -> s.get("userid").equals("u2"))
        .containsExactly(session("u2", 1, "https://x"), session("u2", 9, "https://y"));
    assertThat(result.countOut("page views only")).isEqualTo(5);
  }

  @Test
  void onTheRealClickstreamEveryListHoldsOnlyTheUsersPagesOfTheLastFiveMinutes() throws Exception {
    Path clickstream = Repo.shared("data/datasqrl-clickstream/clickstream.json.gz");
    List<Click> clicks = CoVisitQuery.read(clickstream);

    ScenarioTestResult result =
        ScenarioTestRun.of(Repo.scenario("clickstream-sessions.json"))
            .inputFile("clicks", clickstream)
            .run();

    // With parallelism 2 the test source's records reach the per-user aggregate over two
    // channels, so which of a user's clicks a few seconds apart arrived first varies from run to
    // run; what each list may hold does not.
    List<Map<String, Object>> sessions = result.records("sessions");
    assertThat(sessions).hasSize(clicks.size());
    Map<String, List<Click>> byUser = byUser(clicks);
    for (Map<String, Object> s : sessions) {
      Instant at = Instant.parse((String) s.get("at"));
      List<String> window = new ArrayList<>();
      for (Click c : byUser.get((String) s.get("userid"))) {
        if (c.time().isAfter(at.minus(Duration.ofMinutes(5))) && !c.time().isAfter(at)) {
          window.add(c.url());
        }
      }
      assertThat(window)
          .as("the last 5 minutes of %s", s)
          .containsAll(asStrings(s.get("recentViews")));
      assertThat(asStrings(s.get("recentViews")))
          .as("%s", s)
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(window.size());
    }
  }

  @Test
  void onTheRealClickstreamInOneTaskEveryListIsExactlyTheUsersPagesOfTheLastFiveMinutes()
      throws Exception {
    Path clickstream = Repo.shared("data/datasqrl-clickstream/clickstream.json.gz");
    Scenario shipped = ScenarioJson.read(Repo.scenario("clickstream-sessions.json"));
    MetaData meta = shipped.metaData();
    Map<String, String> properties = new LinkedHashMap<>(meta.properties());
    properties.put(MetaData.PARALLELISM, "1");
    Scenario inOneTask =
        new Scenario(
            new MetaData(
                meta.id(),
                meta.description(),
                properties,
                meta.metaDataType(),
                meta.additionalFieldsExtras(),
                meta.extras()),
            shipped.nodes(),
            shipped.additionalBranches(),
            shipped.extras());

    ScenarioTestResult result =
        ScenarioTestRun.of(inOneTask).inputFile("clicks", clickstream).run();

    Map<String, List<Object>> actual = new LinkedHashMap<>();
    for (Map<String, Object> s : result.records("sessions")) {
      actual
          .computeIfAbsent((String) s.get("userid"), u -> new ArrayList<>())
          .add(s.get("recentViews"));
    }
    Map<String, List<Object>> expected = expectedSessions(CoVisitQuery.read(clickstream));
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    // per user, so that a failure shows one user's lists, not 600 users'
    expected.forEach(
        (user, lists) -> assertThat(actual.get(user)).as("user %s", user).isEqualTo(lists));
  }

  private static Map<String, List<Click>> byUser(List<Click> clicks) {
    Map<String, List<Click>> byUser = new LinkedHashMap<>();
    clicks.forEach(c -> byUser.computeIfAbsent(c.userid(), u -> new ArrayList<>()).add(c));
    return byUser;
  }

  private static List<String> asStrings(Object list) {
    List<String> out = new ArrayList<>();
    ((List<?>) list).forEach(v -> out.add((String) v));
    return out;
  }

  /**
   * Per user, per click in file order (the file is in time order), the urls of the user's clicks
   * read so far that are less than 5 minutes older.
   */
  private static Map<String, List<Object>> expectedSessions(List<Click> clicks) {
    Map<String, List<Click>> seen = new LinkedHashMap<>();
    Map<String, List<Object>> sessions = new LinkedHashMap<>();
    for (Click c : clicks) {
      List<Click> history = seen.computeIfAbsent(c.userid(), u -> new ArrayList<>());
      history.add(c);
      Instant from = c.time().minus(Duration.ofMinutes(5));
      List<String> recent = new ArrayList<>();
      for (Click h : history) {
        if (h.time().isAfter(from)) {
          recent.add(h.url());
        }
      }
      sessions.computeIfAbsent(c.userid(), u -> new ArrayList<>()).add(recent);
    }
    return sessions;
  }
}
