package dev.walnut.demo.storefront;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's shop: an HTTP server on 127.0.0.1 with a product grid ({@code /}, categories at {@code
 * /collections/<category>}), product pages ({@code /products/<id>}) and a cart ({@code /cart}), all
 * rendered from a Storefront API. Its pages load the real Snowplow browser tracker (bundled into
 * the jar from npm at build time) sending page views and e-commerce events to the collector, and
 * the recommendations block that ships for Shopify themes.
 *
 * <pre>{@code
 * try (DemoStorefront shop = DemoStorefront.start(Settings.builder()
 *     .storefrontUrl(localShopify.storefrontUrl())
 *     .collectorUrl("http://127.0.0.1:8090")
 *     .recommendationsType(localShopify.resolveType("$app:recommendations"))
 *     .products(ids)
 *     .build())) {
 *   System.out.println(shop.url());
 * }
 * }</pre>
 */
public final class DemoStorefront implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final String ASSETS = "/dev/walnut/demo/storefront/assets/";
  private static final Pattern PRODUCT = Pattern.compile("/products/([1-9][0-9]{0,18})/?");
  private static final Pattern COLLECTION = Pattern.compile("/collections/([a-z0-9-]{1,100})/?");
  private static final Map<String, String> ASSET_TYPES =
      Map.of(
          "walnut-shop.js", "application/javascript",
          "walnut-recommendations.js", "application/javascript",
          "shop.css", "text/css");

  private final Settings settings;
  private final StorefrontClient storefront;
  private final Pages pages;
  private final Map<String, byte[]> assets;
  private final Undertow server;
  private final int port;

  private DemoStorefront(Settings settings) {
    this.settings = settings;
    this.storefront = new StorefrontClient(settings.storefrontUrl(), settings.storefrontToken());
    this.pages = new Pages(settings);
    this.assets = loadAssets();
    this.server =
        Undertow.builder().addHttpListener(settings.port(), HOST).setHandler(this::handle).build();
    server.start();
    this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /**
   * Starts the shop on 127.0.0.1 at {@link Settings#port()}.
   *
   * @throws IllegalStateException when the jar lacks the bundled tracker (built without npm)
   */
  public static DemoStorefront start(Settings settings) {
    return new DemoStorefront(settings);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://" + HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public void close() {
    server.stop();
  }

  private static Map<String, byte[]> loadAssets() {
    Map<String, byte[]> loaded = new LinkedHashMap<>();
    for (String name : ASSET_TYPES.keySet()) {
      try (InputStream in = DemoStorefront.class.getResourceAsStream(ASSETS + name)) {
        if (in == null) {
          throw new IllegalStateException(
              "the demo storefront's "
                  + name
                  + " is not on the classpath: build demo-storefront with Maven, which bundles the"
                  + " Snowplow tracker from npm (needs Node.js and npm: scripts/setup.sh"
                  + " --with-browser) and copies storefront-snippet/assets/walnut-recommendations.js");
        }
        loaded.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Map.copyOf(loaded);
  }

  private void handle(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      // pages wait for the Storefront API: off the I/O threads
      exchange.dispatch(this::handle);
      return;
    }
    if (!exchange.getRequestMethod().equals(Methods.GET)
        && !exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      send(exchange, 405, "text/plain", "only GET and HEAD");
      return;
    }
    String path = exchange.getRequestPath();
    if (path.startsWith("/assets/")) {
      asset(exchange, path.substring("/assets/".length()));
      return;
    }
    if (path.equals("/health")) {
      send(exchange, 200, "text/plain", "ok");
      return;
    }
    Cart cart = Cart.parse(cookie(exchange, Cart.COOKIE));
    try {
      Matcher product = PRODUCT.matcher(path);
      Matcher collection = COLLECTION.matcher(path);
      if (path.equals("/")) {
        html(exchange, 200, pages.home(shelf(), null, cart.itemCount()));
      } else if (product.matches()) {
        productPage(exchange, product.group(1), cart);
      } else if (collection.matches()) {
        collectionPage(exchange, collection.group(1), cart);
      } else if (path.equals("/cart") || path.equals("/cart/")) {
        cartPage(exchange, cart);
      } else {
        html(
            exchange,
            404,
            pages.notFound(
                "There is no page at " + path + ".", Pages.categories(shelf()), cart.itemCount()));
      }
    } catch (StorefrontApiException e) {
      html(exchange, 502, pages.unavailable(e.getMessage()));
    }
  }

  private List<ShopProduct> shelf() {
    return storefront.products(settings.products());
  }

  private void productPage(HttpServerExchange exchange, String id, Cart cart) {
    Optional<ShopProduct> product = storefront.product(id);
    List<String> categories = Pages.categories(shelf());
    if (product.isEmpty()) {
      html(
          exchange,
          404,
          pages.notFound(
              "The shop does not sell product " + id + " (any more).",
              categories,
              cart.itemCount()));
    } else {
      html(exchange, 200, pages.product(product.get(), categories, cart.itemCount()));
    }
  }

  private void collectionPage(HttpServerExchange exchange, String slug, Cart cart) {
    List<ShopProduct> shelf = shelf();
    Optional<String> category =
        Pages.categories(shelf).stream().filter(c -> Pages.slug(c).equals(slug)).findFirst();
    if (category.isEmpty()) {
      html(
          exchange,
          404,
          pages.notFound(
              "There is no category " + slug + ".", Pages.categories(shelf), cart.itemCount()));
    } else {
      html(exchange, 200, pages.home(shelf, category.get(), cart.itemCount()));
    }
  }

  private void cartPage(HttpServerExchange exchange, Cart cart) {
    List<String> ids = List.copyOf(cart.quantities().keySet());
    Map<ShopProduct, Integer> lines = new LinkedHashMap<>();
    if (!ids.isEmpty()) {
      for (ShopProduct p : storefront.products(ids)) {
        lines.put(p, cart.quantities().get(p.id()));
      }
    }
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    html(exchange, 200, pages.cart(lines, Pages.categories(shelf())));
  }

  private void asset(HttpServerExchange exchange, String name) {
    byte[] body = assets.get(name);
    if (body == null) {
      send(exchange, 404, "text/plain", "no asset " + name);
      return;
    }
    exchange.setStatusCode(200);
    exchange
        .getResponseHeaders()
        .put(Headers.CONTENT_TYPE, ASSET_TYPES.get(name) + "; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  private static String cookie(HttpServerExchange exchange, String name) {
    Cookie cookie = exchange.getRequestCookie(name);
    return cookie == null
        ? null
        : java.net.URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8);
  }

  private static void html(HttpServerExchange exchange, int status, String page) {
    send(exchange, status, "text/html", page);
  }

  private static void send(HttpServerExchange exchange, int status, String type, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type + "; charset=utf-8");
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }
}
