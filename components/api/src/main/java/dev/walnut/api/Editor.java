package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the designer lets an analyst enter a parameter. Every editor still produces a SpEL expression
 * in the scenario JSON (as Nussknacker does); the editor only shapes the form.
 */
@PublicEvolving
public final class Editor implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The form control. */
  public enum Type {
    /** A free SpEL expression with highlighting and autocompletion. */
    EXPRESSION,
    /** A plain text value, stored as a SpEL string literal. */
    STRING,
    /** A checkbox, stored as {@code true} / {@code false}. */
    BOOLEAN,
    /** A number field. */
    NUMBER,
    /** A duration field (days, hours, minutes, seconds), stored as {@code 'PT10M'}. */
    DURATION,
    /** A dropdown of {@link #fixedValues()}; possibly open to other values via suggestions. */
    FIXED_VALUES,
    /**
     * A reference to a secret such as {@code ${env:SHOPIFY_ADMIN_TOKEN}}; never a literal secret.
     */
    SECRET
  }

  /** One choice of a {@link Type#FIXED_VALUES} editor: the expression stored and its label. */
  public record FixedValue(String expression, String label) implements Serializable {
    public FixedValue {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(label, "label");
    }
  }

  public static final Editor EXPRESSION = new Editor(Type.EXPRESSION, List.of());
  public static final Editor STRING = new Editor(Type.STRING, List.of());
  public static final Editor BOOLEAN = new Editor(Type.BOOLEAN, List.of());
  public static final Editor NUMBER = new Editor(Type.NUMBER, List.of());
  public static final Editor DURATION = new Editor(Type.DURATION, List.of());
  public static final Editor SECRET = new Editor(Type.SECRET, List.of());

  private final Type type;
  private final List<FixedValue> fixedValues;

  private Editor(Type type, List<FixedValue> fixedValues) {
    this.type = type;
    this.fixedValues = List.copyOf(fixedValues);
  }

  /** A dropdown of the given choices. */
  public static Editor fixedValues(List<FixedValue> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a fixed-values editor needs at least one value");
    }
    return new Editor(Type.FIXED_VALUES, values);
  }

  /** A dropdown of string literals, each labelled by itself. */
  public static Editor fixedStrings(String... values) {
    return fixedValues(
        java.util.Arrays.stream(values).map(v -> new FixedValue("'" + v + "'", v)).toList());
  }

  public Type type() {
    return type;
  }

  /**
   * The check this editor implies for a value evaluated once: a dropdown of string literals allows
   * just those strings; a secret allows just a {@link SecretReference}. {@link Parameter.Builder}
   * adds it when the component gives no validator of its own (one that accepts more forms than the
   * dropdown lists, say) and does not suggest values from outside.
   */
  public Optional<ParameterValidator> impliedValidator() {
    if (type == Type.SECRET) {
      return Optional.of(ParameterValidator.secretReference("${env:NAME}"));
    }
    if (type != Type.FIXED_VALUES) {
      return Optional.empty();
    }
    List<String> literals = new java.util.ArrayList<>();
    for (FixedValue v : fixedValues) {
      String e = v.expression();
      if (e.length() < 2
          || !e.startsWith("'")
          || !e.endsWith("'")
          || e.indexOf('\'', 1) < e.length() - 1) {
        return Optional.empty();
      }
      literals.add(e.substring(1, e.length() - 1));
    }
    return Optional.of(ParameterValidator.oneOf(literals));
  }

  public List<FixedValue> fixedValues() {
    return fixedValues;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Editor e && type == e.type && fixedValues.equals(e.fixedValues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, fixedValues);
  }
}
