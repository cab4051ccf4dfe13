package dev.walnut.components.base.kafka;

import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import dev.walnut.api.errors.RecordFunction;
import dev.walnut.api.json.JsonValues;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A record of the {@code kafka} sink as it will be written: key (null: none) and JSON value. Made
 * in a guarded step before the {@code KafkaSink}, so a key or value that fails to evaluate or to
 * serialise goes to the node's errors instead of failing the sink's writer. Public with public
 * fields only because Flink's POJO serializer requires it.
 */
public final class KafkaPayload {
  static final TypeInformation<KafkaPayload> TYPE = Types.POJO(KafkaPayload.class);

  public byte[] key;
  public byte[] value;

  public KafkaPayload() {}

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
      KafkaPayload p = new KafkaPayload();
      p.key = key(record);
      p.value = JsonValues.writeBytes(value(record));
      return p;
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
}
