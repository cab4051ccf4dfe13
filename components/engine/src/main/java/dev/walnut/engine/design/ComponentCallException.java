package dev.walnut.engine.design;

/**
 * A component could not answer the designer (suggestions, a capture), e.g. because the broker or
 * registry it asks is away. The message says which component, what was asked and why.
 */
public final class ComponentCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ComponentCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
