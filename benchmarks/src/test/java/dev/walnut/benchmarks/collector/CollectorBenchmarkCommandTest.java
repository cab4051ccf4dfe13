package dev.walnut.benchmarks.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.benchmarks.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collector benchmark reads wrk's report and paces wrk's threads with its own Lua script. */
class CollectorBenchmarkCommandTest {
  @Test
  void benchmarkParsesWrkOutput() {
    String output =
        "Running 10s test @ http://127.0.0.1:1/i\n"
            + "  Latency Distribution\n"
            + "     50%  812.00us\n"
            + "     75%    1.20ms\n"
            + "     90%    2.00ms\n"
            + "     99%    9.50ms\n"
            + "  212345 requests in 10.00s, 30.00MB read\n"
            + "  Non-2xx or 3xx responses: 3\n"
            + "Requests/sec:  21234.56\n";
    WrkRun run = WrkRun.parse(output);
    assertThat(run.requestsPerSecond()).isEqualTo(21234.56);
    assertThat(run.p50Millis()).isEqualTo(0.812);
    assertThat(run.p99Millis()).isEqualTo(9.5);
    assertThat(run.non2xx()).isEqualTo(3);
    assertThat(run.late()).isZero();

    WrkRun open = WrkRun.parse(output + "open-loop late requests: 42, max lateness 3.5 ms\n");
    assertThat(open.late()).isEqualTo(42);
    assertThat(open.maxLateMillis()).isEqualTo(3.5);
    assertThat(open.requests()).isEqualTo(212345);
    assertThat(open.latePercent()).isCloseTo(0.0198, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void openLoopScriptPacesEachWrkThread() {
    String script = WrkScripts.openLoop();
    assertThat(script)
        .contains("function init(args)", "function delay()", "function done(")
        .contains("interval = 1000 / tonumber(args[1])");
  }

  @Test
  void theTableJudgesEachGoalOnTheMedianOfTheRuns() {
    List<CollectorBenchmarkCommand.Round> rounds =
        List.of(
            round(42_000, 80_000, 6.8, 24_000),
            round(19_000, 80_000, 12.0, 26_000),
            round(50_000, 80_000, 7.2, 25_000));

    List<Verdict> verdicts = CollectorBenchmarkCommand.table(rounds, 20_000, 10_000).verdicts();

    assertThat(verdicts)
        .extracting(v -> v.metric() + " " + v.goal() + " " + v.outcome().mark())
        .containsExactly(
            "(a) GET /i closed loop, requests/s ≥ 20,000 ✔",
            "(a) GET /i closed loop, requests/s ratio ≥ 0.50 ✔",
            "(a) GET /i open loop at 20,000/s, p99 ms < 10 ✔",
            "(b) POST tp2 closed loop, events/s ≥ 100,000 ✔");
    assertThat(verdicts.get(0).value()).isEqualTo(42_000);
    assertThat(verdicts.get(2).value()).isEqualTo(7.2);
    assertThat(verdicts.get(3).value()).isEqualTo(250_000);
  }

  private static CollectorBenchmarkCommand.Round round(
      double getPerSecond, double barePerSecond, double openP99, double postPerSecond) {
    WrkRun walnutGet = run(getPerSecond, 5);
    WrkRun bare = run(barePerSecond, 3);
    WrkRun walnutOpen = run(20_000, openP99);
    WrkRun walnutPost = run(postPerSecond, 10);
    return new CollectorBenchmarkCommand.Round(
        walnutGet, bare, walnutPost, bare, walnutOpen, bare, walnutOpen, bare);
  }

  private static WrkRun run(double perSecond, double p99) {
    return new WrkRun(perSecond, p99 / 2, p99, 0, 100_000, 0, 0);
  }
}
