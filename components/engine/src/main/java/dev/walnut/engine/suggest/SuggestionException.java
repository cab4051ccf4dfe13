package dev.walnut.engine.suggest;

/** A component could not tell its suggestions, e.g. because the broker or registry is away. */
public final class SuggestionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SuggestionException(String message, Throwable cause) {
    super(message, cause);
  }
}
