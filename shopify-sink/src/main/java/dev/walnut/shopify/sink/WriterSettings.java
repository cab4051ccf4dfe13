package dev.walnut.shopify.sink;

import dev.walnut.shopify.schema.ShopifyPlan;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RecommendationWriter} writes.
 *
 * @param coalesce how long an update waits for a newer one of the same handle before it is written
 * @param plan the plan whose restore rate is the most the writer uses; null: automatic, from
 *     Shopify's {@code throttleStatus}
 * @param concurrency requests in flight at once (each handle is written by one at a time)
 * @param bulkThreshold from this many waiting handles on, they go in one bulk operation; 0: never
 * @param bulkPollInterval how often a running bulk operation is polled
 */
public record WriterSettings(
    Duration coalesce,
    ShopifyPlan plan,
    int concurrency,
    int bulkThreshold,
    Duration bulkPollInterval)
    implements Serializable {

  public WriterSettings {
    Objects.requireNonNull(coalesce, "coalesce");
    Objects.requireNonNull(bulkPollInterval, "bulkPollInterval");
    if (coalesce.isNegative()) {
      throw new IllegalArgumentException(
          "the coalescing interval must not be negative, got " + coalesce);
    }
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException(
          "concurrency must be between 1 and 64, got " + concurrency);
    }
    if (bulkThreshold < 0) {
      throw new IllegalArgumentException(
          "the bulk threshold must be 0 (off) or positive, got " + bulkThreshold);
    }
  }

  /** Defaults: coalesce 3 s, automatic plan, 8 in flight, bulk from 5,000 waiting handles. */
  public static WriterSettings defaults() {
    return new WriterSettings(Duration.ofSeconds(3), null, 8, 5_000, Duration.ofSeconds(1));
  }

  public WriterSettings withCoalesce(Duration value) {
    return new WriterSettings(value, plan, concurrency, bulkThreshold, bulkPollInterval);
  }

  public WriterSettings withPlan(ShopifyPlan value) {
    return new WriterSettings(coalesce, value, concurrency, bulkThreshold, bulkPollInterval);
  }

  public WriterSettings withConcurrency(int value) {
    return new WriterSettings(coalesce, plan, value, bulkThreshold, bulkPollInterval);
  }

  public WriterSettings withBulkThreshold(int value) {
    return new WriterSettings(coalesce, plan, concurrency, value, bulkPollInterval);
  }

  public WriterSettings withBulkPollInterval(Duration value) {
    return new WriterSettings(coalesce, plan, concurrency, bulkThreshold, value);
  }
}
