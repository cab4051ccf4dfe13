package dev.walnut.designer.http;

/** A request that cannot be served: carries the HTTP status and a message saying what to fix. */
public final class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
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
