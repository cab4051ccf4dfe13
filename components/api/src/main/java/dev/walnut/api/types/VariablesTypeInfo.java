package dev.walnut.api.types;

import dev.walnut.api.Variables;
import dev.walnut.api.annotation.PublicEvolving;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for {@link Variables}: a dedicated serializer for JSON-like values, so
 * Kryo never runs on the hot path.
 */
@PublicEvolving
public final class VariablesTypeInfo extends SingletonTypeInfo<Variables> {
  private static final long serialVersionUID = 1L;
  public static final VariablesTypeInfo INSTANCE = new VariablesTypeInfo();

  private VariablesTypeInfo() {
    super(Variables.class, "Variables");
  }

  @Override
  protected TypeSerializer<Variables> serializer() {
    return VariablesSerializer.INSTANCE;
  }
}
