package dev.walnut.engine.scenario;

import java.util.Objects;

/** An expression as stored in the scenario: {@code {"language": "spel", "expression": "..."}}. */
public record Expression(String language, String expression) {
  public static final String SPEL = "spel";

  public Expression {
    Objects.requireNonNull(language, "language");
    expression = expression == null ? "" : expression;
  }

  public static Expression spel(String expression) {
    return new Expression(SPEL, expression);
  }

  public boolean isBlank() {
    return expression.isBlank();
  }
}
