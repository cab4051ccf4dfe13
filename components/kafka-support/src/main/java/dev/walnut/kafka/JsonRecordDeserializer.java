package dev.walnut.kafka;

import dev.walnut.api.Variables;
import dev.walnut.api.json.JsonValues;
import dev.walnut.api.types.VariablesTypeInfo;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record → {@code #input} (any JSON value). A record that is not JSON is not dropped: it
 * comes out marked with {@link #BAD}, holding the reason and the raw payload, and the source routes
 * it to the bad-records topic.
 */
final class JsonRecordDeserializer implements KafkaRecordDeserializationSchema<Variables> {
  private static final long serialVersionUID = 1L;
  static final String BAD = "__walnut_bad_record";
  private static final int MAX_RAW = 64 * 1024;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Variables> out) {
    byte[] value = record.value();
    if (value == null) {
      out.collect(bad(record, "record has no value (tombstone)"));
      return;
    }
    Object input;
    try {
      input = JsonValues.parse(value);
    } catch (Exception e) {
      out.collect(bad(record, "value is not valid JSON: " + firstLine(e.getMessage())));
      return;
    }
    out.collect(Variables.ofInput(null, input));
  }

  static Variables bad(ConsumerRecord<byte[], byte[]> record, String reason) {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("reason", reason);
    bad.put("topic", record.topic());
    bad.put("partition", record.partition());
    bad.put("offset", record.offset());
    bad.put("timestamp", record.timestamp());
    byte[] v = record.value() == null ? new byte[0] : record.value();
    boolean truncated = v.length > MAX_RAW;
    bad.put("raw", new String(v, 0, Math.min(v.length, MAX_RAW), StandardCharsets.UTF_8));
    bad.put("truncated", truncated);
    return Variables.of(null, Map.of(BAD, bad));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unparseable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @Override
  public TypeInformation<Variables> getProducedType() {
    return VariablesTypeInfo.INSTANCE;
  }
}
