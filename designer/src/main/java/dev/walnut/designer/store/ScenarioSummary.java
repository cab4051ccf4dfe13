package dev.walnut.designer.store;

import java.time.Instant;
import java.util.List;

/** A scenario in the list: its latest version, whether it is archived, and its labels (sorted). */
public record ScenarioSummary(
    String name,
    int latestVersion,
    boolean archived,
    Instant createdAt,
    Instant modifiedAt,
    List<String> labels) {
  public ScenarioSummary {
    labels = List.copyOf(labels);
  }
}
