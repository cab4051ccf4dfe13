package dev.walnut.demo.storefront;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@link DemoStorefront} serves and where it sends: the Storefront API it reads the catalog
 * and the recommendations from, the Snowplow collector its pages' tracker sends to, the
 * recommendations' metaobject type, and the products on its shelves. Built with {@link #builder()};
 * every setting is checked there, with a message saying what to fix.
 */
public final class Settings {
  /** The port the demo storefront listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 8085;

  /** The tracker's {@code app_id} unless told otherwise. */
  public static final String DEFAULT_APP_ID = "walnut-demo-storefront";

  /** The handle of the metaobject shown to shoppers who have no recommendations yet. */
  public static final String DEFAULT_TRENDING_HANDLE = "trending";

  /** How often the recommendations block asks again, unless told otherwise. */
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(3);

  private static final Pattern NUMERIC_ID = Pattern.compile("[1-9][0-9]{0,18}");
  private static final String PRODUCT_GID = "gid://shopify/Product/";
  private static final Pattern RESOLVED_TYPE = Pattern.compile("[a-z0-9_-]{3,255}");
  private static final Pattern HANDLE = Pattern.compile("[a-z0-9-]{1,255}");

  private final int port;
  private final URI storefrontUrl;
  private final String storefrontToken;
  private final URI collectorUrl;
  private final String appId;
  private final String recommendationsType;
  private final String trendingHandle;
  private final Duration refresh;
  private final List<String> products;
  private final String shopName;

