package dev.walnut.api.types;

import dev.walnut.api.annotation.Internal;
import dev.walnut.api.annotation.PublicEvolving;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Type information for a JSON-like value (the values records carry), for component state and
 * streams of plain values. Values are treated as immutable: state holding them must be replaced,
 * never changed in place.
 */
@PublicEvolving
public final class JsonValueTypeInfo extends SingletonTypeInfo<Object> {
  private static final long serialVersionUID = 1L;
  public static final JsonValueTypeInfo INSTANCE = new JsonValueTypeInfo();

  private JsonValueTypeInfo() {
    super(Object.class, "JsonValue");
  }

  @Override
  protected TypeSerializer<Object> serializer() {
    return Serializer.INSTANCE;
  }

  /**
   * The serializer: {@link JsonValueCodec}. Public because Flink restores its snapshot by
   * reflection; components use {@link JsonValueTypeInfo#INSTANCE}.
   */
  @Internal
  public static final class Serializer extends TypeSerializerSingleton<Object> {
    private static final long serialVersionUID = 1L;
    public static final Serializer INSTANCE = new Serializer();

    @Override
    public boolean isImmutableType() {
      return true;
    }

    @Override
    public Object createInstance() {
      return null;
    }

    @Override
    public Object copy(Object from) {
      return from;
    }

    @Override
    public Object copy(Object from, Object reuse) {
      return from;
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(Object record, DataOutputView target) throws IOException {
      JsonValueCodec.write(record, target);
    }

    @Override
    public Object deserialize(DataInputView source) throws IOException {
      return JsonValueCodec.read(source);
    }

    @Override
    public Object deserialize(Object reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<Object> snapshotConfiguration() {
      return new Snapshot();
    }

    /** Savepoint compatibility of the codec. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Object> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
