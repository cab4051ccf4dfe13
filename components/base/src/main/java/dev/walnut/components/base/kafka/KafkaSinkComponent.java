package dev.walnut.components.base.kafka;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.DesignContext;
import dev.walnut.api.Editor;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.Suggestion;
import dev.walnut.api.Variables;
import dev.walnut.kafka.KafkaSettings;
import dev.walnut.kafka.KafkaTopics;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code kafka} sink: writes the {@code Value} expression as JSON to a topic, keyed by the {@code
 * Key} expression. At-least-once: the producer is flushed on every checkpoint. Key and value are
 * evaluated and serialised in a guarded step before the sink: a record they fail on goes to the
 * node's errors.
 */
public final class KafkaSinkComponent implements SinkComponent {
  private static final long serialVersionUID = 1L;
  static final String KEY = "Key";
  static final String RAW_EDITOR = "Raw editor";
  static final String VALIDATION_MODE = "Value validation mode";
  static final String VALUE = "Value";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("kafka", ComponentKind.SINK)
          .icon("kafka")
          .docs("Writes each record's `Value` as JSON to a Kafka topic, keyed by `Key`.")
          .parameter(KafkaSourceComponent.topic())
          .parameter(KafkaSourceComponent.schemaVersion())
          .parameter(
              Parameter.perEvent(KEY, DataType.UNKNOWN)
                  .optional()
                  .docs("The record key (its text form). Empty: no key.")
                  .build())
          .parameter(
              Parameter.once(RAW_EDITOR, DataType.BOOLEAN)
                  .defaultExpression("true")
                  .validator(
                      ParameterValidator.equalTo(
                          Boolean.TRUE, "true (the value is always given as one expression)"))
                  .docs("Kept for Nussknacker compatibility: the value is one expression.")
                  .build())
          .parameter(
              Parameter.once(VALIDATION_MODE, DataType.STRING)
                  .defaultExpression("'strict'")
                  .editor(Editor.fixedStrings("strict", "lax"))
                  .docs("Kept for Nussknacker compatibility: values are schemaless JSON.")
                  .build())
          .parameter(
              Parameter.perEvent(VALUE, DataType.UNKNOWN)
                  .defaultExpression("#input")
                  .docs("What to write, as JSON.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Suggestion> suggestions(String parameter, DesignContext context)
      throws InterruptedException {
    return KafkaSourceComponent.TOPIC.equals(parameter)
        ? KafkaTopics.suggestions(context.scenarioProperties())
        : List.of();
  }

  @Override
  public void createSink(NodeContext ctx, DataStream<Variables> input) {
    ParameterValues p = ctx.params();
    Properties producer = KafkaSettings.clientProperties(ctx.scenarioProperties());
    producer.putIfAbsent("linger.ms", "5");
    producer.putIfAbsent("batch.size", "131072");
    ctx.guarded("serialize", input, payloads(ctx), KafkaPayload.TYPE)
        .sinkTo(
            KafkaSink.<KafkaPayload>builder()
                .setBootstrapServers(KafkaSettings.bootstrapServers(ctx))
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(
                    new PayloadSerializer(p.value(KafkaSourceComponent.TOPIC, String.class)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build())
        .name(ctx.nodeId())
        .uid(ctx.nodeId());
  }

  /** The value, after evaluating the key too: a key that fails is an error in test runs as well. */
  @Override
  public LazyParameter<Object> testOutput(NodeContext ctx) {
    return new KeyCheckedValue(payloads(ctx), ctx.params().lazy(VALUE));
  }

  private static KafkaPayload.Of payloads(NodeContext ctx) {
    return new KafkaPayload.Of(
        ctx.params().optionalLazy(KEY).orElse(null), ctx.params().lazy(VALUE));
  }

  private static final class KeyCheckedValue implements LazyParameter<Object> {
    private static final long serialVersionUID = 1L;
    private final KafkaPayload.Of payloads;
    private final LazyParameter<Object> value;

    KeyCheckedValue(KafkaPayload.Of payloads, LazyParameter<Object> value) {
      this.payloads = payloads;
      this.value = value;
    }

    @Override
    public Object evaluate(Variables record) {
      payloads.key(record);
      return payloads.value(record);
    }

    @Override
    public DataType type() {
      return value.type();
    }

    @Override
    public String expression() {
      return value.expression();
    }
  }

  /** Writes a payload made before the sink; nothing here evaluates or can fail on a record. */
  private static final class PayloadSerializer
      implements KafkaRecordSerializationSchema<KafkaPayload> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    PayloadSerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        KafkaPayload payload, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(topic, null, timestamp, payload.key, payload.value);
    }
  }
}
