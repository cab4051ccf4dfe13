package dev.walnut.shopify.catalogue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.api.Variables;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The Flink source (FLIP-27) of {@code shopify-products}: one split, the whole shop, read by one
 * reader; the split's state is the reader's checkpointed progress ({@link ProductsSplit}).
 */
final class ShopifyProductsSource
    implements Source<Variables, ProductsSplit, Collection<ProductsSplit>> {
  private static final long serialVersionUID = 1L;

  /** The access scope the source needs, named when Shopify refuses the token. */
  static final String SCOPES = "read_products";

  /** What the reader needs; the token stays a reference until the reader resolves it. */
  record Settings(
      String nodeId,
      String shop,
      String tokenReference,
      String version,
      Duration pollInterval,
      Duration timeout)
      implements Serializable {}

  private final Settings settings;

  ShopifyProductsSource(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<Variables, ProductsSplit> createReader(SourceReaderContext context) {
    return new ProductsReader(context, settings);
  }

  @Override
  public SplitEnumerator<ProductsSplit, Collection<ProductsSplit>> createEnumerator(
      SplitEnumeratorContext<ProductsSplit> context) {
    return new Enumerator(context, List.of(ProductsSplit.start()));
  }

  @Override
  public SplitEnumerator<ProductsSplit, Collection<ProductsSplit>> restoreEnumerator(
      SplitEnumeratorContext<ProductsSplit> context, Collection<ProductsSplit> unassigned) {
    return new Enumerator(context, unassigned);
  }

  @Override
  public SimpleVersionedSerializer<ProductsSplit> getSplitSerializer() {
    return new ProductsSplit.Serializer();
  }

  @Override
  public SimpleVersionedSerializer<Collection<ProductsSplit>> getEnumeratorCheckpointSerializer() {
    return new UnassignedSerializer();
  }

  /**
   * Hands the one split to the first reader asking for it, and takes it back when that reader fails
   * before a checkpoint recorded it.
   */
  private static final class Enumerator
      implements SplitEnumerator<ProductsSplit, Collection<ProductsSplit>> {
    private final SplitEnumeratorContext<ProductsSplit> context;
    private final List<ProductsSplit> unassigned;

    Enumerator(
        SplitEnumeratorContext<ProductsSplit> context, Collection<ProductsSplit> unassigned) {
      this.context = context;
      this.unassigned = new ArrayList<>(unassigned);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
      if (!unassigned.isEmpty()) {
        context.assignSplit(unassigned.remove(0), subtaskId);
      }
    }

    @Override
    public void addSplitsBack(List<ProductsSplit> splits, int subtaskId) {
      unassigned.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {}

    @Override
    public Collection<ProductsSplit> snapshotState(long checkpointId) {
      return List.copyOf(unassigned);
    }

    @Override
    public void close() {}
  }

  /** The enumerator's unassigned splits as a JSON list, version 1. */
  private static final class UnassignedSerializer
      implements SimpleVersionedSerializer<Collection<ProductsSplit>> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Collection<ProductsSplit> splits) throws IOException {
      return JSON.writeValueAsBytes(List.copyOf(splits));
    }

    @Override
    public Collection<ProductsSplit> deserialize(int version, byte[] serialized)
        throws IOException {
      if (version != 1) {
        throw new IOException(
            "shopify-products: cannot read enumerator state version "
                + version
                + " (this build reads version 1); start the job without this checkpoint");
      }
      return JSON.readValue(serialized, new TypeReference<List<ProductsSplit>>() {});
    }
  }
}
