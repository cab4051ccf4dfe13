package dev.walnut.shopify.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The one split of {@code shopify-products}: the whole shop, and how far it has been read. It is
 * the reader's checkpointed state, so a restored job resumes where the checkpoint was taken — in
 * the middle of the first full read (from the page after {@code fullReadAfter}) or polling for
 * changes since {@code productsCursor} — instead of reading the whole shop again.
 *
 * @param fullReadDone whether every product has been read once
 * @param fullReadAfter during the full read, Shopify's cursor after the last page emitted
 * @param productsCursor the newest {@code updatedAt} emitted (ISO-8601); changes are polled from
 *     here (minus an overlap, for Shopify's search index lag); null until known
 * @param recentProducts products emitted with an {@code updatedAt} within the overlap: gid → what
 *     was emitted, so the overlap does not emit them again unless they changed
 * @param deletionsCursor the newest deletion emitted (ISO-8601); null: read every deletion event
 * @param recentDeletions deletions emitted within the overlap ({@code gid@occurredAt})
 */
record ProductsSplit(
    boolean fullReadDone,
    String fullReadAfter,
    String productsCursor,
    Map<String, Seen> recentProducts,
    String deletionsCursor,
    Set<String> recentDeletions)
    implements SourceSplit {
  static final String ID = "shopify-products";

  ProductsSplit {
    recentProducts = Map.copyOf(recentProducts);
    recentDeletions = Set.copyOf(recentDeletions);
  }

  /** A product as it was emitted: its {@code updatedAt} and a fingerprint of its record. */
  record Seen(String updatedAt, int fingerprint) {}

  /** A shop not read yet. */
  static ProductsSplit start() {
    return new ProductsSplit(false, null, null, Map.of(), null, Set.of());
  }

  @Override
  @JsonIgnore
  public String splitId() {
    return ID;
  }

  /** JSON, version 1. */
  static final class Serializer implements SimpleVersionedSerializer<ProductsSplit> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(ProductsSplit split) throws IOException {
      return JSON.writeValueAsBytes(split);
    }

    @Override
    public ProductsSplit deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException(
            "shopify-products: cannot read split state version "
                + version
                + " (this build reads version 1); start the job without this checkpoint");
      }
      return JSON.readValue(new String(serialized, StandardCharsets.UTF_8), ProductsSplit.class);
    }
  }
}
