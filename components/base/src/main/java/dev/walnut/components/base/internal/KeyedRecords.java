package dev.walnut.components.base.internal;

import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Variables;
import dev.walnut.api.errors.RecordFunction;
import dev.walnut.api.types.VariablesTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/**
 * Keys a stream by the text of an expression. The key is computed in a guarded step (operator
 * {@code <node id>-key}) before {@code keyBy}, so a key that is null or whose expression fails
 * sends its record to the node's errors; a key selector that threw would fail the job instead, and
 * on restart fail it again on the same record.
 */
public final class KeyedRecords {
  /** (key, record): what the keyed operators of a node receive. */
  public static final TypeInformation<Tuple2<String, Variables>> TYPE =
      Types.TUPLE(Types.STRING, VariablesTypeInfo.INSTANCE);

  private KeyedRecords() {}

  public static KeyedStream<Tuple2<String, Variables>, String> byText(
      NodeContext ctx, DataStream<Variables> input, LazyParameter<Object> key) {
    return ctx.guarded("key", input, new KeyOf(key), TYPE).keyBy(new ByKey(), Types.STRING);
  }

  /** The key's text; throws (to the errors) when it is null. */
  public static String text(LazyParameter<Object> key, Variables record) {
    Object k = key.evaluate(record);
    if (k == null) {
      throw new IllegalArgumentException("`" + key.expression() + "` is null");
    }
    return k.toString();
  }

  private record KeyOf(LazyParameter<Object> key)
      implements RecordFunction<Tuple2<String, Variables>> {
    @Override
    public Tuple2<String, Variables> apply(Variables record) {
      return Tuple2.of(text(key, record), record);
    }
  }

  private static final class ByKey implements KeySelector<Tuple2<String, Variables>, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Tuple2<String, Variables> keyed) {
      return keyed.f0;
    }
  }
}
