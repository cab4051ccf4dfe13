package dev.walnut.designer.store;

import java.time.Instant;

/** A scenario in the list: its latest version and whether it is archived. */
public record ScenarioSummary(
    String name, int latestVersion, boolean archived, Instant createdAt, Instant modifiedAt) {}
