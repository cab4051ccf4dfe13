package dev.walnut.benchmarks.pipeline;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The reference: {@code clickstream-recommendations} hand-written on Flink's DataStream API, as a
 * Flink engineer would tune it — object reuse on, POJOs, no expression language: Kafka → parse +
 * filter ({@link CollectorEventParser}) → key by shopper → window ({@link ShopperWindow}) → ONNX
 * Runtime in-process, batched ({@link BatchedScoring}) → catalogue and trending broadcast → rules
 * ({@link RecommendationRules}) → the scenario's JSON → Kafka.
 */
final class HandWrittenRecommendationJob {
  private HandWrittenRecommendationJob() {}

  static JobClient submit(
      StreamExecutionEnvironment env,
      String bootstrap,
      String input,
      String catalogueTopic,
      String output,
      String group,
      String modelFile,
      int parallelism)
      throws Exception {
    env.getConfig().enableObjectReuse();
    env.setParallelism(parallelism);
    KafkaSource<byte[]> events =
        KafkaSource.<byte[]>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(input)
            .setGroupId(group)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new Bytes())
            .build();
    KafkaSource<byte[]> products =
        KafkaSource.<byte[]>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(catalogueTopic)
            .setGroupId(group + "-catalogue")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new Bytes())
            .build();
    SingleOutputStreamOperator<View> views =
        env.fromSource(events, WatermarkStrategy.noWatermarks(), "collector events")
            .uid("collector-events")
            .flatMap(new CollectorEventParser())
            .returns(View.class)
            .uid("parse");
    DataStream<ShopUpdate> trending =
        views
            .transform(
                "trending counts",
                new TypeHint<Tuple3<String, Long, Long>>() {}.getTypeInfo(),
                new TrendingCounts.Local())
            .uid("trending-counts")
            .keyBy(t -> (byte) 0, Types.BYTE)
            .process(new TrendingCounts.Ranker())
            .returns(ShopUpdate.class)
            .setParallelism(1)
            .uid("trending-rank");
    DataStream<ShopUpdate> catalogue =
        env.fromSource(products, WatermarkStrategy.noWatermarks(), "catalogue")
            .uid("catalogue")
            .setParallelism(1)
            .flatMap(new CatalogueParser())
            .returns(ShopUpdate.class)
            .setParallelism(1)
            .uid("catalogue-parse");
    BroadcastStream<ShopUpdate> shop =
        catalogue
            .union(trending)
            .broadcast(RecommendationRules.CATALOGUE, RecommendationRules.TRENDING);
    views
        .keyBy(v -> v.shopper, Types.STRING)
        .process(new ShopperWindow())
        .returns(Recommendation.class)
        .uid("shopper-window")
        .transform(
            "session model",
            TypeInformation.of(Recommendation.class),
            new BatchedScoring(modelFile, "1"))
        .uid("session-model")
        .connect(shop)
        .process(new RecommendationRules())
        .returns(Recommendation.class)
        .uid("rules")
        .sinkTo(
            KafkaSink.<Recommendation>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(producer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new Json(output))
                .build())
        .uid("recommendations");
    return env.executeAsync("hand-written recommendations " + output);
  }

  private static Properties producer() {
    Properties p = new Properties();
    p.put("linger.ms", "5");
    return p;
  }

  private static final class Bytes extends AbstractDeserializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] deserialize(byte[] message) {
      return message;
    }
  }

  /** A catalogue record (the {@code shopify-products} contract) → whether it may be shown. */
  static final class CatalogueParser extends RichFlatMapFunction<byte[], ShopUpdate> {
    private static final long serialVersionUID = 1L;
    private transient ObjectMapper json;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
      json = new ObjectMapper();
    }

    @Override
    public void flatMap(byte[] value, org.apache.flink.util.Collector<ShopUpdate> out)
        throws Exception {
      JsonNode m = json.readTree(value);
      if (!m.isObject() || m.path("id").isMissingNode() || m.path("id").isNull()) {
        return;
      }
      String id = m.path("id").asText().replace("gid://shopify/Product/", "");
      ShopUpdate u = new ShopUpdate();
      u.productId = id;
      u.deleted = m.path("deleted").asBoolean(false);
      u.showable =
          "ACTIVE".equals(m.path("status").asText())
              && m.path("published").asBoolean(true)
              && m.path("available").asBoolean(true)
              && !m.path("isGiftCard").asBoolean(false);
      boolean ruledOut = false;
      for (JsonNode t : m.path("tags")) {
        ruledOut |= "no-recommendations".equals(t.asText());
      }
      u.ruledOut = ruledOut;
      out.collect(u);
    }
  }

  /** The scenario's output record, written with a reused generator. */
  static final class Json implements KafkaRecordSerializationSchema<Recommendation> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private transient JsonFactory factory;
    private transient ByteArrayOutputStream buffer;

    Json(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        Recommendation r, KafkaSinkContext context, Long timestamp) {
      if (factory == null) {
        factory = new JsonFactory();
        buffer = new ByteArrayOutputStream(1024);
      }
      buffer.reset();
      try (JsonGenerator g = factory.createGenerator(buffer, JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeStringField("shopper", r.shopper);
        g.writeStringField("customerId", r.customerId);
        g.writeStringField("handle", r.handle);
        g.writeArrayFieldStart("products");
        for (String p : r.products) {
          g.writeString(p);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("scores");
        for (double s : r.scores) {
          g.writeNumber(s);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("sources");
        for (String s : r.sources) {
          g.writeString(s);
        }
        g.writeEndArray();
        g.writeStringField("modelVersion", r.modelVersion);
        g.writeStringField("viewed", r.viewed);
        g.writeStringField("collectorTstamp", Instant.ofEpochMilli(r.collectorMillis).toString());
        g.writeStringField("at", Instant.ofEpochMilli(r.eventMillis).toString());
        g.writeEndObject();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return new ProducerRecord<>(
          topic, null, null, r.shopper.getBytes(StandardCharsets.UTF_8), buffer.toByteArray());
    }
  }
}
