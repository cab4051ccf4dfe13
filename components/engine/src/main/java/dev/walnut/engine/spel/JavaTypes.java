package dev.walnut.engine.spel;

import dev.walnut.api.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Maps between Java classes and {@link DataType}s, for typing method results. */
final class JavaTypes {
  private JavaTypes() {}

  /** The static type of values of {@code type}; {@link DataType#UNKNOWN} when there is none. */
  static DataType dataTypeOf(Class<?> type) {
    if (type == String.class || type == Character.class || type == char.class) {
      return DataType.STRING;
    } else if (type == boolean.class || type == Boolean.class) {
      return DataType.BOOLEAN;
    } else if (type == long.class
        || type == int.class
        || type == short.class
        || type == byte.class
        || type == Long.class
        || type == Integer.class
        || type == Short.class
        || type == Byte.class
        || type == BigInteger.class) {
      return DataType.LONG;
    } else if (type == double.class
        || type == float.class
        || type == Double.class
        || type == Float.class
        || type == BigDecimal.class) {
      return DataType.DOUBLE;
    } else if (type == Instant.class) {
      return DataType.INSTANT;
    } else if (type == Duration.class) {
      return DataType.DURATION;
    } else if (type == float[].class || type == double[].class) {
      return DataType.listOf(DataType.DOUBLE);
    } else if (Collection.class.isAssignableFrom(type)) {
      return DataType.listOf(DataType.UNKNOWN);
    } else if (Map.class.isAssignableFrom(type)) {
      return DataType.mapOf(DataType.UNKNOWN);
    } else if (type == void.class) {
      return DataType.NULL;
    }
    return DataType.UNKNOWN;
  }

  /** The Java class that values of {@code type} have at run time, or null when not one class. */
  static Class<?> classOf(DataType type) {
    return switch (type.kind()) {
      case STRING -> String.class;
      case BOOLEAN -> Boolean.class;
      case LONG -> Long.class;
      case DOUBLE -> Double.class;
      case INSTANT -> Instant.class;
      case DURATION -> Duration.class;
      case LIST -> List.class;
      case MAP, RECORD -> Map.class;
      case UNKNOWN, NULL -> null;
    };
  }

  /** How a parameter type is shown to users in autocompletion. */
  static String display(Class<?> type) {
    if (type == Object.class) {
      return "Any";
    }
    DataType dataType = dataTypeOf(type);
    return dataType.isKnown() ? dataType.display() : type.getSimpleName();
  }
}
