package dev.walnut.demo.storefront;

/** The Storefront API could not be reached or answered with errors. */
final class StorefrontApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StorefrontApiException(String message) {
    super(message);
  }

  StorefrontApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
