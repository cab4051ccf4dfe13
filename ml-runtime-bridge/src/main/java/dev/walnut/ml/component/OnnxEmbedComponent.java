package dev.walnut.ml.component;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.DesignContext;
import dev.walnut.api.Enricher;
import dev.walnut.api.EnricherComponent;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterException;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.Suggestion;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.ml.embed.EncoderPooling;
import dev.walnut.ml.embed.MiniLmEmbedder;
import dev.walnut.ml.embed.WordPieceTokenizer;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.serving.ModelRef;
import dev.walnut.ml.serving.ServedModel;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.metrics.MetricGroup;

/**
 * {@code onnx-embed}: the embedding of a text, computed in-process: by default all-MiniLM-L6-v2
 * (384 floats, mean-pooled, L2-normalised) with the model shipped in the jar; with {@code Model},
 * an ONNX text encoder from the MLflow registry, fed the same tokenizer's ids, following an alias
 * (hot-swapped) or pinned to a version.
 */
public final class OnnxEmbedComponent implements EnricherComponent {
  private static final long serialVersionUID = 1L;
  static final String TEXT = "Text";
  static final String MODEL = RegistryParameters.MODEL;
  static final String ALIAS = RegistryParameters.ALIAS;
  static final String VERSION = RegistryParameters.VERSION;
  static final String POLL = RegistryParameters.POLL;

  @Override
  public ComponentDefinition definition() {
    return ComponentDefinition.builder("onnx-embed", ComponentKind.ENRICHER)
        .icon("embedding")
        .docs(
            "Embeds a text with all-MiniLM-L6-v2 (quantized, shipped with Walnut, no download):"
                + " 384 numbers, mean-pooled and L2-normalised, so `#VECTOR.dot(a, b)` is the"
                + " cosine similarity. Texts longer than 256 tokens are cut. With `Model`, the"
                + " embedding comes from an ONNX text encoder of the MLflow registry instead (e.g."
                + " a fine-tuned MiniLM), fed the same tokenizer's `input_ids`, `attention_mask`"
                + " and `token_type_ids` (those the graph has); its first output is used as is"
                + " when pooled (`[batch, dim]`) or mean-pooled (`[batch, tokens, dim]`), then"
                + " L2-normalised. Tracking URI: scenario property `"
                + MlflowInferenceComponent.TRACKING_URI_PROPERTY
                + "`, else env MLFLOW_TRACKING_URI.")
        .parameter(
            Parameter.perEvent(TEXT, DataType.STRING)
                .docs("The text to embed, e.g. `#input.title + ' ' + #input.description`.")
                .build())
        .parameter(
            Parameter.once(MODEL, DataType.STRING)
                .optional()
                .suggested()
                .docs(
                    "A registered MLflow model (onnx flavor, a BERT-style text encoder) to embed"
                        + " with instead of the built-in MiniLM; leave empty for the built-in.")
                .build())
        .parameter(
            RegistryParameters.alias(
                "With `Model`: the alias to follow (swapped without restart when it moves);"
                    + " ignored when `Version` is given."))
        .parameter(
            RegistryParameters.version(
                "With `Model`: a fixed version, e.g. `'3'`, instead of the alias."))
        .parameter(
            RegistryParameters.poll(
                "With `Model`: how often the alias is checked for a new version."))
        .build();
  }

  @Override
  public List<Suggestion> suggestions(String parameter, DesignContext context) {
    return MlflowSuggestions.suggest(parameter, context, MODEL, ALIAS, VERSION);
  }

  /**
   * No extra parameters; with {@code Model}, checks that MLflow knows the model (version).
   *
   * @throws ParameterException on {@code Model} when it cannot be resolved
   */
  @Override
  public List<Parameter> dynamicParameters(
      ParameterValues declared, java.util.Map<String, String> scenarioProperties) {
    Optional<String> name = declared.optionalValue(MODEL, String.class).filter(n -> !n.isBlank());
    if (name.isEmpty()) {
      return List.of();
    }
    Optional<URI> uri = MlflowInferenceComponent.allowedTrackingUri(scenarioProperties, MODEL);
    if (uri.isEmpty()) {
      throw new ParameterException(
          MODEL,
          "cannot find embedding model `"
              + name.get()
              + "`: "
              + MlflowInferenceComponent.NO_TRACKING_URI);
    }
    try {
      MlflowInferenceComponent.resolve(
          uri.get(),
          MlflowInferenceComponent.refOf(uri.get(), declared, MODEL, ALIAS, VERSION, null));
    } catch (RuntimeException e) {
      throw new ParameterException(
          MODEL,
          "cannot read model `"
              + name.get()
              + "` from MLflow at "
              + uri.get()
              + ": "
              + e.getMessage(),
          e);
    }
    return List.of();
  }

  @Override
  public DataType outputType(TypingContext context) {
    return DataType.listOf(DataType.DOUBLE);
  }

  @Override
  public Enricher createEnricher(NodeContext context) {
    ParameterValues p = context.params();
    Optional<String> name = p.optionalValue(MODEL, String.class).filter(n -> !n.isBlank());
    if (name.isEmpty()) {
      return new Embed(p.lazy(TEXT));
    }
    URI tracking = MlflowInferenceComponent.trackingUri(context.scenarioProperties());
    ModelRef ref = MlflowInferenceComponent.refOf(tracking, p, MODEL, ALIAS, VERSION, null);
    return new RegistryEmbed(p.lazy(TEXT), ref, p.value(POLL, Duration.class));
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

  /**
   * Per task: the MiniLM tokenizer and a {@link ServedModel} of the registry's encoder (swapped
   * when its alias moves; a version whose inputs cannot be fed is refused and the current one keeps
   * serving).
   */
  static final class RegistryEmbed implements Enricher.Sync {
    private static final long serialVersionUID = 1L;
    private final LazyParameter<Object> text;
    private final ModelRef ref;
    private final Duration poll;
    private transient WordPieceTokenizer tokenizer;
    private transient ServedModel model;

    RegistryEmbed(LazyParameter<Object> text, ModelRef ref, Duration poll) {
      this.text = text;
      this.ref = ref;
      this.poll = poll;
    }

    @Override
    public void open(MetricGroup metrics) {
      tokenizer = MiniLmEmbedder.tokenizerOnly();
      model = ServedModel.open(ref, ModelCache.defaultCache(), poll, EncoderPooling::check);
      MlflowInferenceComponent.register(metrics, model);
    }

    @Override
    public Object enrich(Variables context) {
      Object value = text.evaluate(context);
      long[] ids = tokenizer.encode(value == null ? "" : value.toString());
      return model.apply(m -> EncoderPooling.embed(m, ids));
    }

    @Override
    public void close() {
      if (model != null) {
        model.close();
      }
    }
  }
}
