package dev.walnut.shopify.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.embedded.shopify.Fault;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.RecommendationDefinition;
import dev.walnut.shopify.schema.ShopifyPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer against the local Shopify: coalescing, pacing, retries, bulk, flush. */
class RecommendationWriterTest {
  private static final String TYPE = "$app:recommendations";
  private LocalShopify shopify;
  private AdminClient client;
  private RecommendationWriter writer;
  private String resolvedType;

  private void start(ShopifyPlan plan, WriterSettings settings) throws Exception {
    shopify = LocalShopify.builder().plan(plan).http429Share(0.3).build().start();
    client = AdminClient.create(shopify.baseUrl(), "2026-10", "shpat_x", Duration.ofSeconds(5));
    resolvedType = RecommendationDefinition.bootstrap(client, TYPE).type();
    writer = new RecommendationWriter(client, resolvedType, settings);
  }

  @AfterEach
  void stop() {
    if (writer != null) {
      writer.close();
    }
    if (client != null) {
      client.close();
    }
    if (shopify != null) {
      shopify.close();
    }
  }

  private RecommendationUpdate update(String handle, int... productIndexes) {
    List<String> all = shopify.productIds();
    List<String> ids = java.util.Arrays.stream(productIndexes).mapToObj(all::get).toList();
    return RecommendationUpdate.of(handle, ids, null, "m1", Instant.now());
  }

  private String products(String handle) {
    return shopify.metaobject(resolvedType, handle).orElseThrow().get("products");
  }

  @Test
  void keepsOnlyTheLatestUpdatePerHandleWhileItWaits() throws Exception {
    start(ShopifyPlan.PLUS, WriterSettings.defaults().withCoalesce(Duration.ofSeconds(30)));
    for (int i = 0; i < 5; i++) {
      writer.offer(update("c-1", i, i + 1));
    }
    writer.offer(update("c-2", 7));
    writer.flush();

    assertThat(products("c-1")).isEqualTo(update("c-1", 4, 5).fields().get("products"));
    assertThat(writer.metrics().writes()).isEqualTo(2);
    assertThat(writer.metrics().coalesced()).isEqualTo(4);
    assertThat(shopify.stats().upserts()).isEqualTo(2);
  }

  @Test
  void skipsWritesThatWouldNotChangeAnything() throws Exception {
    start(ShopifyPlan.PLUS, WriterSettings.defaults().withCoalesce(Duration.ZERO));
    writer.offer(update("c-1", 1, 2));
    writer.flush();
    writer.offer(update("c-1", 1, 2));
    writer.flush();

    assertThat(writer.metrics().writes()).isEqualTo(1);
    assertThat(writer.metrics().skippedUnchanged()).isEqualTo(1);
  }

