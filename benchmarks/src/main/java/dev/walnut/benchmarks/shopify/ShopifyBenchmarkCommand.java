package dev.walnut.benchmarks.shopify;

import dev.walnut.benchmarks.BenchRunOptions;
import dev.walnut.benchmarks.Better;
import dev.walnut.benchmarks.Goal;
import dev.walnut.benchmarks.ResultTable;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.embedded.shopify.ShopStats;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.RecommendationDefinition;
import dev.walnut.shopify.schema.ShopifyPlan;
import dev.walnut.shopify.sink.RecommendationUpdate;
import dev.walnut.shopify.sink.RecommendationWriter;
import dev.walnut.shopify.sink.WriterMetrics;
import dev.walnut.shopify.sink.WriterSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code walnut bench shopify}: replays recommendation updates into the sink's writer against the
 * local Shopify, per plan, and reports how much of the shop's API budget it used, whether Shopify
 * ever throttled it, how many writes each shopper cost, and that every shopper ends with its last
 * update. The reference is the most the plan allows in the same wall time (Shopify's budget is the
 * absolute limit): its bucket plus its restore rate times the replay time. Goals: ≥ 95 % of that
 * budget (on the median of the runs); no THROTTLED answer and no lost update in any run.
 */
@Command(
    name = ShopifyBenchmarkCommand.NAME,
    mixinStandardHelpOptions = true,
    description =
        "Replays recommendation updates into the shopify-recommendations writer against the local"
            + " Shopify (per plan) and compares the API budget used with the most the plan allows.")
public final class ShopifyBenchmarkCommand implements Callable<Integer> {
  static final String NAME = "shopify";

  @Spec CommandSpec spec;

  @Mixin BenchRunOptions options;

  @Option(
      names = "--updates",
      description = "Updates replayed per plan (default ${DEFAULT-VALUE}).")
  int updates = 200_000;

  @Option(names = "--shoppers", description = "Distinct shoppers (default ${DEFAULT-VALUE}).")
  int shoppers = 20_000;

  @Option(names = "--rate", description = "Updates offered per second (default ${DEFAULT-VALUE}).")
  int rate = 2_000;

  @Option(
      names = "--plans",
      split = ",",
      description = "Plans to run, side by side (default ${DEFAULT-VALUE}).")
  List<String> plans = List.of("standard", "plus");

  @Option(
      names = "--coalesce",
      description = "The writer's coalescing interval (default ${DEFAULT-VALUE}).")
  Duration coalesce = Duration.ofSeconds(3);

  @Option(names = "--seed", description = "Random seed of the replay (default ${DEFAULT-VALUE}).")
  long seed = 7;

