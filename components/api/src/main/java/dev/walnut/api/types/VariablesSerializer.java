package dev.walnut.api.types;

import dev.walnut.api.Variables;
import dev.walnut.api.annotation.Internal;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer for {@link Variables}. Contexts are immutable, so copying returns the same instance:
 * chained operators pass records on without a deep copy.
 */
@Internal
public final class VariablesSerializer extends TypeSerializerSingleton<Variables> {
  private static final long serialVersionUID = 1L;
  public static final VariablesSerializer INSTANCE = new VariablesSerializer();

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public Variables createInstance() {
    return Variables.of(null, java.util.Map.of());
  }

  @Override
  public Variables copy(Variables from) {
    return from;
  }

  @Override
  public Variables copy(Variables from, Variables reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Variables record, DataOutputView target) throws IOException {
    String id = record.id();
    target.writeBoolean(id != null);
    if (id != null) {
      JsonValueCodec.writeString(id, target);
    }
    JsonValueCodec.writeVariables(record.variables(), target);
  }

  @Override
  public Variables deserialize(DataInputView source) throws IOException {
    String id = source.readBoolean() ? JsonValueCodec.readString(source) : null;
    return Variables.wrap(id, JsonValueCodec.readVariables(source));
  }

  @Override
  public Variables deserialize(Variables reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<Variables> snapshotConfiguration() {
    return new VariablesSerializerSnapshot();
  }

  /** Snapshot for savepoints; the codec's format version is this class's version. */
  public static final class VariablesSerializerSnapshot
      extends SimpleTypeSerializerSnapshot<Variables> {
    public VariablesSerializerSnapshot() {
      super(() -> INSTANCE);
    }
  }
}
