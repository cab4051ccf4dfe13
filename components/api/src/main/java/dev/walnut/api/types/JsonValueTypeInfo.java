package dev.walnut.api.types;

import java.io.IOException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
public final class JsonValueTypeInfo extends TypeInformation<Object> {
  private static final long serialVersionUID = 1L;
  public static final JsonValueTypeInfo INSTANCE = new JsonValueTypeInfo();

  private JsonValueTypeInfo() {}

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
  public Class<Object> getTypeClass() {
    return Object.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<Object> createSerializer(SerializerConfig config) {
    return Serializer.INSTANCE;
  }

  @Override
  @Deprecated
  public TypeSerializer<Object> createSerializer(ExecutionConfig config) {
    return Serializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "JsonValue";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof JsonValueTypeInfo;
  }

  @Override
  public int hashCode() {
    return JsonValueTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof JsonValueTypeInfo;
  }

  /** The serializer: {@link JsonValueCodec}. */
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
