package dev.walnut.snowplow.collector;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One record the collector writes: a good event (to the good topic) or a bad row (to the bad
 * topic), already encoded as the UTF-8 JSON Kafka receives. {@code debugEntry} builds what {@code
 * /micro/good} or {@code /micro/bad} shows once Kafka acknowledged the record; it is built only
 * when those endpoints are read.
 */
record Outcome(boolean good, String key, byte[] value, Supplier<Map<String, Object>> debugEntry) {}
