package dev.walnut.engine.spel;

import java.util.Collection;
import java.util.Map;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.TypeConverter;

/**
 * SpEL's type conversion, except that a list, map or array is not turned into text ({@code '' +
 * #list}) when the text would be over {@link SandboxLimits#maxStringLength()}: the conversion would
 * build all of it before SpEL's own concatenation limit looks at the result.
 */
final class BoundedTypeConverter implements TypeConverter {
  private final TypeConverter delegate;
  private final SandboxLimits limits;

  BoundedTypeConverter(TypeConverter delegate, SandboxLimits limits) {
    this.delegate = delegate;
    this.limits = limits;
  }

  @Override
  public boolean canConvert(TypeDescriptor sourceType, TypeDescriptor targetType) {
    return delegate.canConvert(sourceType, targetType);
  }

  @Override
  public Object convertValue(Object value, TypeDescriptor sourceType, TypeDescriptor targetType) {
    if (value != null
        && targetType != null
        && targetType.getType() == String.class
        && (value instanceof Collection || value instanceof Map || value.getClass().isArray())) {
      long length = ProducedValues.estimateText(value, limits.maxStringLength());
      if (length > limits.maxStringLength()) {
        throw SandboxLimitException.text("converting a list or map to text", length, limits);
      }
    }
    return delegate.convertValue(value, sourceType, targetType);
  }
}
