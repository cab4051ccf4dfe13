package dev.walnut.engine.spel;

import java.util.List;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.OperatorOverloader;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypeComparator;
import org.springframework.expression.TypeConverter;
import org.springframework.expression.TypeLocator;
import org.springframework.expression.spel.support.StandardOperatorOverloader;
import org.springframework.expression.spel.support.StandardTypeComparator;
import org.springframework.expression.spel.support.StandardTypeConverter;

/**
 * Everything an evaluation needs besides the record: built once per {@link SpelCompiler} and shared
 * by all {@link SandboxEvaluationContext}s, so nothing is set up per record.
 */
final class SandboxRuntime {
  private static final TypeLocator NO_TYPES =
      typeName -> {
        throw new EvaluationException(
            "type references `T(" + typeName + ")` are not allowed in expressions");
      };

  final HelperRegistry helpers;
  final SandboxPolicy policy;
  final SandboxLimits limits;
  final List<PropertyAccessor> propertyAccessors;
  final List<MethodResolver> methodResolvers;
  final TypeConverter typeConverter;
  final TypeComparator typeComparator = new StandardTypeComparator();
  final OperatorOverloader operatorOverloader = new StandardOperatorOverloader();
  final TypeLocator typeLocator = NO_TYPES;

  SandboxRuntime(HelperRegistry helpers) {
    this(helpers, SandboxLimits.defaults());
  }

  SandboxRuntime(HelperRegistry helpers, SandboxLimits limits) {
    this.helpers = helpers;
    this.limits = limits;
    this.typeConverter = new BoundedTypeConverter(new StandardTypeConverter(), limits);
    this.policy = new SandboxPolicy(helpers.types());
    this.propertyAccessors =
        List.of(new MapPropertyAccessor(), new AllowlistPropertyAccessor(policy));
    this.methodResolvers = List.of(new AllowlistMethodResolver(policy));
  }
}
