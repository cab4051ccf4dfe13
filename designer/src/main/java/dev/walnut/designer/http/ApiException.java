package dev.walnut.designer.http;

/** A request that cannot be served: carries the HTTP status and a message saying what to fix. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final long retryAfterSeconds;

  public ApiException(int status, String message) {
    this(status, message, 0);
  }

  private ApiException(int status, String message, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  /** Seconds the client should wait before trying again ({@code Retry-After}); 0: no header. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** 429: too many attempts or streams; the client may try again after {@code seconds}. */
  public static ApiException tooManyRequests(String message, long seconds) {
    return new ApiException(429, message, Math.max(1, seconds));
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  /** Something the designer asked on the analyst's behalf (a broker, a registry) failed. */
  public static ApiException badGateway(String message) {
    return new ApiException(502, message);
  }
}
