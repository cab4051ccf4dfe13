package dev.walnut.engine.spel;

import java.util.Map;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypedValue;

/**
 * Reads {@code #input.field} from maps, the shape records take in Walnut. A missing key reads as
 * null, as in Nussknacker, so optional fields work with {@code ?:} and {@code ?.}. Never writes.
 */
final class MapPropertyAccessor implements PropertyAccessor {
  private static final Class<?>[] TARGETS = {Map.class};

  @Override
  public Class<?>[] getSpecificTargetClasses() {
    return TARGETS.clone();
  }

  @Override
  public boolean canRead(EvaluationContext context, Object target, String name) {
    return target instanceof Map;
  }

  @Override
  public TypedValue read(EvaluationContext context, Object target, String name)
      throws AccessException {
    // SpEL calls a cached accessor again without canRead, possibly with another target type.
    if (!(target instanceof Map<?, ?> map)) {
      throw new AccessException("not a map");
    }
    Object value = map.get(name);
    return value == null ? TypedValue.NULL : new TypedValue(value);
  }

  @Override
  public boolean canWrite(EvaluationContext context, Object target, String name) {
    return false;
  }

  @Override
  public void write(EvaluationContext context, Object target, String name, Object newValue)
      throws AccessException {
    throw new AccessException(SandboxPolicy.READ_ONLY);
  }
}
