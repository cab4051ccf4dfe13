package dev.walnut.engine.validation;

/**
 * One validation problem. {@code nodeId} is null for scenario-level problems; {@code parameter} is
 * null for node-level ones. The message says what to fix.
 */
public record NodeError(String nodeId, String parameter, String message) {

  @Override
  public String toString() {
    String where = nodeId == null ? "scenario" : "node `" + nodeId + "`";
    return where + (parameter == null ? "" : ", parameter `" + parameter + "`") + ": " + message;
  }
}
