package dev.walnut.shopify.admin;

import java.time.Duration;
import java.util.Optional;

/** A failed Admin API call, classified by whether it is worth retrying. */
public final class ShopifyApiException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the call failed. */
  public enum Kind {
    /** {@code errors[0].extensions.code = THROTTLED}: the cost bucket was empty. Retry later. */
    THROTTLED(true),
    /** HTTP 429. Retry later. */
    TOO_MANY_REQUESTS(true),
    /** HTTP 5xx. Retry. */
    SERVER_ERROR(true),
    /** A timeout or a broken connection. Retry. */
    NETWORK(true),
    /** HTTP 401/403: wrong token or missing access scope. Fix the configuration. */
    UNAUTHORIZED(false),
    /** Any other error (a bad document, HTTP 4xx). Retrying does not help. */
    REJECTED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final transient QueryCost cost;
  private final transient Duration retryAfter;

  public ShopifyApiException(Kind kind, String message, QueryCost cost, Throwable cause) {
    this(kind, message, cost, null, cause);
  }

  /**
   * @param retryAfter how long Shopify asked the caller to wait ({@code Retry-After}), or null
   */
  public ShopifyApiException(
      Kind kind, String message, QueryCost cost, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.cost = cost;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind.retryable();
  }

  /** How long Shopify asked to wait before the next request ({@code Retry-After}), if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The throttle status that came with the failure, if any. */
  public Optional<QueryCost> cost() {
    return Optional.ofNullable(cost);
  }
}
