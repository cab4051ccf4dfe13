package dev.walnut.ml.mlflow;

/**
 * A failed MLflow call, with a message that says what to fix. {@link #errorCode()} is MLflow's
 * (e.g. {@code RESOURCE_DOES_NOT_EXIST}), or {@code UNREACHABLE} when the server did not answer.
 */
public final class MlflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The code used when the server could not be reached at all. */
  public static final String UNREACHABLE = "UNREACHABLE";

  private final int httpStatus;
  private final String errorCode;

  public MlflowException(String message, int httpStatus, String errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status, or 0 when the server did not answer. */
  public int httpStatus() {
    return httpStatus;
  }

  public String errorCode() {
    return errorCode;
  }

  public boolean isUnreachable() {
    return UNREACHABLE.equals(errorCode);
  }
}
