package dev.walnut.api;

import dev.walnut.api.annotation.Internal;
import dev.walnut.api.annotation.PublicEvolving;
import dev.walnut.api.types.VariablesTypeInfoFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The record that flows between the nodes of a scenario: the variables visible at that point
 * ({@code #input} from the source, then whatever earlier nodes defined), and an id that traces the
 * record through test runs.
 *
 * <p>Immutable: {@link #with} returns a new context, so operators can pass contexts on without
 * copying. Values must be JSON-like ({@link String}, {@link Boolean}, {@link Integer}, {@link
 * Long}, {@link Double}, {@link Float}, {@link java.math.BigDecimal}, {@link java.time.Instant},
 * {@link java.time.Duration}, {@code float[]}, {@link java.util.List}, {@link Map}) and are never
 * mutated after they are put in a context.
 */
@PublicEvolving
@TypeInfo(VariablesTypeInfoFactory.class)
public final class Variables {
  /** The variable sources put their record in. */
  public static final String INPUT = "input";

  private final String id;
  private final Map<String, Object> variables;

  private Variables(String id, Map<String, Object> variables) {
    this.id = id;
    this.variables = variables;
  }

  /** A context with only {@code #input}. */
  public static Variables ofInput(String id, Object input) {
    Map<String, Object> vars = new HashMap<>(4);
    vars.put(INPUT, input);
    return new Variables(id, vars);
  }

  /** A context with the given variables (copied). */
  public static Variables of(String id, Map<String, ?> variables) {
    return new Variables(id, new HashMap<>(variables));
  }

  /**
   * Wraps a map the caller promises never to touch again; used by {@link
   * dev.walnut.api.types.VariablesSerializer}. Components use {@link #of} or {@link #with}.
   */
  @Internal
  public static Variables wrap(String id, Map<String, Object> variables) {
    return new Variables(id, variables);
  }

  /** The trace id; may be null for records of production sources. */
  public String id() {
    return id;
  }

  public Object get(String name) {
    return variables.get(name);
  }

  public Object input() {
    return variables.get(INPUT);
  }

  public boolean has(String name) {
    return variables.containsKey(name);
  }

  /** A read-only view of all variables. */
  public Map<String, Object> variables() {
    return Collections.unmodifiableMap(variables);
  }

  /** A new context with one more (or a replaced) variable. */
  public Variables with(String name, Object value) {
    Map<String, Object> vars = new HashMap<>(variables.size() + 2);
    vars.putAll(variables);
    vars.put(Objects.requireNonNull(name, "name"), value);
    return new Variables(id, vars);
  }

  /** A new context with the same variables and another trace id. */
  public Variables withId(String newId) {
    return new Variables(newId, variables);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Variables c && Objects.equals(id, c.id) && variables.equals(c.variables);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, variables);
  }

  @Override
  public String toString() {
    return "Variables{id=" + id + ", " + variables + "}";
  }
}
