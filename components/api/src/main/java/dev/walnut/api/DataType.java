package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The static type of a value in a scenario: what validation checks expressions against and what the
 * designer shows for autocompletion. Values themselves are plain JSON-like Java objects ({@link
 * String}, {@link Boolean}, {@link Long}/{@link Integer}, {@link Double}, {@link Instant}, {@link
 * List}, {@link Map}).
 *
 * <p>{@link #UNKNOWN} is assignable to and from everything: when a type is not known statically,
 * validation stays silent rather than guessing.
 */
@PublicEvolving
public final class DataType implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What kind of value a type describes. */
  public enum Kind {
    UNKNOWN,
    NULL,
    BOOLEAN,
    STRING,
    LONG,
    DOUBLE,
    INSTANT,
    DURATION,
    LIST,
    MAP,
    RECORD
  }

  public static final DataType UNKNOWN = new DataType(Kind.UNKNOWN, null, Map.of());
  public static final DataType NULL = new DataType(Kind.NULL, null, Map.of());
  public static final DataType BOOLEAN = new DataType(Kind.BOOLEAN, null, Map.of());
  public static final DataType STRING = new DataType(Kind.STRING, null, Map.of());
  public static final DataType LONG = new DataType(Kind.LONG, null, Map.of());
  public static final DataType DOUBLE = new DataType(Kind.DOUBLE, null, Map.of());
  public static final DataType INSTANT = new DataType(Kind.INSTANT, null, Map.of());
  public static final DataType DURATION = new DataType(Kind.DURATION, null, Map.of());

  private final Kind kind;
  private final DataType element;
  private final Map<String, DataType> fields;

  private DataType(Kind kind, DataType element, Map<String, DataType> fields) {
    this.kind = kind;
    this.element = element;
    this.fields = fields;
  }

  /** A list whose elements have the given type. */
  public static DataType listOf(DataType element) {
    return new DataType(Kind.LIST, Objects.requireNonNull(element, "element"), Map.of());
  }

  /** A map from strings to values of the given type, with keys not known statically. */
  public static DataType mapOf(DataType value) {
    return new DataType(Kind.MAP, Objects.requireNonNull(value, "value"), Map.of());
  }

  /** A record with exactly these fields, in this order. */
  public static DataType record(Map<String, DataType> fields) {
    return new DataType(
        Kind.RECORD, null, Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
  }

  /** Starts a record type, for fluent declarations of component outputs. */
  public static RecordBuilder recordBuilder() {
    return new RecordBuilder();
  }

  public Kind kind() {
    return kind;
  }

  /** The element type of a list, or the value type of a map; {@link #UNKNOWN} otherwise. */
  public DataType element() {
    return element == null ? UNKNOWN : element;
  }

  /** The fields of a record type; empty for every other kind. */
  public Map<String, DataType> fields() {
    return fields;
  }

  public boolean isKnown() {
    return kind != Kind.UNKNOWN;
  }

  public boolean isNumber() {
    return kind == Kind.LONG || kind == Kind.DOUBLE;
  }

  /**
   * Whether a value of this type can be used where {@code target} is expected. Unknown types, null,
   * and integer-to-floating widening are accepted; records are structurally typed.
   */
  public boolean isAssignableTo(DataType target) {
    if (kind == Kind.UNKNOWN || target.kind == Kind.UNKNOWN || kind == Kind.NULL) {
      return true;
    }
    if (kind == Kind.LONG && target.kind == Kind.DOUBLE) {
      return true;
    }
    if (kind == Kind.RECORD && target.kind == Kind.MAP) {
      return fields.values().stream().allMatch(f -> f.isAssignableTo(target.element()));
    }
    if (kind != target.kind) {
      return false;
    }
    return switch (kind) {
      case LIST, MAP -> element().isAssignableTo(target.element());
      case RECORD ->
          target.fields.entrySet().stream()
              .allMatch(
                  e ->
                      fields.containsKey(e.getKey())
                          && fields.get(e.getKey()).isAssignableTo(e.getValue()));
      default -> true;
    };
  }

  /** The type of a Java value, as precisely as it can be told from the value alone. */
  public static DataType ofValue(Object value) {
    if (value == null) {
      return NULL;
    } else if (value instanceof Boolean) {
      return BOOLEAN;
    } else if (value instanceof CharSequence) {
      return STRING;
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return LONG;
    } else if (value instanceof Number) {
      return DOUBLE;
    } else if (value instanceof Instant) {
      return INSTANT;
    } else if (value instanceof java.time.Duration) {
      return DURATION;
    } else if (value instanceof List<?> list) {
      return listOf(list.isEmpty() ? UNKNOWN : ofValue(list.get(0)));
    } else if (value instanceof Map<?, ?> map) {
      Map<String, DataType> fields = new LinkedHashMap<>();
      map.forEach((k, v) -> fields.put(String.valueOf(k), ofValue(v)));
      return record(fields);
    }
    return UNKNOWN;
  }

  /**
   * A short human-readable form, as shown in messages and in the designer: {@code List[String]}.
   */
  public String display() {
    return switch (kind) {
      case UNKNOWN -> "Unknown";
      case NULL -> "Null";
      case BOOLEAN -> "Boolean";
      case STRING -> "String";
      case LONG -> "Long";
      case DOUBLE -> "Double";
      case INSTANT -> "Instant";
      case DURATION -> "Duration";
      case LIST -> "List[" + element().display() + "]";
      case MAP -> "Map[String, " + element().display() + "]";
      case RECORD ->
          fields.entrySet().stream()
              .map(e -> e.getKey() + ": " + e.getValue().display())
              .collect(Collectors.joining(", ", "Record{", "}"));
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataType other
        && kind == other.kind
        && Objects.equals(element, other.element)
        && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, element, fields);
  }

  @Override
  public String toString() {
    return display();
  }

  /** Builds a {@link Kind#RECORD} type field by field. */
  public static final class RecordBuilder {
    private final Map<String, DataType> fields = new LinkedHashMap<>();

    private RecordBuilder() {}

    public RecordBuilder field(String name, DataType type) {
      fields.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"));
      return this;
    }

    public DataType build() {
      return record(fields);
    }
  }
}
