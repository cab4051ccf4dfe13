package dev.walnut.shopify.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Admin API GraphQL documents Walnut sends, kept as {@code .graphql} resources next to this
 * class; a build-time test validates each against Shopify's published Admin schema.
 */
public enum AdminDocument {
  DEFINITION_BY_TYPE("definition_by_type.graphql"),
  DEFINITION_CREATE("definition_create.graphql"),
  UPSERT("upsert.graphql"),
  BY_HANDLE("by_handle.graphql"),
  STAGED_UPLOAD("staged_upload.graphql"),
  BULK_RUN("bulk_run.graphql"),
  BULK_POLL("bulk_poll.graphql"),
  BULK_CURRENT("bulk_current.graphql"),
  PRODUCTS("products.graphql"),
  DELETION_EVENTS("deletion_events.graphql");

  private final String resource;
  private final String text;

  AdminDocument(String resource) {
    this.resource = resource;
    try (InputStream in = AdminDocument.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing GraphQL resource " + resource);
      }
      this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The resource file name, e.g. {@code upsert.graphql}. */
  public String resource() {
    return resource;
  }

  /** The document text. */
  public String text() {
    return text;
  }
}
