package dev.walnut.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared result table: which figure goals are judged on, and how it prints them. */
class ResultTableTest {

  @Test
  void theMedianOfAnOddNumberOfRunsIsTheMiddleOneAndOfAnEvenNumberTheMeanOfTheTwo() {
    assertThat(Spread.of(List.of(5.0, 1.0, 3.0), Better.HIGHER).median()).isEqualTo(3.0);
    assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 10.0), Better.HIGHER).median()).isEqualTo(3.5);
    assertThat(Spread.of(List.of(7.0), Better.LOWER).median()).isEqualTo(7.0);
  }

  @Test
  void bestAndWorstFollowWhichWayTheMetricImproves() {
    Spread throughput = Spread.of(List.of(200.0, 90.0, 120.0), Better.HIGHER);
    assertThat(throughput.best()).isEqualTo(200.0);
    assertThat(throughput.worst()).isEqualTo(90.0);
    assertThat(throughput.runs()).isEqualTo(3);

    Spread latency = Spread.of(List.of(200.0, 90.0, 120.0), Better.LOWER);
    assertThat(latency.best()).isEqualTo(90.0);
    assertThat(latency.worst()).isEqualTo(200.0);
  }

  @Test
  void aGoalIsJudgedOnTheMedianNotOnTheBestRun() {
    ResultTable table = ResultTable.of("b", "walnut", "reference");
    table
        .row("records/s", Better.HIGHER, "%,.0f")
        .goal(Goal.atLeast(100))
        .walnut(200)
        .walnut(90)
        .walnut(95);

    Verdict v = table.verdicts().get(0);
    assertThat(v.value()).isEqualTo(95.0);
    assertThat(v.everyRun()).isFalse();
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.MISSED);
    assertThat(v.goal()).isEqualTo("≥ 100");
  }

  @Test
  void aLatencyGoalIsMetWhenTheMedianIsBelowItEvenIfOneRunIsNot() {
    ResultTable table = ResultTable.of("b", "walnut", "reference");
    table
        .row("p99 ms", Better.LOWER, "%.2f")
        .goal(Goal.below(10))
        .walnut(6.8)
        .walnut(10.2)
        .walnut(7.2);

    Verdict v = table.verdicts().get(0);
    assertThat(v.value()).isEqualTo(7.2);
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.MET);
    assertThat(v.goal()).isEqualTo("< 10");
  }

  @Test
  void theRatioPairsEachRunsWalnutWithTheReferenceOfTheSameRun() {
    ResultTable table = ResultTable.of("b", "walnut", "reference");
    ResultTable.Row row =
        table
            .row("records/s", Better.HIGHER, "%,.0f")
            .goal(Goal.ratioAtLeast(0.8))
            .walnut(100)
            .reference(200)
            .walnut(300)
            .reference(200)
            .walnut(150)
            .reference(100);

    Spread ratio = row.ratioSpread().orElseThrow();
    // per run 0.5, 1.5, 1.5 — not the ratio of the medians (150 / 200 = 0.75)
    assertThat(ratio.median()).isEqualTo(1.5);
    assertThat(ratio.best()).isEqualTo(1.5);
    assertThat(ratio.worst()).isEqualTo(0.5);
    Verdict v = table.verdicts().get(0);
    assertThat(v.goal()).isEqualTo("ratio ≥ 0.80");
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.MET);
  }

  @Test
  void anEveryRunGoalIsJudgedOnTheWorstRun() {
    ResultTable table = ResultTable.of("b", "walnut", "reference");
    table
        .row("lost updates", Better.LOWER, "%,.0f")
        .goal(Goal.atMost(0).inEveryRun())
        .walnut(0)
        .walnut(3)
        .walnut(0);

    Verdict v = table.verdicts().get(0);
    assertThat(v.value()).isEqualTo(3.0);
    assertThat(v.everyRun()).isTrue();
    assertThat(v.goal()).isEqualTo("≤ 0 in every run");
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.MISSED);
  }

  @Test
  void fewerThanThreeRunsShowTheFiguresButJudgeNothing() {
    ResultTable table = ResultTable.of("b", "walnut", "reference");
    table.row("records/s", Better.HIGHER, "%,.0f").goal(Goal.atLeast(100)).walnut(500).walnut(600);

    assertThat(table.verdicts().get(0).outcome()).isEqualTo(Verdict.Outcome.NOT_JUDGED);
    assertThat(table.render())
        .contains("≥ 100 ?")
        .contains("goals: not judged: 2 runs, a verdict needs the median of at least 3 (--runs 3)");
  }

  @Test
  void theTablePrintsMedianBestAndWorstOfBothSystemsTheRatioAndTheVerdicts() {
    ResultTable table =
        ResultTable.of("kafka-filter", "walnut scenario", "hand-written DataStream");
    ResultTable.Row perSecond =
        table
            .row("records/s", Better.HIGHER, "%,.0f")
            .goal(Goal.atLeast(100_000))
            .goal(Goal.ratioAtLeast(0.8));
    perSecond.walnut(319_148).reference(263_978);
    perSecond.walnut(280_000).reference(250_000);
    perSecond.walnut(301_234).reference(270_000);
    table
        .row("lost records", Better.LOWER, "%,.0f")
        .label("walnut scenario")
        .goal(Goal.atMost(0))
        .walnut(0)
        .walnut(0)
        .walnut(0);

    assertThat(table.render().lines().toList())
        .containsExactly(
            "kafka-filter: 3 runs of each system, in the same runs; best and worst beside the"
                + " median; goals judged on the median",
            "metric        system                    median     best    worst  goal",
            "records/s     walnut scenario          301,234  319,148  280,000  ≥ 100,000 ✔",
            "              hand-written DataStream  263,978  270,000  250,000",
            "              walnut ÷ reference          1.12     1.21     1.12  ratio ≥ 0.80 ✔",
            "lost records  walnut scenario                0        0        0  ≤ 0 ✔",
            "goals: 3 met, 0 missed");
  }

  @Test
  void missedGoalsAreNamedWithTheFigureTheyWereJudgedOn() {
    ResultTable table = ResultTable.of("covisit", "walnut", "Flink SQL");
    table
        .row("clicks/s", Better.HIGHER, "%,.0f")
        .goal(Goal.ratioAtLeast(2))
        .walnut(30_000)
        .reference(16_000)
        .walnut(33_000)
        .reference(17_000)
        .walnut(29_000)
        .reference(16_000);

    assertThat(table.render())
        .contains("ratio ≥ 2.00 ✘")
        .endsWith(
            "goals: 0 met, 1 missed (✘ clicks/s: ratio ≥ 2.00, median 1.88)"
                + System.lineSeparator());
  }

  @Test
  void aRowWithoutReferenceOrRatioShowsOnlyWalnut() {
    ResultTable table = ResultTable.of("collector", "walnut collector", "bare Undertow");
    table
        .row("late %", Better.LOWER, "%.1f")
        .withoutRatio()
        .walnut(0.2)
        .reference(0.0)
        .walnut(0.9)
        .reference(0.0)
        .walnut(0.1)
        .reference(0.0);

    assertThat(table.render())
        .contains("bare Undertow")
        .doesNotContain("walnut ÷ reference")
        .contains("goals: none for this benchmark (figures only)");
  }

  @Test
  void theJsonLineCarriesEveryRowAndVerdict() {
    ResultTable table = ResultTable.of("kafka-filter", "walnut", "reference");
    table
        .row("records/s", Better.HIGHER, "%,.0f")
        .goal(Goal.ratioAtLeast(0.8))
        .walnut(150_000.4)
        .reference(160_000)
        .walnut(150_000.4)
        .reference(160_000)
        .walnut(150_000.4)
        .reference(160_000);

    assertThat(table.toJsonLine())
        .isEqualTo(
            "{\"benchmark\":\"kafka-filter\",\"runs\":3,\"rows\":[{\"metric\":\"records/s\","
                + "\"walnut\":{\"median\":150000.4,\"best\":150000.4,\"worst\":150000.4},"
                + "\"reference\":{\"median\":160000.0,\"best\":160000.0,\"worst\":160000.0},"
                + "\"ratio\":{\"median\":0.938,\"best\":0.938,\"worst\":0.938}}],"
                + "\"goals\":[{\"metric\":\"records/s\",\"goal\":\"ratio ≥ 0.80\","
                + "\"judged_on\":\"median\",\"value\":0.938,\"verdict\":\"met\"}]}");
  }

  @Test
  void mistakesInATableSayWhatIsWrong() {
    ResultTable table = ResultTable.of("b", "walnut", "reference");
    table.row("records/s", Better.HIGHER, "%,.0f");
    assertThatThrownBy(() -> table.row("records/s", Better.HIGHER, "%,.0f"))
        .hasMessage("the table already has a row `records/s`");
    assertThatThrownBy(() -> ResultTable.of(" ", "walnut", "reference"))
        .hasMessage("benchmark must not be blank, got ` `");
    assertThatThrownBy(() -> Goal.atLeast(Double.NaN))
        .hasMessage("a goal's threshold must be a finite number, got NaN");

    ResultTable uneven = ResultTable.of("b", "walnut", "reference");
    uneven.row("records/s", Better.HIGHER, "%,.0f").walnut(1).walnut(2).reference(1);
    assertThatThrownBy(uneven::render)
        .hasMessage(
            "row `records/s` has 2 runs of walnut but 1 of reference: the ratio pairs the two"
                + " systems' values run by run");

    ResultTable noReference = ResultTable.of("b", "walnut", "reference");
    noReference.row("p99 ms", Better.LOWER, "%.2f").goal(Goal.ratioAtLeast(1)).walnut(1);
    assertThatThrownBy(noReference::verdicts)
        .hasMessage(
            "row `p99 ms` has a goal on the ratio but no ratio (no reference runs, or"
                + " withoutRatio())");
  }
}
