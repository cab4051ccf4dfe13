package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.Objects;

/**
 * A problem with the value of one parameter, found by a component while the engine asks it about
 * the node (e.g. {@link EnricherComponent#dynamicParameters}); validation reports the message on
 * that parameter. The message says what to fix.
 */
@PublicEvolving
public final class ParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String parameter;

  public ParameterException(String parameter, String message) {
    super(message);
    this.parameter = Objects.requireNonNull(parameter, "parameter");
  }

  public ParameterException(String parameter, String message, Throwable cause) {
    super(message, cause);
    this.parameter = Objects.requireNonNull(parameter, "parameter");
  }

  /** The name of the parameter whose value is wrong. */
  public String parameter() {
    return parameter;
  }
}
