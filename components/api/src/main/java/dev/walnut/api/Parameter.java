package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One self-describing parameter of a component. Validation, documentation and the designer's forms
 * are all derived from this description, so it says everything: the name as it appears in the
 * scenario JSON, the type the expression must have, the default expression, the editor, the
 * validators, the docs text, and whether the value is evaluated once or per record.
 */
@PublicEvolving
public final class Parameter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final DataType type;
  private final String defaultExpression;
  private final Editor editor;
  private final List<ParameterValidator> validators;
  private final String docs;
  private final Evaluation evaluation;
  private final boolean optional;
  private final boolean suggested;

  private Parameter(Builder b) {
    this.name = b.name;
    this.type = b.type;
    this.defaultExpression = b.defaultExpression;
    this.editor = b.editor;
    this.validators = List.copyOf(b.validators);
    this.docs = b.docs;
    this.evaluation = b.evaluation;
    this.optional = b.optional;
    this.suggested = b.suggested;
  }

  /** Starts a parameter evaluated {@link Evaluation#ONCE} at compile time. */
  public static Builder once(String name, DataType type) {
    return new Builder(name, type, Evaluation.ONCE);
  }

  /** Starts a parameter evaluated {@link Evaluation#PER_EVENT} against each record. */
  public static Builder perEvent(String name, DataType type) {
    return new Builder(name, type, Evaluation.PER_EVENT);
  }

  public String name() {
    return name;
  }

  public DataType type() {
    return type;
  }

  /** The SpEL expression used when the scenario leaves the parameter out or empty. */
  public Optional<String> defaultExpression() {
    return Optional.ofNullable(defaultExpression);
  }

  public Editor editor() {
    return editor;
  }

  public List<ParameterValidator> validators() {
    return validators;
  }

  public String docs() {
    return docs;
  }

  public Evaluation evaluation() {
    return evaluation;
  }

  /** Whether an empty expression is allowed (the component then receives no value). */
  public boolean isOptional() {
    return optional;
  }

  /**
   * Whether the component offers values for this parameter through {@link Component#suggestions}
   * (the designer then shows them in a dropdown beside the expression).
   */
  public boolean hasSuggestions() {
    return suggested;
  }

  /** Validating builder: the name must be non-blank and docs must be given. */
  public static final class Builder {
    private final String name;
    private final DataType type;
    private final Evaluation evaluation;
    private String defaultExpression;
    private Editor editor;
    private final List<ParameterValidator> validators = new ArrayList<>();
    private String docs;
    private boolean optional;
    private boolean suggested;

    private Builder(String name, DataType type, Evaluation evaluation) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("parameter name must not be blank");
      }
      this.name = name;
      this.type = Objects.requireNonNull(type, "type of parameter " + name);
      this.evaluation = evaluation;
    }

    public Builder defaultExpression(String expression) {
      this.defaultExpression = Objects.requireNonNull(expression, "defaultExpression");
      return this;
    }

    public Builder editor(Editor editor) {
      this.editor = Objects.requireNonNull(editor, "editor");
      return this;
    }

    public Builder validator(ParameterValidator validator) {
      this.validators.add(Objects.requireNonNull(validator, "validator"));
      return this;
    }

    public Builder docs(String docs) {
      this.docs = docs;
      return this;
    }

    public Builder optional() {
      this.optional = true;
      return this;
    }

    /** The component suggests values for this parameter: see {@link Component#suggestions}. */
    public Builder suggested() {
      this.suggested = true;
      return this;
    }

    public Parameter build() {
      if (docs == null || docs.isBlank()) {
        throw new IllegalStateException("parameter `" + name + "` needs docs text");
      }
      if (editor == null) {
        editor = defaultEditor(type);
      }
      if (evaluation == Evaluation.PER_EVENT && editor.type() == Editor.Type.DURATION) {
        throw new IllegalStateException(
            "parameter `" + name + "`: a duration editor needs a value evaluated once");
      }
      if (evaluation == Evaluation.ONCE && !suggested && validators.isEmpty()) {
        editor.impliedValidator().ifPresent(validators::add);
      }
      return new Parameter(this);
    }

    private static Editor defaultEditor(DataType type) {
      return switch (type.kind()) {
        case BOOLEAN -> Editor.BOOLEAN;
        case DURATION -> Editor.DURATION;
        default -> Editor.EXPRESSION;
      };
    }
  }
}
