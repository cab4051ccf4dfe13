package dev.walnut.engine.validation;

/**
 * One validation problem. {@code nodeId} is null for scenario-level problems; {@code parameter} is
 * null for node-level ones. The message says what to fix.
 */
public record NodeError(String nodeId, String parameter, String message) {

  @Override
  public String toString() {
    String where = nodeId == null ? "scenario" : "node `" + nodeId + "`";
    // most parameter messages name their parameter already: say it once
    boolean named =
        parameter == null
            || message.startsWith("parameter `" + parameter + "`")
            || message.startsWith("property `" + parameter + "`");
    return where + (named ? "" : ", parameter `" + parameter + "`") + ": " + message;
  }
}
