package dev.walnut.api.types;

import dev.walnut.api.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for a type with one stateless serializer, whatever the configuration: extend it
 * for a component's own immutable record type (with a {@code TypeSerializerSingleton} whose {@code
 * copy} returns the record), so Flink hands records between chained operators without copying.
 */
@PublicEvolving
public abstract class SingletonTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;
  private final Class<T> type;
  private final String name;

  protected SingletonTypeInfo(Class<T> type, String name) {
    this.type = type;
    this.name = name;
  }

  /** The one serializer of the type. */
  protected abstract TypeSerializer<T> serializer();

  @Override
  public final boolean isBasicType() {
    return false;
  }

  @Override
  public final boolean isTupleType() {
    return false;
  }

  @Override
  public final int getArity() {
    return 1;
  }

  @Override
  public final int getTotalFields() {
    return 1;
  }

  @Override
  public final Class<T> getTypeClass() {
    return type;
  }

  @Override
  public final boolean isKeyType() {
    return false;
  }

  @Override
  public final TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer();
  }

  @Override
  @Deprecated
  public final TypeSerializer<T> createSerializer(ExecutionConfig config) {
    return serializer();
  }

  @Override
  public final String toString() {
    return name;
  }

  @Override
  public final boolean equals(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public final boolean canEqual(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }
}
