package dev.walnut.components.base.kafka;

import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import dev.walnut.api.errors.RecordFunction;
import dev.walnut.api.json.JsonValues;
import dev.walnut.api.types.SingletonTypeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A record of the {@code kafka} sink as it will be written: key (null: none) and JSON value. Made
 * in a guarded step before the {@code KafkaSink}, so a key or value that fails to evaluate or to
 * serialise goes to the node's errors instead of failing the sink's writer. Immutable, with a
 * serializer that says so: Flink hands it from the step to the chained sink writer without copying
 * its bytes (a POJO would be copied field by field for every record).
 */
public final class KafkaPayload {
  static final TypeInformation<KafkaPayload> TYPE = new Type();

  final byte[] key;
  final byte[] value;

  KafkaPayload(byte[] key, byte[] value) {
    this.key = key;
    this.value = value;
  }

  /** The sink's key and value of a record; throws saying which of the two failed. */
  static final class Of implements RecordFunction<KafkaPayload> {
    private static final long serialVersionUID = 1L;
    private final LazyParameter<Object> key;
    private final LazyParameter<Object> value;

    /** {@code key} null: records have no key. */
    Of(LazyParameter<Object> key, LazyParameter<Object> value) {
      this.key = key;
      this.value = value;
    }

    @Override
    public KafkaPayload apply(Variables record) {
      return new KafkaPayload(key(record), JsonValues.writeBytes(value(record)));
    }

    /** The key's bytes (its text form), null for none. */
    byte[] key(Variables record) {
      if (key == null) {
        return null;
      }
      Object k;
      try {
        k = key.evaluate(record);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("key `" + key.expression() + "` failed", e);
      }
      return k == null ? null : String.valueOf(k).getBytes(StandardCharsets.UTF_8);
    }

    Object value(Variables record) {
      try {
        return value.evaluate(record);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("value `" + value.expression() + "` failed", e);
      }
    }
  }

  /** Flink's type of the payload: one serializer, immutable records. */
  static final class Type extends SingletonTypeInfo<KafkaPayload> {
    private static final long serialVersionUID = 1L;

    Type() {
      super(KafkaPayload.class, "KafkaPayload");
    }

    @Override
    protected TypeSerializer<KafkaPayload> serializer() {
      return Serializer.INSTANCE;
    }
  }

  /**
   * Key and value as length-prefixed bytes (-1: no key). Public because Flink restores its snapshot
   * by reflection.
   */
  public static final class Serializer extends TypeSerializerSingleton<KafkaPayload> {
    private static final long serialVersionUID = 1L;
    static final Serializer INSTANCE = new Serializer();

    @Override
    public boolean isImmutableType() {
      return true;
    }

    @Override
    public KafkaPayload createInstance() {
      return null;
    }

    @Override
    public KafkaPayload copy(KafkaPayload from) {
      return from;
    }

    @Override
    public KafkaPayload copy(KafkaPayload from, KafkaPayload reuse) {
      return from;
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(KafkaPayload record, DataOutputView target) throws IOException {
      writeBytes(record.key, target);
      writeBytes(record.value, target);
    }

    @Override
    public KafkaPayload deserialize(DataInputView source) throws IOException {
      return new KafkaPayload(readBytes(source), readBytes(source));
    }

    @Override
    public KafkaPayload deserialize(KafkaPayload reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<KafkaPayload> snapshotConfiguration() {
      return new Snapshot();
    }

    private static void writeBytes(byte[] b, DataOutputView out) throws IOException {
      if (b == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(b.length);
        out.write(b);
      }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
      int n = in.readInt();
      if (n < 0) {
        return null;
      }
      byte[] b = new byte[n];
      in.readFully(b);
      return b;
    }

    /** Savepoint compatibility of the payload's format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KafkaPayload> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
