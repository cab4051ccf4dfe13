package dev.walnut.embedded.shopify;

/**
 * What the local Shopify counted since it started.
 *
 * @param adminRequests Admin API requests answered (including faults)
 * @param throttled requests answered THROTTLED because the bucket was empty (injected ones not
 *     counted)
 * @param injectedFaults faults injected on purpose
 * @param pointsSpent cost points taken from the bucket
 * @param upserts metaobjects created or updated through {@code metaobjectUpsert}, bulk included
 * @param bulkUpserts of those, how many came through bulk operations
 */
public record ShopStats(
    long adminRequests,
    long throttled,
    long injectedFaults,
    double pointsSpent,
    long upserts,
    long bulkUpserts) {}
