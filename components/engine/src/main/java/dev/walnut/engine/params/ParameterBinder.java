package dev.walnut.engine.params;

import dev.walnut.api.DataType;
import dev.walnut.api.Evaluation;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.Variables;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.spel.CompiledExpression;
import dev.walnut.engine.spel.ExpressionError;
import dev.walnut.engine.spel.SpelCompiler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Binds the parameters a node gives to those its component declares: applies defaults, compiles
 * every expression once, evaluates {@link Evaluation#ONCE} ones, checks types and validators. The
 * same binding serves validation (errors per parameter) and compilation (the values).
 */
public final class ParameterBinder {
  /**
   * How long evaluating all once-parameters of one binder (one scenario's validation) may take.
   * Each evaluation is bounded by the compiler's {@link dev.walnut.engine.spel.SandboxLimits}; this
   * bounds their sum, so a scenario of a thousand nodes cannot hold a designer request thread for a
   * thousand evaluation budgets.
   */
  static final Duration ONCE_BUDGET = Duration.ofSeconds(2);

  private final SpelCompiler spel;
  private final LongSupplier nanoTime;
  private long onceNanos;

  private final Map<String, Object> constants;
  private final Map<String, DataType> constantTypes;

  /**
   * @param constants values every expression sees besides the record's variables, fixed for the
   *     whole job (e.g. {@code meta}); immutable JSON-like values
   */
  public ParameterBinder(SpelCompiler spel, Map<String, Object> constants) {
    this(spel, constants, System::nanoTime);
  }

  /** With the monotonic clock, in nanoseconds, that measures {@link #ONCE_BUDGET}. */
  ParameterBinder(SpelCompiler spel, Map<String, Object> constants, LongSupplier nanoTime) {
    this.spel = spel;
    this.nanoTime = nanoTime;
    this.constants = Map.copyOf(constants);
    Map<String, DataType> types = new LinkedHashMap<>();
    constants.forEach((k, v) -> types.put(k, DataType.ofValue(v)));
    this.constantTypes = Map.copyOf(types);
  }

  /** The types of the constants, for listing the variables visible at a node. */
  public Map<String, DataType> constantTypes() {
    return constantTypes;
  }

  private Map<String, DataType> withConstants(Map<String, DataType> variables) {
    Map<String, DataType> all = new LinkedHashMap<>(constantTypes);
    all.putAll(variables);
    return all;
  }

  /** A problem with one parameter; {@code parameter} is null for node-level problems. */
  public record ParamError(String parameter, String message) {}

  /** The outcome of binding: always values (possibly partial) and the errors found. */
  public record Result(ParameterValues values, List<ParamError> errors) {
    public boolean isValid() {
      return errors.isEmpty();
    }
  }

  public Result bind(
      String nodeId,
      String componentId,
      List<Parameter> declared,
      List<NodeParameter> given,
      Map<String, DataType> variables) {
    List<ParamError> errors = new ArrayList<>();
    Set<String> declaredNames = new HashSet<>();
    declared.forEach(p -> declaredNames.add(p.name()));
    for (NodeParameter g : given) {
      if (!declaredNames.contains(g.name())) {
        errors.add(
            new ParamError(
                g.name(),
                "unknown parameter `"
                    + g.name()
                    + "`; component `"
                    + componentId
                    + "` has: "
                    + declared.stream().map(Parameter::name).collect(Collectors.joining(", "))));
      }
    }
    Map<String, Object> once = new HashMap<>();
    Map<String, SpelLazyParameter> lazy = new HashMap<>();
    Map<String, DataType> types = new LinkedHashMap<>();
    for (Parameter p : declared) {
      Optional<String> text =
          NodeParameter.find(given, p.name())
              .map(g -> g.expression().expression())
              .filter(s -> !s.isBlank())
              .or(p::defaultExpression);
      if (text.isEmpty()) {
        if (!p.isOptional()) {
          errors.add(new ParamError(p.name(), "parameter `" + p.name() + "` is mandatory"));
        }
        continue;
      }
      if (p.evaluation() == Evaluation.ONCE) {
        bindOnce(p, text.get(), errors).ifPresent(v -> once.put(p.name(), v));
        types.put(
            p.name(), once.containsKey(p.name()) ? DataType.ofValue(once.get(p.name())) : p.type());
      } else {
        Map<String, DataType> visible = withConstants(variables);
        CompiledExpression c = spel.compile(text.get(), visible);
        if (!c.isValid()) {
          c.errors().forEach(e -> errors.add(new ParamError(p.name(), describe(p, e))));
          continue;
        }
        if (!c.type().isAssignableTo(p.type())) {
          errors.add(
              new ParamError(
                  p.name(),
                  "parameter `"
                      + p.name()
                      + "` must be "
                      + p.type().display()
                      + ", got "
                      + c.type().display()
                      + " from `"
                      + text.get()
                      + "`"));
          continue;
        }
        types.put(p.name(), c.type());
        lazy.put(p.name(), new SpelLazyParameter(text.get(), c.type(), visible, constants));
      }
    }
    return new Result(new BoundParameters(nodeId, once, lazy, types, declaredNames), errors);
  }

  private Optional<Object> bindOnce(Parameter p, String text, List<ParamError> errors) {
    Object value;
    Optional<String> editorText =
        p.type().kind() == DataType.Kind.DURATION
            ? Durations.nussknackerEditorText(text)
            : Optional.empty();
    if (editorText.isPresent()) {
      value = editorText.get();
    } else {
      CompiledExpression c = spel.compile(text, constantTypes);
      if (!c.isValid()) {
        c.errors().forEach(e -> errors.add(new ParamError(p.name(), describeOnce(p, e))));
        return Optional.empty();
      }
      if (onceNanos > ONCE_BUDGET.toNanos()) {
        errors.add(
            new ParamError(
                p.name(),
                "parameter `"
                    + p.name()
                    + "` was not evaluated: the once-parameters of this scenario used up their"
                    + " validation budget of "
                    + ONCE_BUDGET.toMillis()
                    + " ms; simplify the expressions that exceeded their own budget"));
        return Optional.empty();
      }
      long started = nanoTime.getAsLong();
      try {
        value = c.evaluate(Variables.of(null, Map.of()), constants);
      } catch (RuntimeException e) {
        errors.add(
            new ParamError(
                p.name(),
                "parameter `" + p.name() + "`: `" + text + "` failed: " + rootMessage(e)));
        return Optional.empty();
      } finally {
        onceNanos += nanoTime.getAsLong() - started;
      }
    }
    Optional<Object> converted = convert(p, value, errors);
    converted.ifPresent(
        v -> {
          for (ParameterValidator validator : p.validators()) {
            validator.check(p.name(), v).ifPresent(m -> errors.add(new ParamError(p.name(), m)));
          }
        });
    return converted;
  }

  private static Optional<Object> convert(Parameter p, Object value, List<ParamError> errors) {
    if (value == null) {
      if (!p.isOptional()) {
        errors.add(new ParamError(p.name(), "parameter `" + p.name() + "` must not be null"));
      }
      return Optional.empty();
    }
    Object converted =
        switch (p.type().kind()) {
          case STRING -> value instanceof CharSequence ? value.toString() : null;
          case BOOLEAN -> value instanceof Boolean ? value : null;
          case LONG ->
              value instanceof Number n && n.doubleValue() == n.longValue() ? n.longValue() : null;
          case DOUBLE -> value instanceof Number n ? n.doubleValue() : null;
          case DURATION ->
              value instanceof Duration
                  ? value
                  : value instanceof CharSequence s
                      ? Durations.parse(s.toString()).orElse(null)
                      : null;
          default -> value;
        };
    if (converted == null) {
      errors.add(
          new ParamError(
              p.name(),
              "parameter `"
                  + p.name()
                  + "` must be "
                  + expected(p.type())
                  + ", got `"
                  + value
                  + "`"));
      return Optional.empty();
    }
    return Optional.of(converted);
  }

  /** What an analyst should write, in words. */
  private static String expected(DataType type) {
    return switch (type.kind()) {
      case STRING -> "text in quotes, like 'orders'";
      case BOOLEAN -> "true or false";
      case LONG -> "a whole number";
      case DOUBLE -> "a number";
      case DURATION -> "a duration like 'PT10M' or '10m'";
      default -> "a " + type.display();
    };
  }

  private static String describe(Parameter p, ExpressionError e) {
    return "parameter `" + p.name() + "`: " + e.message();
  }

  private static String describeOnce(Parameter p, ExpressionError e) {
    String m = describe(p, e);
    return m.contains("unknown variable")
        ? m
            + " (this parameter is evaluated once at deploy time, so record variables are not"
            + " available)"
        : m;
  }

  private static String rootMessage(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
  }
}
