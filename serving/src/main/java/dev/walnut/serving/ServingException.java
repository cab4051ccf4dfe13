package dev.walnut.serving;

/**
 * A failure the API reports to its client with a stable code (GraphQL {@code extensions.code}, REST
 * {@code error.code}) and an HTTP status.
 */
public final class ServingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The error codes clients can rely on. */
  public enum Code {
    BAD_REQUEST(400),
    NOT_FOUND(404),
    RATE_LIMITED(429),
    DATABASE_UNAVAILABLE(503);

    final int status;

    Code(int status) {
      this.status = status;
    }
  }

  private final Code code;

  ServingException(Code code, String message) {
    super(message);
    this.code = code;
  }

  ServingException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
