package dev.walnut.engine.spel;

import dev.walnut.api.DataType;
import dev.walnut.api.Variables;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelMessage;
import org.springframework.expression.spel.standard.SpelExpression;

/**
 * An expression parsed, checked and typed once, evaluated per record. Immutable and safe to share
 * between threads: each evaluation gets its own tiny evaluation context.
 */
@Internal
public final class CompiledExpression {
  private final String text;
  private final SpelExpression expression;
  private final DataType type;
  private final List<ExpressionError> errors;
  private final SandboxRuntime runtime;
  private final FastPath fastPath;

  private CompiledExpression(
      String text,
      SpelExpression expression,
      DataType type,
      List<ExpressionError> errors,
      SandboxRuntime runtime) {
    this.text = text;
    this.expression = expression;
    this.type = type;
    this.errors = List.copyOf(errors);
    this.runtime = runtime;
    this.fastPath = expression == null ? null : FastPath.of(expression.getAST(), runtime.helpers);
  }

  static CompiledExpression valid(
      String text, SpelExpression expression, DataType type, SandboxRuntime runtime) {
    return new CompiledExpression(text, expression, type, List.of(), runtime);
  }

  static CompiledExpression invalid(String text, List<ExpressionError> errors) {
    return new CompiledExpression(text, null, DataType.UNKNOWN, errors, null);
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  /** What is wrong with the expression; empty when it is valid. */
  public List<ExpressionError> errors() {
    return errors;
  }

  /** The inferred static type; {@link DataType#UNKNOWN} when it cannot be known. */
  public DataType type() {
    return type;
  }

  public String text() {
    return text;
  }

  /**
   * Evaluates the expression with the record's variables; the helpers ({@code #DATE}, ...) are
   * always visible.
   *
   * @throws ExpressionEvaluationException when the expression is invalid or fails on this record
   */
  public Object evaluate(Variables variables) {
    return evaluate(variables, (Map<String, Object>) null);
  }

  /**
   * Evaluates with the record's variables and, for names the record does not have, {@code
   * constants} (values fixed for the whole job, such as {@code #meta}).
   *
   * @throws ExpressionEvaluationException when the expression is invalid or fails on this record
   */
  public Object evaluate(Variables variables, Map<String, Object> constants) {
    if (fastPath != null) {
      Object fast = fastPath.eval(variables, constants);
      if (fast != FastPath.FALLBACK) {
        return fast;
      }
    }
    return evaluateWithSpel(variables, constants);
  }

  /** Evaluation by SpEL alone; the reference the fast path is tested against. */
  Object evaluateWithSpel(Variables variables, Map<String, Object> constants) {
    if (expression == null) {
      throw new ExpressionEvaluationException(
          text, "the expression is invalid: " + errors.get(0).message());
    }
    try {
      return expression.getValue(new SandboxEvaluationContext(runtime, variables, constants));
    } catch (RuntimeException e) {
      throw budgetExceeded(e);
    }
  }

  /** A limit reached says only which limit, wherever SpEL wrapped it; other failures say all. */
  private ExpressionEvaluationException budgetExceeded(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SandboxLimitException limit) {
        return new ExpressionEvaluationException(text, limit.getMessage());
      }
      if (t instanceof SpelEvaluationException spel
          && spel.getMessageCode() == SpelMessage.MAX_OPERATIONS_EXCEEDED) {
        return new ExpressionEvaluationException(
            text, SandboxLimitException.steps(runtime.limits).getMessage());
      }
    }
    return new ExpressionEvaluationException(text, e);
  }

  /**
   * Evaluates and converts the result to {@code expected}; numbers are converted when nothing is
   * lost (an {@link Integer} result to {@link Long}, {@code 2.0} to {@code 2L}).
   *
   * @throws ExpressionEvaluationException when evaluation fails or the result cannot be converted
   */
  public <T> T evaluate(Variables variables, Class<T> expected) {
    Objects.requireNonNull(expected, "expected");
    return ValueConversions.convert(evaluate(variables), expected, text);
  }

  @Override
  public String toString() {
    return isValid() ? text + " : " + type.display() : text + " (invalid: " + errors + ")";
  }
}
