package dev.walnut.engine.spel;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypedValue;
import org.springframework.util.ClassUtils;

/**
 * Reads bean-style properties ({@code 'abc'.empty}, {@code #DATE.now().epochSecond}) of allowlisted
 * values through their allowed no-argument methods {@code getX()}, {@code isX()} or {@code x()},
 * and {@code length} of arrays. Refuses every other receiver, and never writes.
 */
final class AllowlistPropertyAccessor implements PropertyAccessor {
  private final SandboxPolicy policy;
  private final ClassValue<ConcurrentHashMap<String, Optional<Method>>> getters =
      new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Optional<Method>> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  AllowlistPropertyAccessor(SandboxPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Class<?>[] getSpecificTargetClasses() {
    return null; // every type, after the map accessor
  }

  @Override
  public boolean canRead(EvaluationContext context, Object target, String name)
      throws AccessException {
    if (target == null) {
      return false;
    }
    if (target.getClass().isArray()) {
      return name.equals("length");
    }
    return getter(target, name).isPresent();
  }

  @Override
  public TypedValue read(EvaluationContext context, Object target, String name)
      throws AccessException {
    if (target == null) {
      throw new AccessException("cannot read `" + name + "` of null");
    }
    if (target.getClass().isArray()) {
      if (!name.equals("length")) {
        throw new AccessException("arrays only have the property `length`");
      }
      return new TypedValue(Array.getLength(target));
    }
    Method getter =
        getter(target, name)
            .orElseThrow(
                () ->
                    new AccessException(
                        target.getClass().getName() + " has no readable property `" + name + "`"));
    try {
      return new TypedValue(getter.invoke(target));
    } catch (InvocationTargetException e) {
      throw new AccessException(
          "reading `" + name + "` failed", e.getCause() instanceof Exception cause ? cause : e);
    } catch (IllegalAccessException e) {
      throw new AccessException("reading `" + name + "` failed", e);
    }
  }

  /** Checks the sandbox on every call, because SpEL reuses a cached accessor for new targets. */
  private Optional<Method> getter(Object target, String name) throws AccessException {
    Class<?> type = target.getClass();
    if (target instanceof Class<?>) {
      throw new AccessException(
          "reading properties of java.lang.Class is not allowed in expressions");
    }
    String reason = SandboxPolicy.forbiddenPropertyReason(name);
    if (reason != null) {
      throw new AccessException("property `" + name + "` is not allowed in expressions: " + reason);
    }
    if (!policy.isAllowedReceiver(type)) {
      throw new AccessException(
          SandboxPolicy.refusedReceiver(type, "reading property `" + name + "`"));
    }
    return getters.get(type).computeIfAbsent(name, n -> findGetter(type, n));
  }

  private Optional<Method> findGetter(Class<?> type, String name) {
    String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (String candidate : new String[] {"get" + capitalised, "is" + capitalised, name}) {
      try {
        Method method = type.getMethod(candidate);
        if (method.getReturnType() != void.class && policy.isAllowedMethod(type, method)) {
          return Optional.of(ClassUtils.getPubliclyAccessibleMethodIfPossible(method, type));
        }
      } catch (NoSuchMethodException e) {
        // try the next naming convention
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean canWrite(EvaluationContext context, Object target, String name) {
    return false;
  }

  @Override
  public void write(EvaluationContext context, Object target, String name, Object newValue)
      throws AccessException {
    throw new AccessException("values are read-only in expressions");
  }
}
