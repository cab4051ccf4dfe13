package dev.walnut.shopify.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which shops the Shopify components may send their access token to: Shopify shops ({@code
 * <name>.myshopify.com}, over HTTPS), and — only when the process running the designer or the job
 * switches local development on — a local Shopify on the loopback interface ({@code
 * http://127.0.0.1:PORT}). The switch is the operator's, not the scenario's: a scenario must not be
 * able to send the token anywhere else.
 */
public final class ShopAddress {
  /** The system property switching local development on ({@code true}). */
  public static final String LOCAL_DEV_PROPERTY = "walnut.shopify.local-dev";

  /** The environment variable switching local development on ({@code true}). */
  public static final String LOCAL_DEV_ENV = "WALNUT_SHOPIFY_LOCAL_DEV";

  private static final Pattern SHOP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private ShopAddress() {}

  /** Whether the local-development switch is on in this process. */
  public static boolean localDevelopment() {
    String v = System.getProperty(LOCAL_DEV_PROPERTY);
    if (v == null || v.isBlank()) {
      v = System.getenv(LOCAL_DEV_ENV);
    }
    return v != null && v.trim().equalsIgnoreCase("true");
  }

  /** Why the token may not go to {@code shop}, or empty when it may. */
  public static Optional<String> refusal(String shop) {
    String s = shop == null ? "" : shop.trim().toLowerCase(Locale.ROOT);
    if (SHOP_NAME.matcher(s).matches()) {
      return Optional.empty(); // a bare name: <name>.myshopify.com
    }
    if (!s.contains("://")) {
      s = "https://" + s;
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      return Optional.of(wrong(shop));
    }
    String host = uri.getHost();
    if (host == null || uri.getUserInfo() != null) {
      return Optional.of(wrong(shop));
    }
    boolean noPath =
        uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
    if (host.endsWith(".myshopify.com")
        && SHOP_NAME.matcher(host.substring(0, host.length() - ".myshopify.com".length())).matches()
        && "https".equals(uri.getScheme())
        && uri.getPort() == -1
        && noPath
        && uri.getRawQuery() == null) {
      return Optional.empty();
    }
    if (LOOPBACK.contains(host) && noPath) {
      return localDevelopment()
          ? Optional.empty()
          : Optional.of(
              "parameter `"
                  + ShopParameters.SHOP
                  + "`: `"
                  + shop
                  + "` is a local Shopify; it is allowed only with the local-development switch"
                  + " of the process running the designer and the job (-D"
                  + LOCAL_DEV_PROPERTY
                  + "=true or "
                  + LOCAL_DEV_ENV
                  + "=true)");
    }
    return Optional.of(wrong(shop));
  }

  private static String wrong(String shop) {
    return "parameter `"
        + ShopParameters.SHOP
        + "` must be a Shopify shop: `<name>.myshopify.com`, `https://<name>.myshopify.com` or"
        + " `<name>`, got `"
        + shop
        + "`";
  }
}
