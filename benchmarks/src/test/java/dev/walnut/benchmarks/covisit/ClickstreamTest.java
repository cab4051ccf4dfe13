package dev.walnut.benchmarks.covisit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickstreamTest {

  @Test
  void copiesRenameUsersKeepTimesAndInterleaveClickByClick() {
    List<Click> base =
        List.of(click("u1", "a", "2024-01-02T00:00:00Z"), click("u2", "b", "2024-01-02T00:00:05Z"));
    List<String> scaled = Clickstream.scaled(base, 2).toList();
    assertThat(scaled)
        .containsExactly(
            "{\"userid\":\"u1-0\",\"url\":\"a\",\"event_time\":\"2024-01-02T00:00:00Z\"}",
            "{\"userid\":\"u1-1\",\"url\":\"a\",\"event_time\":\"2024-01-02T00:00:00Z\"}",
            "{\"userid\":\"u2-0\",\"url\":\"b\",\"event_time\":\"2024-01-02T00:00:05Z\"}",
            "{\"userid\":\"u2-1\",\"url\":\"b\",\"event_time\":\"2024-01-02T00:00:05Z\"}");
    assertThat(scaled.stream().map(Clickstream::userOf))
        .containsExactly("u1-0", "u1-1", "u2-0", "u2-1");
  }

  @Test
  void readsJsonLinesInTimeOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("clicks.json");
    Files.writeString(
        file,
        "{\"userid\": \"u\", \"url\": \"b\", \"event_time\": \"2024-01-02T00:01:00Z\"}\n\n"
            + "{\"userid\": \"u\", \"url\": \"a\", \"event_time\": \"2024-01-02T00:00:00Z\"}\n");
    assertThat(Clickstream.read(file)).extracting(Click::url).containsExactly("a", "b");
  }

  @Test
  void coVisitsAreStrictlyEarlierClicksOfTheSameUserWithinTheWindow() {
    List<Click> clicks =
        List.of(
            click("u", "a", "2024-01-02T00:00:00Z"),
            click("u", "b", "2024-01-02T00:00:00Z"), // same instant as a: no pair
            click("u", "a", "2024-01-02T00:05:00Z"), // a→a, b→a (self pairs count)
            click("u", "c", "2024-01-02T00:15:00Z"), // only the a at 00:05 is within 10 minutes
            click("v", "c", "2024-01-02T00:15:30Z")); // another user: pairs with nothing
    Map<UrlPair, Long> counts = CoVisitCounts.of(clicks, Duration.ofMinutes(10));
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                new UrlPair("a", "a"), 1L,
                new UrlPair("b", "a"), 1L,
                new UrlPair("a", "c"), 1L));
    assertThat(CoVisitCounts.total(CoVisitCounts.times(counts, 3))).isEqualTo(9);
  }

  @Test
  void builderSaysWhatIsMissing(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json.gz");
    assertThatThrownBy(() -> CoVisitBenchmark.builder(missing, missing))
        .hasMessage(
            "clickstream "
                + missing
                + " is not readable; pass the DataSQRL clickstream (JSON lines {userid, url,"
                + " event_time}, plain or .gz)");
  }

  private static Click click(String user, String url, String time) {
    return new Click(user, url, time, Instant.parse(time).toEpochMilli());
  }
}
