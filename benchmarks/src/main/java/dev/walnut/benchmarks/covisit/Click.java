package dev.walnut.benchmarks.covisit;

/** One click of the DataSQRL clickstream; {@code eventTime} as given (ISO-8601), also in millis. */
record Click(String userid, String url, String eventTime, long epochMillis) {}
