package dev.walnut.api.types;

import dev.walnut.api.Variables;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for {@link Variables}: a dedicated serializer for JSON-like values, so
 * Kryo never runs on the hot path.
 */
@PublicEvolving
public final class VariablesTypeInfo extends TypeInformation<Variables> {
  private static final long serialVersionUID = 1L;
  public static final VariablesTypeInfo INSTANCE = new VariablesTypeInfo();

  private VariablesTypeInfo() {}

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<Variables> getTypeClass() {
    return Variables.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<Variables> createSerializer(SerializerConfig config) {
    return VariablesSerializer.INSTANCE;
  }

  @Override
  @Deprecated
  public TypeSerializer<Variables> createSerializer(ExecutionConfig config) {
    return VariablesSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "Variables";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof VariablesTypeInfo;
  }

  @Override
  public int hashCode() {
    return VariablesTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof VariablesTypeInfo;
  }
}
