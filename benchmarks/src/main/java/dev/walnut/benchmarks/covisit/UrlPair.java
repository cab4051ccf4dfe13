package dev.walnut.benchmarks.covisit;

/** A co-visit key: {@code url} was clicked, then {@code recommendation} within the window. */
record UrlPair(String url, String recommendation) {}
