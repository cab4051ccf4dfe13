package dev.walnut.shopify.sink;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.embedded.shopify.Fault;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.shopify.connect.ShopAddress;
import dev.walnut.shopify.schema.ShopifyPlan;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import dev.walnut.testkit.scenario.SharedFlinkCluster;
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
  // names the default secret allow-list allows (shopify.*)
  private static final String TOKEN_PROPERTY = "shopify.test.token";
  private static final String KEY_PROPERTY = "shopify.test.handle.key";
  private static final String HANDLE_KEY = "a-handle-key-of-the-test-shop";
  private static LocalShopify shopify;

  @BeforeAll
  static void start() {
    System.setProperty(TOKEN_PROPERTY, "shpat_scenario");
    System.setProperty(KEY_PROPERTY, HANDLE_KEY);
    // the local Shopify listens on 127.0.0.1: the operator's explicit switch allows it
    System.setProperty(ShopAddress.LOCAL_DEV_PROPERTY, "true");
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
    System.clearProperty(KEY_PROPERTY);
    System.clearProperty(ShopAddress.LOCAL_DEV_PROPERTY);
  }

  /** The handle the storefront computes for a customer: an independent HMAC-SHA256. */
  private static String customerHandle(Object customerId) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              HANDLE_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] d =
          mac.doFinal(customerId.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder("c-");
      for (int i = 0; i < 16; i++) {
        hex.append(String.format("%02x", d[i]));
      }
      return hex.toString();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static Scenario scenario(String id, String topic, String token) {
    return scenario(id, topic, token, "PT1S");
  }

  private static Scenario scenario(String id, String topic, String token, String coalesce) {
    return scenario(id, topic, token, coalesce, "'" + shopify.baseUrl() + "'", "Customer id");
  }

  private static Scenario scenario(
      String id, String topic, String token, String coalesce, String shop, String handleParam) {
    return ScenarioBuilder.id(id)
        .parallelism(2)
        .source(
            "recs", "kafka", param("Topic", "'" + topic + "'"), param("Start from", "'earliest'"))
        .sink(
            "shopify",
            "shopify-recommendations",
            param("Shop", shop),
            param("Access token", "'" + token + "'"),
            param("Handle key", "'${sys:" + KEY_PROPERTY + "}'"),
            param(
                handleParam,
                handleParam.equals("Handle") ? "'c-' + #input.customerId" : "#input.customerId"),
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
                customerHandle(7407263514789L),
                "fields",
                Map.of(
                    "shopper_key", customerHandle(7407263514789L),
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
  void theTokenGoesOnlyToShopifyShopsOrAnExplicitlyAllowedLocalOne() {
    String token = "${sys:" + TOKEN_PROPERTY + "}";
    for (String shop :
        List.of(
            "https://attacker.example.com",
            "http://walnut-demo.myshopify.com",
            "walnut-demo.myshopify.com.attacker.example",
            "https://walnut-demo.myshopify.com:8443",
            "http://169.254.169.254")) {
      assertThat(
              ScenarioTestRun.validate(
                      scenario(
                          "shop-" + shop.length(),
                          "t",
                          token,
                          "PT1S",
                          "'" + shop + "'",
                          "Customer id"))
                  .describe())
          .as(shop)
          .contains(
              "parameter `Shop` must be a Shopify shop: `<name>.myshopify.com`,"
                  + " `https://<name>.myshopify.com` or `<name>`, got `"
                  + shop
                  + "`");
    }
    assertThat(
            ScenarioTestRun.validate(
                    scenario(
                        "shop-ok",
                        "t",
                        token,
                        "PT1S",
                        "'walnut-demo.myshopify.com'",
                        "Customer id"))
                .isValid())
        .isTrue();

    System.clearProperty(ShopAddress.LOCAL_DEV_PROPERTY);
    try {
      assertThat(ScenarioTestRun.validate(scenario("shop-local", "t", token)).describe())
          .contains(
              "parameter `Shop`: `"
                  + shopify.baseUrl()
                  + "` is a local Shopify; it is allowed only with the local-development switch"
                  + " of the process running the designer and the job"
                  + " (-Dwalnut.shopify.local-dev=true or WALNUT_SHOPIFY_LOCAL_DEV=true)");
    } finally {
      System.setProperty(ShopAddress.LOCAL_DEV_PROPERTY, "true");
    }
  }

  @Test
  void aTokenNamingASecretOutsideTheAllowListIsRefused() {
    Scenario scenario =
        scenario("shopify-designer-password", "unused", "${env:WALNUT_DESIGNER_PASSWORD}");
    assertThat(ScenarioTestRun.validate(scenario).describe())
        .contains(
            "parameter `Access token`: the secret ${env:WALNUT_DESIGNER_PASSWORD} is not allowed"
                + " here");
  }

  @Test
  void customerHandlesAreHashedAndEnumerableOnesRefused() {
    Scenario guessable =
        scenario(
            "shopify-guessable",
            "unused",
            "${sys:" + TOKEN_PROPERTY + "}",
            "PT1S",
            "'" + shopify.baseUrl() + "'",
            "Handle");
    ScenarioTestResult result =
        ScenarioTestRun.of(guessable)
            .input("recs", Map.of("customerId", 42, "products", List.of(8000000000001L)))
            .run();
    assertThat(result.records("shopify"))
        .containsExactly(
            Map.of(
                "error",
                "a handle starting with `c-` looks like a customer's: give the customer id as"
                    + " `Customer id`, whose handle is hashed"));
    assertThat(customerHandle(42)).matches("c-[0-9a-f]{32}").isNotEqualTo(customerHandle(43));
  }

  @Test
  void checkpointsKeepCompletingWhileShopifyIsDownAndEverythingIsWrittenOnceItIsBack()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("recs-outage", 1);
      Scenario scenario =
          scenario("shopify-outage", "recs-outage", "${sys:" + TOKEN_PROPERTY + "}", "PT0.2S");
      String type = shopify.resolveType("$app:recommendations");
      try (DeployedScenario job =
          DeployedScenario.deploy(
                  scenario,
                  Map.of(
                      "kafka.bootstrap.servers",
                      kafka.bootstrapServers(),
                      "checkpointInterval",
                      "PT1S"))
              .awaitRunning(TIMEOUT)) {
        KafkaRecords.of(kafka).produce("recs-outage", List.of(recommendation(2000, 1)));
        await()
            .atMost(TIMEOUT)
            .until(() -> shopify.metaobject(type, customerHandle(2000)).isPresent());

        shopify.startOutage(Duration.ofMinutes(5), Fault.Kind.HTTP_429, Fault.Kind.HTTP_503);
        try {
          List<String> records = new ArrayList<>();
          for (int customer = 2001; customer <= 2010; customer++) {
            records.add(recommendation(customer, 5));
          }
          KafkaRecords.of(kafka).produce("recs-outage", records);
          long before = completedCheckpoints(job);
          // before the fix, the first checkpoint waited for Shopify in snapshotState: none
          // completed
          await()
              .atMost(TIMEOUT)
              .untilAsserted(
                  () ->
                      assertThat(completedCheckpoints(job))
                          .as("checkpoints completed during the outage, job %s", job.status())
                          .isGreaterThanOrEqualTo(before + 3));
          assertThat(shopify.metaobject(type, customerHandle(2005))).isEmpty();
        } finally {
          shopify.endOutage();
        }
        await()
            .atMost(TIMEOUT)
            .untilAsserted(
                () -> {
                  for (int customer = 2001; customer <= 2010; customer++) {
                    assertThat(shopify.metaobject(type, customerHandle(customer)))
                        .as("shopper %d, job %s", customer, job.status())
                        .isPresent();
                  }
                });
      }
    }
  }

  private static String recommendation(int customer, int product) {
    return JsonValues.write(
        Map.of(
            "customerId",
            customer,
            "products",
            List.of(8000000000000L + product),
            "scores",
            List.of(1.0)));
  }

  /** Completed checkpoints of the job, from Flink's REST API. */
  private static long completedCheckpoints(DeployedScenario job) throws Exception {
    String url =
        SharedFlinkCluster.get().webUrl() + "/jobs/" + job.client().getJobID() + "/checkpoints";
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    Object counts =
        JsonValues.parseObject(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .get("counts");
    return ((Number) ((Map<?, ?>) counts).get("completed")).longValue();
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
                            shopify
                                .metaobject(type, customerHandle(customer))
                                .map(f -> f.get("products")))
                        .as("shopper %d, job %s", customer, job.status())
                        .hasValue(
                            "[\"gid://shopify/Product/8000000000003\",\"gid://shopify/Product/"
                                + (8000000000010L + customer)
                                + "\"]");
                  }
                });
      }
      assertThat(shopify.metaobject(type, "c-1")).as("no guessable handle").isEmpty();
      assertThat(shopify.stats().throttled()).isZero();
      assertThat(shopify.storefrontAccess(type)).hasValue("PUBLIC_READ");
    }
  }
}