  /** What one plan's run measured. */
  record Run(
      ShopifyPlan plan,
      double replaySeconds,
      double offeredPerSecond,
      long upserts,
      double pointsSpent,
      double pointsAllowed,
      long throttledResponses,
      long writerRetries,
      WriterMetrics metrics,
      long bulkWritten,
      long bulkOperations,
      double drainSeconds,
      int shoppersUpdated,
      int shoppersMatching) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (updates < 1 || shoppers < 1 || rate < 1) {
      throw new IllegalArgumentException("--updates, --shoppers and --rate must be positive");
    }
    int runs = options.runs();
    List<ShopifyPlan> planList = plans.stream().map(ShopifyPlan::parse).toList();
    out.printf(
        Locale.ROOT,
        "Replaying %,d updates for %,d shoppers at %,d/s into the shopify-recommendations writer,"
            + " against the local Shopify (plans %s, side by side), %d run(s)…%n",
        updates,
        shoppers,
        rate,
        String.join(", ", plans),
        runs);
    out.flush();
    List<Run> all = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(planList.size());
    try {
      for (int r = 1; r <= runs; r++) {
        List<Future<Run>> futures = new ArrayList<>();
        for (ShopifyPlan p : planList) {
          futures.add(pool.submit(() -> run(p)));
        }
        for (Future<Run> f : futures) {
          Run run = f.get();
          all.add(run);
          print(out, r, runs, run);
        }
        out.flush();
      }
    } finally {
      pool.shutdown();
    }
    ResultTable table = table(planList, all);
    out.println();
    out.print(table.render());
    int exit = options.finish(out, table);
    return all.stream().allMatch(r -> r.shoppersMatching() == r.shoppersUpdated()) ? exit : 1;
  }

  /**
   * Every run of every plan as the shared table: the budget used beside the plan's maximum in the
   * same time, THROTTLED answers and lost updates.
   */
  static ResultTable table(List<ShopifyPlan> plans, List<Run> runs) {
    ResultTable table =
        ResultTable.of(NAME, "walnut writer", "plan maximum (bucket + rate × time)");
    for (ShopifyPlan plan : plans) {
      String name = plan.name().toLowerCase(Locale.ROOT);
      ResultTable.Row points =
          table
              .row(name + ": API cost points spent", Better.HIGHER, "%,.0f")
              .goal(Goal.ratioAtLeast(0.95));
      ResultTable.Row upserts =
          table.row(name + ": upserts during the replay", Better.HIGHER, "%,.0f");
      ResultTable.Row throttled =
          table
              .row(name + ": THROTTLED/429 answers", Better.LOWER, "%,.0f")
              .goal(Goal.atMost(0).inEveryRun());
      ResultTable.Row lost =
          table
              .row(name + ": shoppers whose metaobject ≠ last update", Better.LOWER, "%,.0f")
              .goal(Goal.atMost(0).inEveryRun());
      for (Run r : runs) {
        if (r.plan() == plan) {
          points.walnut(r.pointsSpent()).reference(r.pointsAllowed());
          upserts.walnut(r.upserts()).reference(r.pointsAllowed() / 10);
          throttled.walnut(r.throttledResponses());
          lost.walnut(r.shoppersUpdated() - r.shoppersMatching());
        }
      }
    }
    return table;
  }

  private Run run(ShopifyPlan plan) throws Exception {
    try (LocalShopify shopify = LocalShopify.builder().plan(plan).catalogSize(500).build().start();
        AdminClient client =
            AdminClient.create(shopify.baseUrl(), "2026-10", "bench", Duration.ofSeconds(30))) {
      String type = RecommendationDefinition.bootstrap(client, "$app:recommendations").type();
      List<String> catalog = shopify.productIds();
      // the bucket refills to full before the measured window starts
      Thread.sleep(
          (long)
                  Math.ceil(
                      (plan.bucketSize() - shopify.availablePoints()) / plan.restoreRate() * 1000)
              + 100);
      ShopStats before = shopify.stats();
      String[] last = new String[shoppers];
      Random random = new Random(seed);
      WriterSettings settings =
          WriterSettings.defaults().withCoalesce(coalesce).withPlan(plan).withBulkThreshold(0);
      try (RecommendationWriter writer = new RecommendationWriter(client, type, settings)) {
        long start = System.nanoTime();
        for (int i = 0; i < updates; i++) {
          long due = start + (long) (i * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 1_000_000) {
            Thread.sleep(wait / 1_000_000);
          }
          int shopper = random.nextInt(shoppers);
          List<String> products = new ArrayList<>();
          int first = random.nextInt(catalog.size());
          for (int k = 0; k < RecommendationUpdate.MAX_PRODUCTS; k++) {
            products.add(catalog.get((first + k * 7) % catalog.size()));
          }
          RecommendationUpdate u =
              RecommendationUpdate.of(
                  "a-shopper-" + shopper, products, null, "bench", Instant.now());
          last[shopper] = u.fields().get("products");
          writer.offer(u);
        }
        double replaySeconds = (System.nanoTime() - start) / 1e9;
        ShopStats during = shopify.stats();
        WriterMetrics m = writer.metrics();
        long writesDuringReplay = m.writes();
        // The backlog left when the replay ends is a backfill: one bulk operation writes it.
        long drainStart = System.nanoTime();
        writer.flushInBulk();
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        int updated = 0;
        int matching = 0;
        for (int s = 0; s < shoppers; s++) {
          if (last[s] == null) {
            continue;
          }
          updated++;
          String stored =
              shopify.metaobject(type, "a-shopper-" + s).map(f -> f.get("products")).orElse(null);
          if (last[s].equals(stored)) {
            matching++;
          }
        }
        return new Run(
            plan,
            replaySeconds,
            updates / replaySeconds,
            writesDuringReplay,
            during.pointsSpent() - before.pointsSpent(),
            plan.bucketSize() + plan.restoreRate() * replaySeconds,
            during.throttled() - before.throttled(),
            m.retries(),
            m,
            m.bulkWrites(),
            m.bulkOperations(),
            drainSeconds,
            updated,
            matching);
      }
    }
  }

  private static void print(PrintWriter out, int run, int runs, Run r) {
    String row = "%-44s %18s %26s%n";
    out.println();
    out.printf(
        Locale.ROOT,
        "Shopify benchmark, run %d of %d: %s plan (%.0f points/s, bucket %,.0f),"
            + " metaobjectUpsert = 10 points%n",
        run,
        runs,
        r.plan().name().toLowerCase(Locale.ROOT),
        r.plan().restoreRate(),
        r.plan().bucketSize());
    out.printf(Locale.ROOT, row, "", "walnut", "reference: plan maximum");
    out.printf(
        Locale.ROOT, row, "replay wall time, s", f1(r.replaySeconds()), f1(r.replaySeconds()));
    out.printf(Locale.ROOT, row, "updates offered per second", f0(r.offeredPerSecond()), "");
    out.printf(
        Locale.ROOT,
        row,
        "upserts written during the replay",
        f0(r.upserts()),
        f0(r.pointsAllowed() / 10));
    out.printf(
        Locale.ROOT,
        row,
        "cost points spent (bucket + rate x time)",
        f0(r.pointsSpent()),
        f0(r.pointsAllowed()));
    out.printf(
        Locale.ROOT,
        row,
        "budget utilisation",
        String.format(Locale.ROOT, "%.1f %%", 100 * r.pointsSpent() / r.pointsAllowed()),
        "100.0 %");
    out.printf(
        Locale.ROOT, row, "THROTTLED/429 answers (Shopify side)", f0(r.throttledResponses()), "0");
    out.printf(Locale.ROOT, row, "writer retries", f0(r.writerRetries()), "");
    out.printf(
        Locale.ROOT,
        row,
        "upserts per shopper during the replay",
        String.format(Locale.ROOT, "%.3f", (double) r.upserts() / r.shoppersUpdated()),
        String.format(Locale.ROOT, "%.3f", r.pointsAllowed() / 10 / r.shoppersUpdated()));
    out.printf(Locale.ROOT, row, "updates coalesced away", f0(r.metrics().coalesced()), "");
    out.printf(
        Locale.ROOT,
        row,
        "writes skipped (content unchanged)",
        f0(r.metrics().skippedUnchanged()),
        "");
    out.printf(
        Locale.ROOT,
        row,
        "backlog at the end, written by bulk",
        String.format(
            Locale.ROOT,
            "%,d in %d op(s), %.1f s",
            r.bulkWritten(),
            r.bulkOperations(),
            r.drainSeconds()),
        "");
    out.printf(
        Locale.ROOT,
        row,
        "shoppers whose metaobject == last update",
        String.format(Locale.ROOT, "%,d / %,d", r.shoppersMatching(), r.shoppersUpdated()),
        "");
  }

  private static String f0(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
