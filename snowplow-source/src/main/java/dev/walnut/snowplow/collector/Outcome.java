package dev.walnut.snowplow.collector;

import java.util.Map;

/**
 * One record the collector writes: a good event (to the good topic) or a bad row (to the bad
 * topic). {@code debugEntry} is what {@code /micro/good} or {@code /micro/bad} shows once Kafka
 * acknowledged the record.
 */
record Outcome(
    boolean good, String key, Map<String, Object> value, Map<String, Object> debugEntry) {}
