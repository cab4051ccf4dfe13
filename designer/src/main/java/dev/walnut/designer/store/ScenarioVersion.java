package dev.walnut.designer.store;

import java.time.Instant;

/** One saved version of a scenario: its Nussknacker JSON and who saved it, when and why. */
public record ScenarioVersion(
    String name, int version, String json, String comment, String author, Instant createdAt) {}
