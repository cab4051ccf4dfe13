package dev.walnut.benchmarks.faults;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code walnut bench faults}: causes each fault of {@link FaultCase} for real while traffic flows
 * and prints one table — records in, records out, replayed (absorbed by the upsert), lost,
 * duplicated after upsert, checkpoints completed during the fault, restarts, recovery time (median
 * of the runs, best and worst beside it); below it, how the collector answered the tracker requests
 * of its case. Exit 1 when a run lost or duplicated anything.
 */
@Command(
    name = "faults",
    mixinStandardHelpOptions = true,
    description =
        "Causes faults for real while traffic flows (Task Manager lost, broker restarted, Shopify"
            + " answering 429/503, the collector's broker down) and prints what was lost, duplicated, and how long recovery"
            + " took.")
public final class FaultsBenchmarkCommand implements Callable<Integer> {
  private static final Duration GOAL = Duration.ofSeconds(30);

  @Option(names = "--runs", defaultValue = "3", description = "Runs of each case. Default: 3.")
  int runs;

  @Option(
      names = "--cases",
      split = ",",
      description =
          "Cases to run (task-manager-loss, broker-restart, shopify-outage,"
              + " collector-outage). Default: all.")
  List<String> cases;

  @Option(
      names = "--shopify-outage",
      defaultValue = "PT30S",
      description = "How long the local Shopify answers 429/503 (ISO-8601). Default: PT30S.")
  Duration shopifyOutage;

  @Option(
      names = "--broker-down",
      defaultValue = "PT5S",
      description = "How long the broker stays down (ISO-8601). Default: PT5S.")
  Duration brokerDown;

  @Option(names = "--scenario", description = "Default: scenarios/datasqrl-covisit.json")
  Path scenario;

  /** Runs the command on its own (the {@code walnut} CLI mounts it as a subcommand). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new FaultsBenchmarkCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
    }
    List<FaultCase> selected = new ArrayList<>();
    if (cases == null || cases.isEmpty()) {
      selected.addAll(List.of(FaultCase.values()));
    } else {
      cases.forEach(c -> selected.add(FaultCase.parse(c.trim())));
    }
    Path home = Path.of(System.getProperty("walnut.home", "."));
    FaultSettings settings =
        FaultSettings.defaults(
                scenario != null ? scenario : home.resolve("scenarios/datasqrl-covisit.json"))
            .withShopifyOutage(shopifyOutage)
            .withBrokerDown(brokerDown);
    Map<FaultCase, List<FaultOutcome>> outcomes = new EnumMap<>(FaultCase.class);
    try (FaultRuns faults = FaultRuns.start(settings)) {
      for (int run = 1; run <= runs; run++) {
        for (FaultCase c : selected) {
          System.err.printf("faults: run %d of %d, %s%n", run, runs, c.id());
          outcomes.computeIfAbsent(c, k -> new ArrayList<>()).add(faults.run(c));
        }
      }
    }
    return print(System.out, settings, outcomes) ? 0 : 1;
  }

  private boolean print(
      PrintStream out, FaultSettings settings, Map<FaultCase, List<FaultOutcome>> outcomes) {
    out.printf(
        "faults: %d run(s) per case; co-visit %d clicks/s, checkpoints every 1 s, broker down %s,"
            + " Shopify outage %s; collector %d tracker requests/s; %d cores%n%n",
        runs,
        settings.clicksPerSecond(),
        settings.brokerDown(),
        settings.shopifyOutage(),
        settings.trackerRequestsPerSecond(),
        Runtime.getRuntime().availableProcessors());
    String format = "%-52s %10s %11s %9s %6s %11s %10s %9s %-26s %s%n";
    out.printf(
        format,
        "case",
        "records in",
        "records out",
        "replayed",
        "lost",
        "dup. after",
        "ckpts in",
        "restarts",
        "recovery: median",
        "goal");
    out.printf(format, "", "", "", "", "", "upsert", "fault", "", "(best / worst)", "");
    boolean ok = true;
    List<String> notes = new ArrayList<>();
    for (Map.Entry<FaultCase, List<FaultOutcome>> e : outcomes.entrySet()) {
      List<FaultOutcome> all = e.getValue();
      long lost = max(all, FaultOutcome::lost);
      long duplicated = max(all, FaultOutcome::duplicatedAfterUpsert);
      boolean correct = all.stream().allMatch(FaultOutcome::correct);
      List<Duration> recovery =
          all.stream().map(FaultOutcome::recovery).sorted(Comparator.naturalOrder()).toList();
      Duration median = recovery.get(recovery.size() / 2);
      long checkpoints = median(all, FaultOutcome::checkpointsDuringFault);
      long restarts = median(all, FaultOutcome::restarts);
      boolean fast = median.compareTo(GOAL) < 0;
      ok &= correct;
      out.printf(
          format,
          e.getKey().description(),
          String.format("%,d", median(all, FaultOutcome::recordsIn)),
          String.format("%,d", median(all, FaultOutcome::recordsOut)),
          String.format("%,d", median(all, FaultOutcome::replayed)),
          String.format("%,d", lost),
          String.format("%,d", duplicated),
          checkpoints < 0 ? "—" : String.valueOf(checkpoints),
          restarts < 0 ? "—" : String.valueOf(restarts),
          seconds(median)
              + " ("
              + seconds(recovery.get(0))
              + " / "
              + seconds(recovery.get(recovery.size() - 1))
              + ")",
          (correct ? "0 lost, 0 dup ✔" : "LOST/DUP ✘") + (fast ? ", < 30 s ✔" : ", < 30 s ✘"));
      if (all.get(0).requests().sent() > 0) {
        notes.add(
            String.format(
                "%s: tracker requests (median run) %,d sent (retries included), %,d answered"
                    + " 200, %,d answered 503; worst run: %,d other answers, %,d events in Kafka"
                    + " no 200 stands for or bad rows",
                e.getKey().id(),
                median(all, o -> o.requests().sent()),
                median(all, o -> o.requests().ok()),
                median(all, o -> o.requests().unavailable()),
                max(all, o -> o.requests().other()),
                max(all, FaultOutcome::wrongKeys)));
      }
    }
    out.println();
    notes.forEach(out::println);
    out.println(
        "lost and duplicated are the worst run; the final state (per pair / per shopper) is"
            + " compared with what the input defines. Recovery: from the end of the fault until"
            + " the output shows what was sent after it (collector: until its first 200).");
    out.println(ok ? "OK" : "FAILED");
    return ok;
  }

  private static long max(List<FaultOutcome> all, ToLongFunction<FaultOutcome> f) {
    return all.stream().mapToLong(f).max().orElse(0);
  }

  private static long median(List<FaultOutcome> all, ToLongFunction<FaultOutcome> f) {
    long[] v = all.stream().mapToLong(f).sorted().toArray();
    return v[v.length / 2];
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
