package dev.walnut.benchmarks.kafkafilter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The reference: the job a Flink developer would write by hand for the scenario — {@code
 * KafkaSource} → Jackson into a POJO → filter → filter → {@code KafkaSink} writing JSON — with the
 * same connector, parallelism, checkpoint interval (set on {@code env}) and producer settings as
 * Walnut's job, and with object reuse on, as a Flink engineer tuning this job would set it: no
 * function here keeps a record after passing it on, so the POJO need not be copied between the
 * chained operators.
 */
final class HandWrittenFilterJob {
  private HandWrittenFilterJob() {}

  static JobClient submit(
      StreamExecutionEnvironment env,
      String bootstrapServers,
      String inputTopic,
      String outputTopic,
      String group,
      int parallelism)
      throws Exception {
    env.setParallelism(parallelism);
    env.getConfig().enableObjectReuse();
    KafkaSource<Transaction> source =
        KafkaSource.<Transaction>builder()
            .setBootstrapServers(bootstrapServers)
            .setTopics(inputTopic)
            .setGroupId(group)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new TransactionJson())
            .build();
    Properties producer = new Properties();
    producer.setProperty("linger.ms", "5");
    producer.setProperty("batch.size", "131072");
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "transactions")
        .filter(new AmountOver20())
        .name("amount over 20")
        .filter(new EurosOnly())
        .name("euros only")
        .sinkTo(
            KafkaSink.<Transaction>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(
                    KafkaRecordSerializationSchema.<Transaction>builder()
                        .setTopic(outputTopic)
                        .setValueSerializationSchema(new TransactionWriter())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build())
        .name("filtered");
    return env.executeAsync("bench-kafka-filter-hand-written");
  }

  private static final class AmountOver20 implements FilterFunction<Transaction> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(Transaction t) {
      return t.amount > 20;
    }
  }

  private static final class EurosOnly implements FilterFunction<Transaction> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(Transaction t) {
      return "EUR".equals(t.currency);
    }
  }

  /** JSON bytes → {@link Transaction}, with one reader per task. */
  private static final class TransactionJson implements DeserializationSchema<Transaction> {
    private static final long serialVersionUID = 1L;
    private transient ObjectReader reader;

    @Override
    public void open(InitializationContext context) {
      reader = new ObjectMapper().readerFor(Transaction.class);
    }

    @Override
    public Transaction deserialize(byte[] message) throws IOException {
      return reader.readValue(message);
    }

    @Override
    public boolean isEndOfStream(Transaction next) {
      return false;
    }

    @Override
    public TypeInformation<Transaction> getProducedType() {
      return TypeInformation.of(Transaction.class);
    }
  }

  /** {@link Transaction} → JSON bytes. */
  private static final class TransactionWriter implements SerializationSchema<Transaction> {
    private static final long serialVersionUID = 1L;
    private transient ObjectWriter writer;

    @Override
    public void open(InitializationContext context) {
      writer = new ObjectMapper().writerFor(Transaction.class);
    }

    @Override
    public byte[] serialize(Transaction t) {
      try {
        return writer.writeValueAsBytes(t);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write transaction " + t.id + " as JSON", e);
      }
    }
  }
}
