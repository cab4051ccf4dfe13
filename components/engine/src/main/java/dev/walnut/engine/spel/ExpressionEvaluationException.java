package dev.walnut.engine.spel;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** An expression failed while it was evaluated against a record. */
@Internal
public final class ExpressionEvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String expression;

  ExpressionEvaluationException(String expression, String problem) {
    super("cannot evaluate `" + expression + "`: " + problem);
    this.expression = expression;
  }

  ExpressionEvaluationException(String expression, Throwable cause) {
    super("cannot evaluate `" + expression + "`: " + describe(cause), cause);
    this.expression = expression;
  }

  /** The text of the expression that failed. */
  public String expression() {
    return expression;
  }

  /**
   * SpEL wraps the interesting failure (a sandbox refusal, a helper's argument check) a level or
   * two deep, so every distinct message on the chain is kept.
   */
  private static String describe(Throwable cause) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = cause; t != null && messages.size() < 4; t = t.getCause()) {
      String message = t.getMessage();
      if (message == null || message.isBlank()) {
        message = t.getClass().getSimpleName();
      }
      if (messages.stream().noneMatch(message::contains)) {
        messages.add(message);
      }
    }
    return String.join("; caused by: ", messages);
  }
}
