package dev.walnut.shopify.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.Variables;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.embedded.shopify.Fault;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.embedded.shopify.ShopProduct;
import dev.walnut.shopify.connect.ShopAddress;
import dev.walnut.shopify.schema.ShopifyPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code shopify-products} source in a real Flink MiniCluster against the local Shopify: every
 * product across pages, then the changes and deletions made through the shop, through an outage;
 * and a refused token failing the job with what to fix.
 */
class ShopifyProductsSourceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  // a name the default secret allow-list allows (shopify.*)
  private static final String TOKEN_PROPERTY = "shopify.catalogue.test.token";
  private static final String TOKEN = "shpat_catalogue";
  private static LocalShopify shopify;

  @BeforeAll
  static void start() {
    System.setProperty(TOKEN_PROPERTY, TOKEN);
    // the local Shopify listens on 127.0.0.1: the operator's explicit switch allows it
    System.setProperty(ShopAddress.LOCAL_DEV_PROPERTY, "true");
    // 620 products: three pages of 250
    shopify =
        LocalShopify.builder()
            .plan(ShopifyPlan.PLUS)
            .accessToken(TOKEN)
            .catalogSize(620)
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    shopify.close();
    System.clearProperty(TOKEN_PROPERTY);
    System.clearProperty(ShopAddress.LOCAL_DEV_PROPERTY);
  }

  /** A running job of the source alone, its records collected as they come. */
  private static final class Running implements AutoCloseable {
    final List<Map<String, Object>> records = new CopyOnWriteArrayList<>();
    final JobClient job;
    private final CloseableIterator<Variables> iterator;
    private final Thread drain;

    @SuppressWarnings("unchecked")
    Running(String tokenReference) throws Exception {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
      ShopifyProductsSource source =
          new ShopifyProductsSource(
              new ShopifyProductsSource.Settings(
                  "catalogue",
                  shopify.baseUrl(),
                  tokenReference,
                  "2026-10",
                  Duration.ofMillis(300),
                  Duration.ofSeconds(10)));
      iterator =
          env.fromSource(
                  source, WatermarkStrategy.noWatermarks(), "catalogue", VariablesTypeInfo.INSTANCE)
              .collectAsync();
      job = env.executeAsync("shopify-products-test");
      drain =
          new Thread(
              () -> {
                try {
                  while (iterator.hasNext()) {
                    records.add((Map<String, Object>) iterator.next().input());
                  }
                } catch (RuntimeException e) {
                  // the job ended
                }
              });
      drain.setDaemon(true);
      drain.start();
    }

    /** The newest record of each product id. */
    Map<String, Map<String, Object>> latest() {
      Map<String, Map<String, Object>> latest = new ConcurrentHashMap<>();
      for (Map<String, Object> r : new ArrayList<>(records)) {
        latest.put((String) r.get("id"), r);
      }
      return latest;
    }

    @Override
    public void close() throws java.io.IOException {
      try {
        if (!job.getJobStatus().get().isGloballyTerminalState()) {
          job.cancel().get(60, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException
          | java.util.concurrent.TimeoutException
          | IllegalStateException e) {
        // a job that has already failed cannot be cancelled (its MiniCluster is gone): it stopped
      }
      try {
        iterator.close();
      } catch (Exception e) {
        throw new java.io.IOException(e);
      }
    }
  }

  /** What the record of a product must be: computed from the shop's own view of it. */
  private static Map<String, Object> expected(ShopProduct p) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", String.valueOf(p.id()));
    r.put("gid", "gid://shopify/Product/" + p.id());
    r.put("handle", p.handle());
    r.put("title", p.title());
    r.put("status", p.status());
    r.put("published", p.publishedAt() != null);
    r.put("isGiftCard", p.isGiftCard());
    r.put("tracksInventory", p.tracksInventory());
    r.put("totalInventory", (long) p.totalInventory());
    r.put("available", !p.tracksInventory() || p.totalInventory() > 0);
    r.put("productType", p.productType());
    r.put("vendor", p.vendor());
    r.put("tags", p.tags());
    r.put("price", p.price());
    r.put("currency", p.currency());
    r.put("updatedAt", p.updatedAt().toString());
    r.put("deleted", false);
    return r;
  }

  @Test
  void readsEveryProductThenTheChangesAndDeletionsThroughAnOutage() throws Exception {
    try (Running running = new Running("${sys:" + TOKEN_PROPERTY + "}")) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(running.latest()).hasSize(shopify.products().size()));
      Map<String, Map<String, Object>> latest = running.latest();
      for (ShopProduct p : shopify.products()) {
        assertThat(latest.get(String.valueOf(p.id()))).isEqualTo(expected(p));
      }
      // the exact key order of the topic's contract
      assertThat(latest.get("8000000000042").keySet())
          .containsExactly(
              "id",
              "gid",
              "handle",
              "title",
              "status",
              "published",
              "isGiftCard",
              "tracksInventory",
              "totalInventory",
              "available",
              "productType",
              "vendor",
              "tags",
              "price",
              "currency",
              "updatedAt",
              "deleted");
      int afterFullRead = running.records.size();
      assertThat(afterFullRead).isEqualTo(shopify.products().size());

      ShopProduct inStock =
          shopify.products().stream()
              .filter(p -> p.tracksInventory() && p.totalInventory() > 0)
              .findFirst()
              .orElseThrow();
      ShopProduct soldOut = shopify.setInventory(inStock.id(), 0);
      shopify.deleteProduct(8000000000100L);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(running.latest().get(String.valueOf(inStock.id())))
                    .isEqualTo(expected(soldOut))
                    .containsEntry("available", false);
                assertThat(running.latest().get("8000000000100"))
                    .isEqualTo(
                        Map.of(
                            "id", "8000000000100",
                            "gid", "gid://shopify/Product/8000000000100",
                            "deleted", true));
              });

      // Shopify down: every request answered 503 or 429 while a product changes
      long faultsBefore = shopify.stats().injectedFaults();
      shopify.startOutage(Duration.ofMinutes(5), Fault.Kind.HTTP_503, Fault.Kind.HTTP_429);
      ShopProduct drafted = shopify.setStatus(8000000000200L, "DRAFT");
      await().atMost(TIMEOUT).until(() -> shopify.stats().injectedFaults() >= faultsBefore + 3);
      assertThat(running.latest().get("8000000000200")).containsEntry("status", "ACTIVE");
      shopify.endOutage();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> assertThat(running.latest().get("8000000000200")).isEqualTo(expected(drafted)));
      assertThat(running.job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      // only changes after the full read: nothing was read twice
      assertThat(running.records.size()).isLessThanOrEqualTo(afterFullRead + 3);
    }
  }

  @Test
  void aRefusedTokenFailsTheJobSayingWhatToFix() throws Exception {
    System.setProperty("shopify.catalogue.test.wrong", "shpat_wrong");
    try (Running running = new Running("${sys:shopify.catalogue.test.wrong}")) {
      CompletableFuture<?> result = running.job.getJobExecutionResult();
      Throwable failure = null;
      try {
        result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e;
      }
      assertThat(failure).as("the job must fail").isNotNull();
      StringBuilder messages = new StringBuilder();
      for (Throwable t = failure; t != null; t = t.getCause()) {
        messages.append(t.getMessage()).append('\n');
      }
      assertThat(messages.toString())
          .contains("node `catalogue` (shopify-products): HTTP 401 from " + shopify.adminUrl())
          .contains("check the access token and its scopes (read_products)")
          .doesNotContain("shpat_wrong");
    } finally {
      System.clearProperty("shopify.catalogue.test.wrong");
    }
  }
}
