package dev.walnut.embedded.shopify;

import java.util.function.LongSupplier;

/**
 * Shopify's cost-based rate limit: a bucket of points that requests take from and that refills at a
 * constant rate. Thread-safe.
 */
final class LeakyBucket {
  private final double maximum;
  private final double restoreRate;
  private final LongSupplier nanoClock;
  private double available;
  private long lastRefill;

  LeakyBucket(double maximum, double restoreRate, LongSupplier nanoClock) {
    this.maximum = maximum;
    this.restoreRate = restoreRate;
    this.nanoClock = nanoClock;
    this.available = maximum;
    this.lastRefill = nanoClock.getAsLong();
  }

  /** Takes {@code cost} points if the bucket holds them; returns whether it did. */
  synchronized boolean tryTake(double cost) {
    refill();
    if (available < cost) {
      return false;
    }
    available -= cost;
    return true;
  }

  synchronized double available() {
    refill();
    return available;
  }

  double maximum() {
    return maximum;
  }

  double restoreRate() {
    return restoreRate;
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    available = Math.min(maximum, available + (now - lastRefill) / 1e9 * restoreRate);
    lastRefill = now;
  }
}