  private Settings(Builder b) {
    this.port = b.port;
    this.storefrontUrl = b.storefrontUrl;
    this.storefrontToken = b.storefrontToken;
    this.collectorUrl = b.collectorUrl;
    this.appId = b.appId;
    this.recommendationsType = b.recommendationsType;
    this.trendingHandle = b.trendingHandle;
    this.refresh = b.refresh;
    this.products = List.copyOf(b.products);
    this.shopName = b.shopName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The port to listen on (on 127.0.0.1); 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The Storefront API's GraphQL endpoint, e.g. {@code LocalShopify.storefrontUrl()}. */
  public URI storefrontUrl() {
    return storefrontUrl;
  }

  /** A public Storefront API token, sent as {@code X-Shopify-Storefront-Access-Token}. */
  public Optional<String> storefrontToken() {
    return Optional.ofNullable(storefrontToken);
  }

  /** The Snowplow collector the pages' tracker sends to, e.g. {@code http://127.0.0.1:8090}. */
  public URI collectorUrl() {
    return collectorUrl;
  }

  /** The tracker's {@code app_id}. */
  public String appId() {
    return appId;
  }

  /** The recommendations' metaobject type as Shopify resolved it: {@code app--<appId>--…}. */
  public String recommendationsType() {
    return recommendationsType;
  }

  /** The handle of the metaobject shown under "Trending now" to shoppers without their own. */
  public String trendingHandle() {
    return trendingHandle;
  }

  /** How often the recommendations block asks the Storefront API again; zero: never. */
  public Duration refresh() {
    return refresh;
  }

  /** The products on the shop's shelves (numeric Shopify product ids), in display order. */
  public List<String> products() {
    return products;
  }

  /** The shop's name in the page header. */
  public String shopName() {
    return shopName;
  }

  /** Builds {@link Settings}; {@link #build()} says what is missing or wrong. */
  public static final class Builder {
    private int port = DEFAULT_PORT;
    private URI storefrontUrl;
    private String storefrontToken;
    private URI collectorUrl;
    private String appId = DEFAULT_APP_ID;
    private String recommendationsType;
    private String trendingHandle = DEFAULT_TRENDING_HANDLE;
    private Duration refresh = DEFAULT_REFRESH;
    private final Set<String> products = new LinkedHashSet<>();
    private String shopName = "Walnut demo shop";
    private final List<String> errors = new ArrayList<>();

    private Builder() {}

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        errors.add("`port` must be between 0 (any free port) and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    public Builder storefrontUrl(String url) {
      this.storefrontUrl = httpUrl("storefrontUrl", url);
      return this;
    }

    public Builder storefrontToken(String token) {
      this.storefrontToken = token == null || token.isBlank() ? null : token;
      return this;
    }

    public Builder collectorUrl(String url) {
      this.collectorUrl = httpUrl("collectorUrl", url);
      return this;
    }

    public Builder appId(String appId) {
      if (appId == null || appId.isBlank()) {
        errors.add("`appId` must not be blank: it is the tracker's app_id");
      }
      this.appId = appId;
      return this;
    }

    public Builder recommendationsType(String type) {
      if (type != null && type.startsWith("$app:")) {
        errors.add(
            "`recommendationsType` must be the type as Shopify resolved it"
                + " (app--<appId>--recommendations, e.g. LocalShopify.resolveType(\""
                + type
                + "\")), got `"
                + type
                + "`");
      } else if (type == null || !RESOLVED_TYPE.matcher(type).matches()) {
        errors.add(
            "`recommendationsType` must be a metaobject type such as"
                + " app--1234567--recommendations, got `"
                + type
                + "`");
      }
      this.recommendationsType = type;
      return this;
    }

    public Builder trendingHandle(String handle) {
      if (handle == null || !HANDLE.matcher(handle).matches()) {
        errors.add(
            "`trendingHandle` must be a metaobject handle (lowercase letters, digits and -), got `"
                + handle
                + "`");
      }
      this.trendingHandle = handle;
      return this;
    }

    /** How often the block asks again; {@link Duration#ZERO} turns refreshing off. */
    public Builder refresh(Duration refresh) {
      if (refresh == null
          || refresh.isNegative()
          || (!refresh.isZero() && refresh.compareTo(Duration.ofSeconds(1)) < 0)) {
        errors.add(
            "`refresh` must be zero (off) or at least one second, got "
                + (refresh == null ? "nothing" : refresh.toString()));
      }
      this.refresh = refresh;
      return this;
    }

    /**
     * The products on the shelves, as numeric ids ({@code 8000000000042}) or product GIDs ({@code
     * gid://shopify/Product/8000000000042}); the grid shows those the Storefront API returns as
     * published, in this order.
     */
    public Builder products(List<String> ids) {
      Objects.requireNonNull(ids, "ids");
      for (String id : ids) {
        String numeric = id != null && id.startsWith(PRODUCT_GID) ? id.substring(22) : id;
        if (numeric == null || !NUMERIC_ID.matcher(numeric).matches()) {
          errors.add(
              "`products` must be Shopify product ids (8000000000042 or"
                  + " gid://shopify/Product/8000000000042), got `"
                  + id
                  + "`");
        } else {
          products.add(numeric);
        }
      }
      return this;
    }

    public Builder shopName(String name) {
      if (name == null || name.isBlank()) {
        errors.add("`shopName` must not be blank");
      }
      this.shopName = name;
      return this;
    }

    public Settings build() {
      List<String> all = new ArrayList<>(errors);
      if (storefrontUrl == null && all.stream().noneMatch(e -> e.startsWith("`storefrontUrl`"))) {
        all.add(
            "`storefrontUrl` is required: the Storefront API's GraphQL endpoint, e.g."
                + " LocalShopify.storefrontUrl()");
      }
      if (collectorUrl == null && all.stream().noneMatch(e -> e.startsWith("`collectorUrl`"))) {
        all.add(
            "`collectorUrl` is required: the Snowplow collector the pages' tracker sends to, e.g."
                + " http://127.0.0.1:8090");
      }
      if (recommendationsType == null
          && all.stream().noneMatch(e -> e.startsWith("`recommendationsType`"))) {
        all.add(
            "`recommendationsType` is required: the recommendations' metaobject type, e.g."
                + " app--1234567--recommendations");
      }
      if (products.isEmpty() && all.stream().noneMatch(e -> e.startsWith("`products`"))) {
        all.add("`products` is required: at least one Shopify product id for the shelves");
      }
      if (!all.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid demo storefront settings: " + String.join("; ", all));
      }
      return new Settings(this);
    }

    private URI httpUrl(String name, String url) {
      try {
        URI uri = url == null ? null : URI.create(url);
        if (uri != null
            && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          return uri;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      errors.add("`" + name + "` must be an http(s) URL, got `" + url + "`");
      return null;
    }
  }
}
