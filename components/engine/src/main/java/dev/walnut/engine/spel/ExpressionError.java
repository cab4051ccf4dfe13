package dev.walnut.engine.spel;

import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * A mistake in an expression, found when it is compiled.
 *
 * @param message what is wrong and, where possible, how to fix it
 * @param position the character offset in the expression the mistake was found at, or -1
 */
@Internal
public record ExpressionError(String message, int position) {
  public ExpressionError {
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return position < 0 ? message : message + " (at character " + position + ")";
  }
}
