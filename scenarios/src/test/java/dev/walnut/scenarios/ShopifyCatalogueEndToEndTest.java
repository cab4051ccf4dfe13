package dev.walnut.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.ConsumedRecord;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.embedded.shopify.ShopProduct;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.shopify.connect.ShopAddress;
import dev.walnut.shopify.schema.ShopifyPlan;
import dev.walnut.testkit.scenario.DeployedScenario;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code scenarios/shopify-catalogue.json} deployed on a local Flink cluster against the local
 * Shopify and a real KRaft broker: the compacted {@code shop-products} topic ends up holding every
 * product, and a stock change made in the shop reaches it.
 *
 * <p>The shipped scenario points at the demo's local Shopify ({@code http://127.0.0.1:8083}, token
 * from {@code SHOPIFY_ADMIN_TOKEN}, polled every minute); the test runs its own local Shopify on a
 * free port, so exactly these three expressions are replaced — shop, token reference (a JVM cannot
 * set its own environment variables) and poll interval (one second, so the test does not wait a
 * minute) — and nothing else.
 */
class ShopifyCatalogueEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String TOPIC = "shop-products";
  private static final String TOKEN_PROPERTY = "shopify.catalogue.e2e.token";
  private static final String TOKEN = "shpat_catalogue_e2e";

  private static EmbeddedKafka kafka;
  private static LocalShopify shopify;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty(TOKEN_PROPERTY, TOKEN);
    // the local Shopify listens on 127.0.0.1: the operator's explicit switch allows it
    System.setProperty(ShopAddress.LOCAL_DEV_PROPERTY, "true");
    shopify =
        LocalShopify.builder()
            .plan(ShopifyPlan.PLUS)
            .accessToken(TOKEN)
            .catalogSize(400)
            .build()
            .start();
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin client = Admin.create(admin)) {
      client
          .createTopics(
              List.of(
                  new NewTopic(TOPIC, 1, (short) 1)
                      .configs(
                          Map.of(
                              TopicConfig.CLEANUP_POLICY_CONFIG,
                              TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all()
          .get();
      Config config =
          client
              .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC)))
              .all()
              .get()
              .values()
              .iterator()
              .next();
      assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
    if (shopify != null) {
      shopify.close();
    }
    System.clearProperty(TOKEN_PROPERTY);
    System.clearProperty(ShopAddress.LOCAL_DEV_PROPERTY);
  }

  @Test
  void theCompactedTopicHoldsEveryProductAndAStockChange() throws Exception {
    String shipped = Files.readString(Repo.scenario("shopify-catalogue.json"));
    String forThisShop =
        replaceOnce(
            replaceOnce(
                replaceOnce(shipped, "'http://127.0.0.1:8083'", "'" + shopify.baseUrl() + "'"),
                "'${env:SHOPIFY_ADMIN_TOKEN}'",
                "'${sys:" + TOKEN_PROPERTY + "}'"),
            "'PT1M'",
            "'PT1S'");

    try (DeployedScenario job =
        DeployedScenario.deploy(
            ScenarioJson.read(forThisShop),
            Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(latestByKey())
                      .as("job %s", job.status())
                      .hasSize(shopify.products().size()));
      Map<String, Map<String, Object>> table = latestByKey();
      for (ShopProduct p : shopify.products()) {
        Map<String, Object> r = table.get(String.valueOf(p.id()));
        assertThat(r).as("product %s", p.id()).isNotNull();
        assertThat(r)
            .containsEntry("gid", p.gid())
            .containsEntry("title", p.title())
            .containsEntry("status", p.status())
            .containsEntry("published", p.publishedAt() != null)
            .containsEntry("available", p.available())
            .containsEntry("updatedAt", p.updatedAt().toString())
            .containsEntry("deleted", false);
        assertThat(((Number) r.get("price")).doubleValue()).isEqualTo(p.price());
      }

      ShopProduct restocked =
          shopify.products().stream().filter(p -> !p.available()).findFirst().orElseThrow();
      ShopProduct changed = shopify.setInventory(restocked.id(), 12);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(latestByKey().get(String.valueOf(changed.id())))
                      .hasEntrySatisfying(
                          "totalInventory", n -> assertThat(((Number) n).longValue()).isEqualTo(12))
                      .containsEntry("available", true)
                      .containsEntry("updatedAt", changed.updatedAt().toString()));
    }
  }

  /** The topic as a table: the newest value of each key (what compaction keeps). */
  private static Map<String, Map<String, Object>> latestByKey() {
    Map<String, Map<String, Object>> latest = new HashMap<>();
    for (ConsumedRecord r : KafkaRecords.of(kafka).consumeAll(TOPIC, TIMEOUT)) {
      latest.put(r.key(), parse(r.value()));
    }
    return latest;
  }

  private static String replaceOnce(String text, String expression, String replacement) {
    int at = text.indexOf(expression);
    assertThat(at).as("the shipped scenario has the expression %s", expression).isNotNegative();
    assertThat(text.indexOf(expression, at + 1))
        .as("the shipped scenario has %s once", expression)
        .isNegative();
    return text.substring(0, at) + replacement + text.substring(at + expression.length());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return (Map<String, Object>) JsonValues.parse(json);
    } catch (Exception e) {
      throw new AssertionError("not a JSON object: " + json, e);
    }
  }
}
