package dev.walnut.engine.spel;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.MethodExecutor;
import org.springframework.expression.spel.support.ReflectiveMethodExecutor;
import org.springframework.expression.spel.support.ReflectiveMethodResolver;

/**
 * Resolves method calls against {@link SandboxPolicy}: the receiver's class must be allowlisted and
 * only its allowed methods are candidates. Refusals are {@link AccessException}s whose message ends
 * up in the {@link ExpressionEvaluationException}. Every method it resolves runs through a {@link
 * GuardedMethodExecutor}, within the evaluation's {@link SandboxLimits}.
 */
final class AllowlistMethodResolver extends ReflectiveMethodResolver {
  private final SandboxPolicy policy;
  private final ClassValue<Method[]> allowedMethods =
      new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
          return Arrays.stream(type.getMethods())
              .filter(m -> policy.isAllowedMethod(type, m))
              .toArray(Method[]::new);
        }
      };

  AllowlistMethodResolver(SandboxPolicy policy) {
    this.policy = policy;
  }

  @Override
  public MethodExecutor resolve(
      EvaluationContext context, Object target, String name, List<TypeDescriptor> argumentTypes)
      throws AccessException {
    if (target == null) {
      return null;
    }
    // A Class target would let the parent resolver offer static methods of that class.
    if (target instanceof Class<?>) {
      throw new AccessException(
          "calling `" + name + "()` on a java.lang.Class is not allowed in expressions");
    }
    Class<?> type = target.getClass();
    if (SandboxPolicy.forbiddenMethodReason(name) != null
        || !policy.isAllowedReceiver(type)
        || Arrays.stream(allowedMethods.get(type)).noneMatch(m -> m.getName().equals(name))) {
      if (policy.kindOf(type) == SandboxPolicy.ReceiverKind.VALUE
          || policy.kindOf(type) == SandboxPolicy.ReceiverKind.HELPER) {
        if (SandboxPolicy.forbiddenMethodReason(name) == null
            && Arrays.stream(type.getMethods()).noneMatch(m -> m.getName().equals(name))) {
          return null; // plainly does not exist: let SpEL say "method not found"
        }
      }
      throw new AccessException(policy.refusal(type, name));
    }
    MethodExecutor executor = super.resolve(context, target, name, argumentTypes);
    return executor instanceof ReflectiveMethodExecutor reflective
        ? GuardedMethodExecutor.of(reflective, type, reflective.getMethod())
        : executor;
  }

  @Override
  protected Method[] getMethods(Class<?> type) {
    return allowedMethods.get(type).clone();
  }
}
