package dev.walnut.engine.spel;

import dev.walnut.api.Variables;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.ConstructorResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.IndexAccessor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.OperatorOverloader;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypeComparator;
import org.springframework.expression.TypeConverter;
import org.springframework.expression.TypeLocator;
import org.springframework.expression.TypedValue;

/**
 * The evaluation context of one evaluation: a few fields, so creating one per record costs next to
 * nothing. Variables come from the record's {@link Variables} and the helpers; everything else is
 * the shared {@link SandboxRuntime}. No constructors, no types, no beans, no assignment.
 *
 * <p>It also keeps the evaluation's share of its {@link SandboxLimits} that SpEL does not count
 * itself: the characters and elements method calls produce and the characters regular expressions
 * read. The clock is read only at checkpoints, every {@link #CHECKPOINT} units of work, so an
 * evaluation that stays cheap never reads it.
 */
final class SandboxEvaluationContext implements EvaluationContext {
  /** Work between two checkpoints: 1,024 steps. */
  private static final long CHECKPOINT = 1024L * SandboxLimits.CHARACTERS_PER_STEP;

  private final SandboxRuntime runtime;
  private final Variables variables;
  private final java.util.Map<String, Object> constants;
  private long work;
  private long nextCheckpoint = CHECKPOINT;
  private long startedAt;
  private boolean clockStarted;

  SandboxEvaluationContext(
      SandboxRuntime runtime, Variables variables, java.util.Map<String, Object> constants) {
    this.runtime = runtime;
    this.variables = variables;
    this.constants = constants;
  }

  SandboxLimits limits() {
    return runtime.limits;
  }

  /**
   * Counts {@code units} of work (a method call is {@link SandboxLimits#CHARACTERS_PER_STEP}, a
   * character or element produced or read by a regular expression is one).
   *
   * @throws SandboxLimitException when the evaluation has used up its steps or its time
   */
  void charge(long units) {
    work += units;
    if (work >= nextCheckpoint) {
      checkpoint();
    }
  }

  private void checkpoint() {
    SandboxLimits limits = runtime.limits;
    long maxWork = (long) limits.maxSteps() * SandboxLimits.CHARACTERS_PER_STEP;
    if (work > maxWork) {
      throw SandboxLimitException.steps(limits);
    }
    long now = limits.nanoTime();
    if (!clockStarted) {
      clockStarted = true;
      startedAt = now;
    } else if (now - startedAt > limits.maxTimeNanos()) {
      throw SandboxLimitException.time(limits);
    }
    nextCheckpoint = Math.min(work + CHECKPOINT, maxWork + 1);
  }

  @Override
  public TypedValue getRootObject() {
    return TypedValue.NULL;
  }

  @Override
  public Object lookupVariable(String name) {
    Object helper = runtime.helpers.instance(name);
    if (helper != null) {
      return helper;
    }
    Object value = variables == null ? null : variables.get(name);
    return value == null && constants != null ? constants.get(name) : value;
  }

  @Override
  public List<PropertyAccessor> getPropertyAccessors() {
    return runtime.propertyAccessors;
  }

  @Override
  public List<IndexAccessor> getIndexAccessors() {
    return List.of();
  }

  @Override
  public List<ConstructorResolver> getConstructorResolvers() {
    return List.of();
  }

  @Override
  public List<MethodResolver> getMethodResolvers() {
    return runtime.methodResolvers;
  }

  @Override
  public BeanResolver getBeanResolver() {
    return null;
  }

  @Override
  public TypeLocator getTypeLocator() {
    return runtime.typeLocator;
  }

  @Override
  public TypeConverter getTypeConverter() {
    return runtime.typeConverter;
  }

  @Override
  public TypeComparator getTypeComparator() {
    return runtime.typeComparator;
  }

  @Override
  public OperatorOverloader getOperatorOverloader() {
    return runtime.operatorOverloader;
  }

  @Override
  public boolean isAssignmentEnabled() {
    return false;
  }

  @Override
  public TypedValue assignVariable(String name, Supplier<TypedValue> valueSupplier) {
    throw new EvaluationException(
        "assignment to `#" + name + "` is not allowed in expressions: variables are read-only");
  }

  @Override
  public void setVariable(String name, Object value) {
    throw new EvaluationException(
        "assignment to `#" + name + "` is not allowed in expressions: variables are read-only");
  }
}
