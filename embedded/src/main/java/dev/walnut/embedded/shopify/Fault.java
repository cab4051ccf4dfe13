package dev.walnut.embedded.shopify;

import java.time.Duration;
import java.util.Objects;

/** A failure the local Shopify injects into one Admin API request. */
public record Fault(Kind kind, Duration delay) {

  /** What goes wrong. */
  public enum Kind {
    /** HTTP 200 with {@code errors[0].extensions.code = "THROTTLED"}, whatever the bucket holds. */
    THROTTLED,
    /** HTTP 429 Too Many Requests with a {@code Retry-After} header. */
    HTTP_429,
    /** HTTP 500 Internal Server Error. */
    HTTP_500,
    /** HTTP 503 Service Unavailable. */
    HTTP_503,
    /** The request is answered normally, but only after {@link #delay()}. */
    SLOW
  }

  public Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(delay, "delay");
  }

  public static Fault throttled() {
    return new Fault(Kind.THROTTLED, Duration.ZERO);
  }

  public static Fault tooManyRequests() {
    return new Fault(Kind.HTTP_429, Duration.ZERO);
  }

  public static Fault serverError() {
    return new Fault(Kind.HTTP_503, Duration.ZERO);
  }

  public static Fault internalError() {
    return new Fault(Kind.HTTP_500, Duration.ZERO);
  }

  public static Fault slow(Duration delay) {
    return new Fault(Kind.SLOW, delay);
  }
}
