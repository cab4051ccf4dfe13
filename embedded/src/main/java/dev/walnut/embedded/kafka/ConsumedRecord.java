package dev.walnut.embedded.kafka;

/**
 * A record read back by {@link KafkaRecords}: where it was, its key (null if it had none), its
 * value and its timestamp in epoch milliseconds.
 */
public record ConsumedRecord(
    int partition, long offset, String key, String value, long timestamp) {}
