package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.Objects;

/**
 * One value the designer offers for a parameter whose values live in the outside world (a Kafka
 * topic, a registered MLflow model, one of its aliases).
 *
 * @param expression the SpEL expression the scenario stores when the analyst picks it, e.g. {@code
 *     'clicks'}
 * @param label what the dropdown shows, e.g. {@code clicks}
 * @param description a short detail shown beside the label (partitions, version, …); may be empty
 */
@PublicEvolving
public record Suggestion(String expression, String label, String description) {
  public Suggestion {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(label, "label");
    description = description == null ? "" : description;
  }

  /** A string value, stored as a SpEL string literal (quotes doubled). */
  public static Suggestion ofString(String value, String description) {
    return new Suggestion("'" + value.replace("'", "''") + "'", value, description);
  }
}
