package dev.walnut.shopify.sink;

import dev.walnut.shopify.admin.QueryCost;
import dev.walnut.shopify.schema.ShopifyPlan;
import java.util.function.LongSupplier;

/**
 * Paces requests by Shopify's cost bucket so that they are never throttled: keeps an estimate of
 * the points available (refilled at the restore rate, lowered by each request sent, corrected by
 * every {@code throttleStatus} Shopify reports) and makes a request wait until its cost is there.
 */
final class CostPacer {
  private final ShopifyPlan plan;
  private final LongSupplier nanoClock;
  private double maximum;
  private double restoreRate;
  private double available;
  private double inFlight;
  private long last;
  private boolean observed;

  /**
   * @param plan caps the restore rate assumed; null: automatic, whatever {@code throttleStatus}
   *     says (until the first response, a Standard plan is assumed)
   */
  CostPacer(ShopifyPlan plan, LongSupplier nanoClock) {
    this.plan = plan;
    this.nanoClock = nanoClock;
    ShopifyPlan assumed = plan == null ? ShopifyPlan.STANDARD : plan;
    this.restoreRate = assumed.restoreRate();
    this.maximum = assumed.bucketSize();
    // Until Shopify tells how full the bucket is, assume a few requests' worth only.
    this.available = Math.min(maximum, 50);
    this.last = nanoClock.getAsLong();
  }

  /** Blocks until {@code cost} points are (estimated) available, then takes them. */
  synchronized void acquire(double cost) throws InterruptedException {
    while (true) {
      refill();
      if (available >= cost) {
        available -= cost;
        inFlight += cost;
        return;
      }
      long waitMillis = (long) Math.ceil((cost - available) / restoreRate * 1000);
      wait(Math.max(1, waitMillis));
    }
  }

  /**
   * Corrects the estimate with what Shopify reported for a request sent with {@code acquired}
   * points. Shopify's figure does not count our other requests still in flight, so those are taken
   * off it.
   */
  synchronized void observe(QueryCost cost, boolean executed, double acquired) {
    refill();
    inFlight = Math.max(0, inFlight - acquired);
    maximum = cost.maximumAvailable();
    restoreRate =
        plan == null ? cost.restoreRate() : Math.min(plan.restoreRate(), cost.restoreRate());
    double reported = cost.currentlyAvailable() - inFlight;
    if (!executed || !observed) {
      // Throttled (Shopify charged nothing), or the first figure we get: Shopify's is the truth.
      available = reported;
    } else {
      if (cost.actual() >= 0 && cost.actual() < acquired) {
        available += acquired - cost.actual();
      }
      // Lower if someone else spends from the same bucket (or a restart forgot our spending).
      available = Math.min(available, reported);
    }
    observed = true;
    notifyAll();
  }

  /** A request sent with {@code acquired} points ended without a throttle status. */
  synchronized void release(double acquired) {
    inFlight = Math.max(0, inFlight - acquired);
    notifyAll();
  }

  synchronized double available() {
    refill();
    return available;
  }

  synchronized double maximum() {
    return maximum;
  }

  synchronized double restoreRate() {
    return restoreRate;
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    available = Math.min(maximum, available + (now - last) / 1e9 * restoreRate);
    last = now;
  }
}
