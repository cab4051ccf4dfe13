package dev.walnut.engine.spel;

import org.springframework.expression.EvaluationException;

/**
 * An evaluation reached one of the {@link SandboxLimits}. An {@link EvaluationException}, so that
 * SpEL passes it through method calls unchanged; {@link CompiledExpression} reports its message as
 * is.
 */
final class SandboxLimitException extends EvaluationException {
  private static final long serialVersionUID = 1L;

  SandboxLimitException(String message) {
    super(message);
  }

  static SandboxLimitException steps(SandboxLimits limits) {
    return new SandboxLimitException(
        "expression exceeded its evaluation budget of " + limits.maxSteps() + " steps");
  }

  static SandboxLimitException time(SandboxLimits limits) {
    return new SandboxLimitException(
        "expression exceeded its evaluation budget of " + limits.maxTime().toMillis() + " ms");
  }

  static SandboxLimitException text(String what, long length, SandboxLimits limits) {
    return new SandboxLimitException(
        what
            + " would produce a text of "
            + length
            + " characters, above the limit of "
            + limits.maxStringLength()
            + " characters per text");
  }

  static SandboxLimitException elements(String what, long size, SandboxLimits limits) {
    return new SandboxLimitException(
        what
            + " would produce "
            + size
            + " elements, above the limit of "
            + limits.maxCollectionSize()
            + " elements per list or map");
  }

  @Override
  public String getMessage() {
    // EvaluationException prefixes the expression's position when one is set; ours has none
    return getSimpleMessage();
  }
}
