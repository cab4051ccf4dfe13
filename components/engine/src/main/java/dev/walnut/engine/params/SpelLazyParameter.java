package dev.walnut.engine.params;

import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import dev.walnut.engine.spel.CompiledExpression;
import dev.walnut.engine.spel.SpelCompiler;
import java.util.Map;

/**
 * A per-record parameter. Only the text and the typing it was validated with travel to the task
 * managers; the expression is parsed there once, on first use.
 */
final class SpelLazyParameter implements LazyParameter<Object> {
  private static final long serialVersionUID = 1L;
  // thread-safe and stateless across expressions: one per task manager, not one per parameter
  private static final SpelCompiler SPEL = SpelCompiler.create();

  private final String expression;
  private final DataType type;
  private final Map<String, DataType> variables;
  private final Map<String, Object> constants;
  private transient CompiledExpression compiled;

  SpelLazyParameter(
      String expression,
      DataType type,
      Map<String, DataType> variables,
      Map<String, Object> constants) {
    this.expression = expression;
    this.type = type;
    this.variables = Map.copyOf(variables);
    this.constants = new java.util.HashMap<>(constants);
  }

  @Override
  public Object evaluate(Variables context) {
    CompiledExpression c = compiled;
    if (c == null) {
      c = SPEL.compile(expression, variables);
      if (!c.isValid()) {
        throw new IllegalStateException(
            "expression `" + expression + "` does not compile: " + c.errors());
      }
      compiled = c;
    }
    return c.evaluate(context, constants);
  }

  @Override
  public DataType type() {
    return type;
  }

  @Override
  public String expression() {
    return expression;
  }
}
