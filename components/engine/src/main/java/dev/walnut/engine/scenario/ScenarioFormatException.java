package dev.walnut.engine.scenario;

/** The scenario JSON is not in Nussknacker's format; the message names the JSON path to fix. */
public final class ScenarioFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioFormatException(String message) {
    super(message);
  }

  public ScenarioFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
