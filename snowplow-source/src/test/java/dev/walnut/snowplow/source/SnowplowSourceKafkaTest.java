package dev.walnut.snowplow.source;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.CookieSettings;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/** Collector → Kafka → {@code snowplow} source in a real Flink job: typed, deduplicated. */
class SnowplowSourceKafkaTest {

  @Test
  void theSourceReadsTheCollectorsTopicTypedAndWithoutRepeatedEvents() throws Exception {
    try (EmbeddedKafka kafka = startedBroker();
        CollectorServer collector =
            CollectorServer.start(
                CollectorConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .bootstrapServers(kafka.bootstrapServers())
                    .cookie(CookieSettings.localDevelopment())
                    .build())) {
      String url = "http://127.0.0.1:" + collector.port();
      HttpClient http = HttpClient.newHttpClient();
      // e2 is sent twice, as a tracker does when a 200 got lost
      for (String[] view :
          List.of(
              new String[] {"e1", "s1", "p1"},
              new String[] {"e2", "s1", "p2"},
              new String[] {"e2", "s1", "p2"},
              new String[] {"e3", "s2", "p3"})) {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(url + "/i?" + productView(view[0], view[1], view[2])))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
      }
      // e4 comes from a device whose clock is an hour behind; it waited 5 s on the device
      long skewed = System.currentTimeMillis() - 3_600_000;
      HttpResponse<Void> late =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          url
                              + "/i?"
                              + productView("e4", "s3", "p4")
                                  .replaceFirst("&dtm=\\d+", "&dtm=" + (skewed - 5_000))
                              + "&stm="
                              + skewed))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(late.statusCode()).isEqualTo(200);

      Scenario scenario =
          ScenarioBuilder.id("snowplow-source-kafka")
              .parallelism(1)
              .source(
                  "snowplow",
                  "snowplow",
                  param("Topic", "'snowplow-good'"),
                  param("Stop at", "'latest offsets at start'"))
              .sink(
                  "out",
                  "kafka",
                  param("Topic", "'views-out'"),
                  param(
                      "Value",
                      "{id: #input.eventId, shopper: #input.shopperId, action:"
                          + " #input.ecommerceAction, product: #input.product.id, price:"
                          + " #input.product.price, type: #input.eventType, eventTime:"
                          + " #input.eventTime, collector: #input.collectorTstamp}"));
      try (DeployedScenario job =
          DeployedScenario.deploy(
              scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))) {
        job.client().getJobExecutionResult().get(120, TimeUnit.SECONDS);
        assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
      }
      List<JsonNode> out =
          KafkaRecords.of(kafka).consumeAllValues("views-out", Duration.ofSeconds(30)).stream()
              .map(SnowplowSourceKafkaTest::parse)
              .toList();
      assertThat(out)
          .extracting(n -> n.path("id").asText())
          .containsExactlyInAnyOrder("e1", "e2", "e3", "e4");
      assertThat(out)
          .allSatisfy(
              n -> {
                assertThat(n.path("action").asText()).isEqualTo("product_view");
                assertThat(n.path("type").asText()).isEqualTo("unstruct");
                assertThat(n.path("price").asDouble()).isEqualTo(4.5);
              });
      assertThat(out)
          .filteredOn(n -> n.path("id").asText().equals("e3"))
          .extracting(n -> n.path("shopper").asText() + "/" + n.path("product").asText())
          .containsExactly("s2/p3");
      // Snowplow's derived_tstamp: the collector's time minus the 5 s the event waited on the
      // device, not the device's clock (an hour behind)
      JsonNode e4 = out.stream().filter(n -> n.path("id").asText().equals("e4")).findFirst().get();
      assertThat(
              java.time.Duration.between(
                  instant(e4.path("eventTime")), instant(e4.path("collector"))))
          .isEqualTo(Duration.ofSeconds(5));
      // without dvce_sent_tstamp (e1..e3 send only dtm), the collector's time
      JsonNode e3 = out.stream().filter(n -> n.path("id").asText().equals("e3")).findFirst().get();
      assertThat(instant(e3.path("eventTime"))).isEqualTo(instant(e3.path("collector")));
    }
  }

  static String productView(String eventId, String shopper, String productId) {
    String ue =
        "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\","
            + "\"data\":{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/"
            + "snowplow_ecommerce_action/jsonschema/1-0-2\",\"data\":{\"type\":\"product_view\"}}}";
    String cx =
        "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\","
            + "\"data\":[{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/product/"
            + "jsonschema/1-0-0\",\"data\":{\"id\":\""
            + productId
            + "\",\"name\":\"n\",\"category\":\"c\",\"price\":4.5,\"currency\":\"EUR\"}}]}";
    return "e=ue&p=web&tv=js-test&aid=shop&eid="
        + eventId
        + "&duid="
        + shopper
        + "&dtm="
        + System.currentTimeMillis()
        + "&ue_px="
        + b64(ue)
        + "&cx="
        + b64(cx)
        + "&url="
        + URLEncoder.encode("https://shop.example/p/" + productId, StandardCharsets.UTF_8);
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A broker with the collector's good topic (2 partitions) and the scenario's output topic. */
  private static EmbeddedKafka startedBroker() {
    EmbeddedKafka kafka = EmbeddedKafka.builder().build();
    kafka.start();
    kafka.createTopic("snowplow-good", 2);
    kafka.createTopic("views-out", 1);
    return kafka;
  }

  /** A time the Kafka sink wrote: ISO-8601 text or epoch milliseconds. */
  private static java.time.Instant instant(JsonNode value) {
    return value.isNumber()
        ? java.time.Instant.ofEpochMilli(value.asLong())
        : java.time.Instant.parse(value.asText());
  }

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
