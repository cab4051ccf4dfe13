package dev.walnut.shopify.sink;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.shopify.schema.ShopifyPlan;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code shopify-recommendations} in scenarios: test runs, validation, and a deployed job. */
class ShopifyRecommendationsScenarioTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String TOKEN_PROPERTY = "walnut.test.shopify.token";
  private static LocalShopify shopify;

  @BeforeAll
  static void start() {
    System.setProperty(TOKEN_PROPERTY, "shpat_scenario");
    shopify =
        LocalShopify.builder()
            .plan(ShopifyPlan.STANDARD)
            .accessToken("shpat_scenario")
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    shopify.close();
    System.clearProperty(TOKEN_PROPERTY);
  }

  private static Scenario scenario(String id, String topic, String token) {
    return scenario(id, topic, token, "PT1S");
  }

  private static Scenario scenario(String id, String topic, String token, String coalesce) {
    return ScenarioBuilder.id(id)
        .parallelism(2)
        .source(
            "recs", "kafka", param("Topic", "'" + topic + "'"), param("Start from", "'earliest'"))
        .sink(
            "shopify",
            "shopify-recommendations",
            param("Shop", "'" + shopify.baseUrl() + "'"),
            param("Access token", "'" + token + "'"),
            param("Handle", "'c-' + #input.customerId"),
            param("Products", "#input.products"),
            param("Scores", "#input.scores"),
            param("Model version", "'sasrec-v3'"),
            param("Coalescing interval", "'" + coalesce + "'"),
            param("Plan", "'standard'"));
  }

  @Test
  void aTestRunShowsWhatWouldBeWrittenWithoutWritingIt() {
    Scenario scenario = scenario("shopify-test-run", "unused", "${sys:" + TOKEN_PROPERTY + "}");
    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "recs",
                Map.of(
                    "customerId",
                    7407263514789L,
                    "products",
                    List.of(8000000000001L, 8000000000002L),
                    "scores",
                    List.of(0.9, 0.8)))
            .run();

    assertThat(result.records("shopify"))
        .containsExactly(
            Map.of(
                "handle",
                "c-7407263514789",
                "fields",
                Map.of(
                    "shopper_key", "c-7407263514789",
                    "products",
                        "[\"gid://shopify/Product/8000000000001\",\"gid://shopify/Product/8000000000002\"]",
                    "count", "2",
                    "scores", "[0.9,0.8]",
                    "model_version", "sasrec-v3")));
    assertThat(shopify.stats().upserts()).isZero();
  }

  @Test
  void aTokenGivenByValueIsRefusedByValidation() {
    Scenario scenario = scenario("shopify-literal-token", "unused", "shpat_0123456789");
    assertThat(ScenarioTestRun.validate(scenario).describe())
        .contains("Access token")
        .contains("${env:SHOPIFY_ADMIN_TOKEN}")
        .doesNotContain("shpat_0123456789");
  }

  @Test
  void aCheckpointWritesWhatIsWaitingEvenWithinTheCoalescingInterval() {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("recs-checkpointed", 1);
      List<String> records = new ArrayList<>();
      for (int customer = 1001; customer <= 1010; customer++) {
        records.add(
            JsonValues.write(
                Map.of(
                    "customerId",
                    customer,
                    "products",
                    List.of(8000000000005L),
                    "scores",
                    List.of(1.0))));
      }
      KafkaRecords.of(kafka).produce("recs-checkpointed", records);
      // an hour of coalescing: only the flush on checkpoint can write these
      Scenario scenario =
          scenario(
              "shopify-checkpointed", "recs-checkpointed", "${sys:" + TOKEN_PROPERTY + "}", "PT1H");
      String type = shopify.resolveType("$app:recommendations");
      try (DeployedScenario job =
          DeployedScenario.deploy(
                  scenario,
                  Map.of(
                      "kafka.bootstrap.servers",
                      kafka.bootstrapServers(),
                      "checkpointInterval",
                      "PT2S"))
              .awaitRunning(TIMEOUT)) {
        await()
            .atMost(TIMEOUT)
            .untilAsserted(
                () -> {
                  for (int customer = 1001; customer <= 1010; customer++) {
                    assertThat(shopify.metaobject(type, "c-" + customer))
                        .as("job %s", job.status())
                        .isPresent();
                  }
                });
      }
    }
  }

  @Test
  void aDeployedScenarioWritesTheLatestRecommendationsOfEveryShopper() {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("recs", 1); // one partition: the rounds arrive in order
      List<String> records = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int customer = 1; customer <= 30; customer++) {
          records.add(
              JsonValues.write(
                  Map.of(
                      "customerId", customer,
                      "products", List.of(8000000000001L + round, 8000000000010L + customer),
                      "scores", List.of(0.9, 0.1))));
        }
      }
      KafkaRecords.of(kafka).produce("recs", records);
      Scenario scenario = scenario("shopify-deployed", "recs", "${sys:" + TOKEN_PROPERTY + "}");
      String type = shopify.resolveType("$app:recommendations");
      try (DeployedScenario job =
          DeployedScenario.deploy(
                  scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))
              .awaitRunning(TIMEOUT)) {
        await()
            .atMost(TIMEOUT)
            .untilAsserted(
                () -> {
                  for (int customer = 1; customer <= 30; customer++) {
                    assertThat(
                            shopify.metaobject(type, "c-" + customer).map(f -> f.get("products")))
                        .as("shopper %d, job %s", customer, job.status())
                        .hasValue(
                            "[\"gid://shopify/Product/8000000000003\",\"gid://shopify/Product/"
                                + (8000000000010L + customer)
                                + "\"]");
                  }
                });
      }
      assertThat(shopify.stats().throttled()).isZero();
      assertThat(shopify.storefrontAccess(type)).hasValue("PUBLIC_READ");
    }
  }
}
