package dev.walnut.ml.component;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.Enricher;
import dev.walnut.api.EnricherComponent;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.ml.embed.MiniLmEmbedder;
import org.apache.flink.metrics.MetricGroup;

/**
 * {@code onnx-embed}: the all-MiniLM-L6-v2 embedding of a text (384 floats, mean-pooled,
 * L2-normalised), computed in-process with the model shipped in the jar.
 */
public final class OnnxEmbedComponent implements EnricherComponent {
  private static final long serialVersionUID = 1L;
  static final String TEXT = "Text";

  @Override
  public ComponentDefinition definition() {
    return ComponentDefinition.builder("onnx-embed", ComponentKind.ENRICHER)
        .icon("embedding")
        .docs(
            "Embeds a text with all-MiniLM-L6-v2 (quantized, shipped with Walnut, no download):"
                + " 384 numbers, mean-pooled and L2-normalised, so `#VECTOR.dot(a, b)` is the"
                + " cosine similarity. Texts longer than 256 tokens are cut.")
        .parameter(
            Parameter.perEvent(TEXT, DataType.STRING)
                .docs("The text to embed, e.g. `#input.title + ' ' + #input.description`.")
                .build())
        .build();
  }

  @Override
  public DataType outputType(TypingContext context) {
    return DataType.listOf(DataType.DOUBLE);
  }

  @Override
  public Enricher createEnricher(NodeContext context) {
    return new Embed(context.params().lazy(TEXT));
  }

  /** The enricher for a text expression, for callers outside a scenario (the benchmark). */
  public static Enricher.Sync enricher(LazyParameter<Object> text) {
    return new Embed(text);
  }

  /** Per task: a reference to the JVM-wide MiniLM session. */
  static final class Embed implements Enricher.Sync {
    private static final long serialVersionUID = 1L;
    private final LazyParameter<Object> text;
    private transient MiniLmEmbedder embedder;

    Embed(LazyParameter<Object> text) {
      this.text = text;
    }

    @Override
    public void open(MetricGroup metrics) {
      embedder = MiniLmEmbedder.load();
    }

    @Override
    public Object enrich(Variables context) {
      Object value = text.evaluate(context);
      return embedder.embed(value == null ? "" : value.toString());
    }

    @Override
    public void close() {
      if (embedder != null) {
        embedder.close();
      }
    }
  }
}
