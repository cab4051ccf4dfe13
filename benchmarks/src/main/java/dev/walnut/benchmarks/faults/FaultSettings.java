package dev.walnut.benchmarks.faults;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the fault cases run.
 *
 * @param coVisitScenario the shipped {@code scenarios/datasqrl-covisit.json}, deployed unchanged
 * @param clicksPerSecond the co-visit traffic
 * @param before traffic before the fault
 * @param after traffic after the job has recovered
 * @param brokerDown how long the broker stays down
 * @param shopifyOutage how long the local Shopify answers 429/503
 * @param trackerRequestsPerSecond the collector case's tracker requests (half pixels, half POST
 *     batches of 3 events), retries on top
 */
public record FaultSettings(
    Path coVisitScenario,
    int clicksPerSecond,
    Duration before,
    Duration after,
    Duration brokerDown,
    Duration shopifyOutage,
    int trackerRequestsPerSecond) {

  /**
   * 100 clicks/s, 6 s before, 3 s after, the broker down 5 s, Shopify down 30 s, 40 tracker
   * requests/s.
   */
  public static FaultSettings defaults(Path coVisitScenario) {
    return new FaultSettings(
        coVisitScenario,
        100,
        Duration.ofSeconds(6),
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        40);
  }

  public FaultSettings withShopifyOutage(Duration outage) {
    return new FaultSettings(
        coVisitScenario,
        clicksPerSecond,
        before,
        after,
        brokerDown,
        outage,
        trackerRequestsPerSecond);
  }

  public FaultSettings withBrokerDown(Duration down) {
    return new FaultSettings(
        coVisitScenario,
        clicksPerSecond,
        before,
        after,
        down,
        shopifyOutage,
        trackerRequestsPerSecond);
  }
}