  @Test
  void writesDueUpdatesWithoutAFlushOnceTheyHaveWaitedTheCoalescingInterval() throws Exception {
    start(ShopifyPlan.PLUS, WriterSettings.defaults().withCoalesce(Duration.ofMillis(200)));
    writer.offer(update("a-abc", 3));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> shopify.metaobject(resolvedType, "a-abc").isPresent());
  }

  @Test
  void retriesThrottlingServerErrorsAndTimeoutsWithoutLosingOrReorderingWrites() throws Exception {
    start(
        ShopifyPlan.PLUS, WriterSettings.defaults().withCoalesce(Duration.ZERO).withConcurrency(4));
    shopify.inject(
        Fault.throttled(),
        Fault.tooManyRequests(),
        Fault.serverError(),
        Fault.internalError(),
        Fault.slow(Duration.ofSeconds(7)));
    shopify.injectRandomly(0.2, Fault.Kind.THROTTLED, Fault.Kind.HTTP_429, Fault.Kind.HTTP_503);
    for (int round = 0; round < 5; round++) {
      for (int shopper = 0; shopper < 20; shopper++) {
        writer.offer(update("c-" + shopper, round, round + shopper + 1));
      }
    }
    writer.flush();
    shopify.injectRandomly(0);

    for (int shopper = 0; shopper < 20; shopper++) {
      assertThat(products("c-" + shopper))
          .as("shopper %d ends with its last update", shopper)
          .isEqualTo(update("c-" + shopper, 4, 4 + shopper + 1).fields().get("products"));
    }
    assertThat(writer.metrics().retries()).isGreaterThanOrEqualTo(5);
    assertThat(writer.metrics().failed()).isZero();
  }

  @Test
  void pacesByTheCostBucketSoThatShopifyNeverThrottles() throws Exception {
    // Standard: 2,000-point bucket, 100 points/s; 260 writes of 10 points overrun the bucket.
    start(ShopifyPlan.STANDARD, WriterSettings.defaults().withCoalesce(Duration.ZERO));
    for (int i = 0; i < 260; i++) {
      writer.offer(update("c-" + i, i % 50));
    }
    writer.flush();

    assertThat(shopify.stats().throttled()).isZero();
    assertThat(writer.metrics().throttled()).isZero();
    assertThat(shopify.metaobjectCount(resolvedType)).isEqualTo(260);
    assertThat(writer.metrics().pointsUsed()).isEqualTo(2600);
  }

  @Test
  void writesALargeBacklogInOneBulkOperation() throws Exception {
    start(
        ShopifyPlan.STANDARD,
        WriterSettings.defaults()
            .withCoalesce(Duration.ofMinutes(5))
            .withBulkThreshold(100)
            .withBulkPollInterval(Duration.ofMillis(200)));
    for (int i = 0; i < 400; i++) {
      writer.offer(update("a-" + i, i % 50, (i + 1) % 50));
    }
    writer.flush();

    assertThat(writer.metrics().bulkOperations()).isGreaterThanOrEqualTo(1);
    assertThat(writer.metrics().bulkWrites() + writer.metrics().writes()).isEqualTo(400);
    assertThat(shopify.stats().bulkUpserts()).isEqualTo(writer.metrics().bulkWrites());
    assertThat(products("a-399")).isEqualTo(update("a-399", 399 % 50, 0).fields().get("products"));
  }

  @Test
  void aRefusedTokenFailsTheFlushWithAMessageToFixIt() throws Exception {
    shopify = LocalShopify.builder().accessToken("right").build().start();
    try (AdminClient admin =
            AdminClient.create(shopify.baseUrl(), "2026-10", "right", Duration.ofSeconds(5));
        AdminClient wrong =
            AdminClient.create(shopify.baseUrl(), "2026-10", "wrong", Duration.ofSeconds(5))) {
      resolvedType = RecommendationDefinition.bootstrap(admin, TYPE).type();
      writer = new RecommendationWriter(wrong, resolvedType, WriterSettings.defaults());
      writer.offer(update("c-1", 1));
      assertThatThrownBy(writer::flush)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("check the access token");
    }
  }

  @Test
  void badValuesAreRejectedWithAClearMessage() {
    assertThatThrownBy(
            () -> RecommendationUpdate.of("c-1", List.of("shoe"), null, null, Instant.now()))
        .hasMessageContaining("`shoe` is not a product id");
    assertThatThrownBy(() -> RecommendationUpdate.of("  ", List.of(), null, null, Instant.now()))
        .hasMessageContaining("no letters or digits");
    assertThat(
            RecommendationUpdate.of(
                "A_Shopper.1",
                List.of(1L, "gid://shopify/Product/2", 1L),
                List.of(0.5, 0.25),
                null,
                Instant.now()))
        .satisfies(
            u -> {
              assertThat(u.handle()).isEqualTo("a-shopper-1");
              assertThat(u.productIds())
                  .containsExactly("gid://shopify/Product/1", "gid://shopify/Product/2");
              assertThat(u.fields())
                  .containsEntry("scores", "[0.5,0.25]")
                  .containsEntry("count", "2");
            });
  }

  @Test
  void whatIsNotYetWrittenDuringAnOutageSurvivesAsStateAndIsWrittenByTheNextWriter()
      throws Exception {
    start(ShopifyPlan.PLUS, WriterSettings.defaults().withCoalesce(Duration.ZERO));
    shopify.startOutage(Duration.ofMinutes(5), Fault.Kind.HTTP_429, Fault.Kind.HTTP_503);
    writer.offer(update("c-1", 1));
    writer.offer(update("c-2", 2));
    writer.offer(update("c-1", 3));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> shopify.stats().injectedFaults() > 0);

    // what a checkpoint stores: c-2 and c-1's newest, through the state serializer
    RecommendationUpdateSerializer serializer = new RecommendationUpdateSerializer();
    List<RecommendationUpdate> state = new java.util.ArrayList<>();
    for (RecommendationUpdate u : writer.unwritten()) {
      state.add(serializer.deserialize(serializer.getVersion(), serializer.serialize(u)));
    }
    assertThat(state).extracting(u -> u.handle()).contains("c-1", "c-2");
    // oldest first, so the newest update of a handle is its last entry
    assertThat(
            state.stream()
                .filter(u -> u.handle().equals("c-1"))
                .reduce((a, b) -> b)
                .orElseThrow()
                .fields()
                .get("products"))
        .isEqualTo(update("c-1", 3).fields().get("products"));
    assertThat(shopify.metaobject(resolvedType, "c-1")).isEmpty();

    // the task is lost; a restored writer takes the state and writes once Shopify is back
    writer.close();
    writer = new RecommendationWriter(client, resolvedType, WriterSettings.defaults());
    for (RecommendationUpdate u : state) {
      writer.offer(u);
    }
    shopify.endOutage();
    writer.flush();
    assertThat(products("c-1")).isEqualTo(update("c-1", 3).fields().get("products"));
    assertThat(products("c-2")).isEqualTo(update("c-2", 2).fields().get("products"));
  }
}
