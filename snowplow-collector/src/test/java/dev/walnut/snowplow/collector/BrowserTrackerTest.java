package dev.walnut.snowplow.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walnut.embedded.kafka.ConsumedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Snowplow browser tracker with its e-commerce plugin, in headless Chromium on a page
 * served over http://127.0.0.1: page views, a product view and an add-to-cart, by GET and by POST,
 * over two page loads that must keep the same {@code sp} network user id cookie.
 */
class BrowserTrackerTest {
  static final Path BROWSER_DIR = Path.of("src", "test", "browser").toAbsolutePath();
  static final String ECOMMERCE = "iglu:com.snowplowanalytics.snowplow.ecommerce/";
  static CollectorFixture fixture;

  @BeforeAll
  static void start() {
    if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules").resolve("playwright-core"))) {
      throw new AssertionError(
          "the browser test's npm packages are missing in "
              + BROWSER_DIR
              + ": run scripts/setup.sh (it runs `npm ci` there)");
    }
    String chromium = System.getenv().getOrDefault("WALNUT_CHROMIUM", "/usr/bin/chromium");
    if (!Files.isExecutable(Path.of(chromium))) {
      throw new AssertionError(
          "Chromium not found at "
              + chromium
              + ": run scripts/setup.sh (apt-get install chromium) or set WALNUT_CHROMIUM");
    }
    fixture = new CollectorFixture();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"get", "post"})
  void trackerEventsArriveAndTheCookieKeepsTheShopperAcrossPageLoads(String method)
      throws Exception {
    String appId = "browser-" + method;
    JsonNode output = runNode(fixture.url(), method, appId);

    List<JsonNode> records = new ArrayList<>();
    for (ConsumedRecord r : fixture.all("snowplow-good")) {
      JsonNode record = CollectorFixture.parse(r.value());
      if (appId.equals(record.path("app_id").asText())) {
        records.add(record);
        assertThat(r.key()).isEqualTo(record.path("domain_userid").asText());
      }
    }
    assertThat(records).hasSize(5);
    String expectedPath = method.equals("get") ? "/i" : "/com.snowplowanalytics.snowplow/tp2";
    assertThat(records)
        .allSatisfy(
            r -> {
              assertThat(r.path("collector").path("path").asText()).isEqualTo(expectedPath);
              assertThat(r.path("platform").asText()).isEqualTo("web");
              assertThat(r.path("v_tracker").asText()).startsWith("js-");
              assertThat(r.path("page_url").asText()).startsWith("http://127.0.0.1:");
            });
    // one shopper: the same domain user id and the same sp cookie across both page loads
    assertThat(records.stream().map(r -> r.path("domain_userid").asText()).distinct()).hasSize(1);
    assertThat(records.stream().map(r -> r.path("network_userid").asText()).distinct()).hasSize(1);
    String nuid = records.get(0).path("network_userid").asText();
    assertThat(nuid).hasSize(36).isNotEqualTo(RequestInfo.ANONYMOUS_NUID);
    JsonNode spCookie = null;
    for (JsonNode c : output.path("cookies")) {
      if ("sp".equals(c.path("name").asText())) {
        spCookie = c;
      }
    }
    assertThat(spCookie).as("sp cookie in the browser").isNotNull();
    assertThat(spCookie.path("value").asText()).isEqualTo(nuid);
    assertThat(spCookie.path("httpOnly").asBoolean()).isTrue();

    assertThat(records.stream().filter(r -> r.path("event").asText().equals("page_view")))
        .hasSize(2);
    List<JsonNode> actions =
        records.stream()
            .filter(r -> r.path("event").asText().equals("unstruct"))
            .filter(
                r ->
                    r.path("unstruct_event")
                        .path("data")
                        .path("schema")
                        .asText()
                        .startsWith(ECOMMERCE + "snowplow_ecommerce_action/"))
            .toList();
    assertThat(actions)
        .extracting(r -> r.path("unstruct_event").path("data").path("data").path("type").asText())
        .containsExactlyInAnyOrder("product_view", "product_view", "add_to_cart");
    for (JsonNode action : actions) {
      List<String> schemas = new ArrayList<>();
      JsonNode product = null;
      for (JsonNode entity : action.path("contexts").path("data")) {
        schemas.add(entity.path("schema").asText());
        if (entity.path("schema").asText().startsWith(ECOMMERCE + "product/")) {
          product = entity.path("data");
        }
      }
      assertThat(product).as("product entity in %s", schemas).isNotNull();
      assertThat(product.path("id").asText()).isEqualTo("p-42");
      assertThat(product.path("price").asDouble()).isEqualTo(4.5);
      if (action
          .path("unstruct_event")
          .path("data")
          .path("data")
          .path("type")
          .asText()
          .equals("add_to_cart")) {
        assertThat(schemas).anyMatch(s -> s.startsWith(ECOMMERCE + "cart/"));
      }
    }
  }

  static JsonNode runNode(String collector, String method, String appId) throws Exception {
    Path out = Files.createTempFile("browser-tracker", ".json");
    Path err = Files.createTempFile("browser-tracker", ".err");
    try {
      Process node =
          new ProcessBuilder("node", "run-browser-tracker.mjs", collector, method, appId)
              .directory(BROWSER_DIR.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!node.waitFor(180, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        throw new AssertionError("the browser run did not finish in 180 s: " + read(err));
      }
      assertThat(node.exitValue()).as("node exit; stderr: %s", read(err)).isZero();
      String text = read(out).trim();
      return CollectorFixture.parse(text.substring(text.lastIndexOf('\n') + 1));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
