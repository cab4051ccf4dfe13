package dev.walnut.ml.component;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.Enricher;
import dev.walnut.api.EnricherComponent;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.ml.mlflow.MlModel;
import dev.walnut.ml.mlflow.MlflowClient;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.mlflow.SignatureField;
import dev.walnut.ml.remote.ScoringServerClient;
import dev.walnut.ml.serving.ModelRef;
import dev.walnut.ml.serving.Prediction;
import dev.walnut.ml.serving.ServedModel;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mlflow-inference}: runs an ONNX model of the MLflow registry in-process on each record,
 * following an alias (hot-swapped when it moves) or pinned to a version. The output variable is a
 * record with one field per model output plus {@code modelVersion}.
 */
public final class MlflowInferenceComponent implements EnricherComponent {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MlflowInferenceComponent.class);

  /** The scenario property with the tracking URI; else env {@code MLFLOW_TRACKING_URI}. */
  public static final String TRACKING_URI_PROPERTY = "mlflow.tracking.uri";

  static final String MODEL = "Model";
  static final String ALIAS = "Alias";
  static final String VERSION = "Version";
  static final String INPUTS = "Inputs";
  static final String POLL = "Poll interval";
  static final String SCORING_SERVER = "Scoring server";
  static final String MAX_BATCH = "Max batch size";
  static final String MAX_WAIT = "Max batch wait";

  @Override
  public ComponentDefinition definition() {
    return ComponentDefinition.builder("mlflow-inference", ComponentKind.ENRICHER)
        .icon("model")
        .docs(
            "Runs an ONNX model of the MLflow registry in-process on each record. Follows an alias"
                + " (swapped without restart when the alias moves) or a fixed version. The output"
                + " is a record with one field per model output, typed from the model's signature,"
                + " plus `modelVersion`. Tracking URI: scenario property `"
                + TRACKING_URI_PROPERTY
                + "`, else env MLFLOW_TRACKING_URI.")
        .parameter(
            Parameter.once(MODEL, DataType.STRING)
                .validator(ParameterValidator.notBlank())
                .docs("The registered model name, e.g. `'recommender'`.")
                .build())
        .parameter(
            Parameter.once(ALIAS, DataType.STRING)
                .defaultExpression("'champion'")
                .optional()
                .docs("The alias to follow; ignored when `Version` is given.")
                .build())
        .parameter(
            Parameter.once(VERSION, DataType.STRING)
                .optional()
                .docs("A fixed model version, e.g. `'3'`; leave empty to follow the alias.")
                .build())
        .parameter(
            Parameter.perEvent(INPUTS, DataType.mapOf(DataType.UNKNOWN))
                .docs(
                    "A record with one field per model input, named exactly like the signature's"
                        + " inputs, e.g. `{x: #input.amount}`.")
                .build())
        .parameter(
            Parameter.once(POLL, DataType.DURATION)
                .defaultExpression("'PT10S'")
                .validator(ParameterValidator.positiveDuration())
                .docs("How often the alias is checked for a new version.")
                .build())
        .parameter(
            Parameter.once(SCORING_SERVER, DataType.STRING)
                .optional()
                .docs(
                    "URL of an MLflow scoring server (`mlflow models serve`) serving this model,"
                        + " e.g. `'http://127.0.0.1:5001'`. When given, records are sent there in"
                        + " micro-batches instead of running the model in-process (use it for"
                        + " flavors other than onnx).")
                .build())
        .parameter(
            Parameter.once(MAX_BATCH, DataType.LONG)
                .defaultExpression("32")
                .validator(ParameterValidator.between(1, 10_000))
                .docs("Remote only: at most this many records per request.")
                .build())
        .parameter(
            Parameter.once(MAX_WAIT, DataType.DURATION)
                .defaultExpression("'PT0.005S'")
                .validator(ParameterValidator.positiveDuration())
                .docs("Remote only: how long a record may wait for its batch to fill.")
                .build())
        .build();
  }

  @Override
  public DataType outputType(TypingContext context) {
    // The typing context has no scenario properties, so only the environment's tracking URI can
    // be asked for the signature here; without it the fields are not known statically.
    String uri = System.getenv("MLFLOW_TRACKING_URI");
    if (uri == null || uri.isBlank()) {
      return DataType.mapOf(DataType.UNKNOWN);
    }
    ParameterValues p = context.params();
    try (MlflowClient client = MlflowClient.create(URI.create(uri), Duration.ofSeconds(3))) {
      String name = p.value(MODEL, String.class);
      String version =
          p.optionalValue(VERSION, String.class)
              .filter(v -> !v.isBlank())
              .orElseGet(
                  () ->
                      client
                          .versionByAlias(
                              name, p.optionalValue(ALIAS, String.class).orElse("champion"))
                          .version());
      return outputType(client.mlModel(name, version));
    } catch (RuntimeException e) {
      LOG.info("cannot read the model signature for typing: {}", e.getMessage());
      return DataType.mapOf(DataType.UNKNOWN);
    }
  }

  /** The output record type for a model's signature. */
  static DataType outputType(MlModel model) {
    if (model.outputs().isEmpty() || model.outputs().stream().anyMatch(f -> f.name() == null)) {
      return DataType.mapOf(DataType.UNKNOWN);
    }
    DataType.RecordBuilder r = DataType.recordBuilder();
    for (SignatureField f : model.outputs()) {
      r.field(f.name(), SignatureTypes.of(f));
    }
    return r.field("modelVersion", DataType.STRING).build();
  }

  @Override
  public Enricher createEnricher(NodeContext ctx) {
    ParameterValues p = ctx.params();
    URI tracking = trackingUri(ctx.scenarioProperties());
    String name = p.value(MODEL, String.class);
    Optional<String> version = p.optionalValue(VERSION, String.class).filter(v -> !v.isBlank());
    ModelRef ref =
        version.isPresent()
            ? ModelRef.version(tracking, name, version.get())
            : ModelRef.alias(
                tracking, name, p.optionalValue(ALIAS, String.class).orElse("champion"));
    Optional<String> scoring =
        p.optionalValue(SCORING_SERVER, String.class).filter(u -> !u.isBlank());
    if (scoring.isPresent()) {
      ScoringServerClient.Settings defaults = ScoringServerClient.Settings.defaults();
      return new RemoteInferenceEnricher(
          scoring.get(),
          version.orElse(null),
          p.lazy(INPUTS),
          new ScoringServerClient.Settings(
              p.value(MAX_BATCH, Long.class).intValue(),
              p.value(MAX_WAIT, Duration.class),
              defaults.timeout(),
              defaults.maxRetries(),
              defaults.initialBackoff(),
              defaults.maxInFlight()));
    }
    return new InferenceEnricher(ref, p.lazy(INPUTS), p.value(POLL, Duration.class));
  }

  /**
   * The enricher of this component for a given model and inputs expression, for callers outside a
   * scenario (the benchmark).
   */
  public static Enricher.Sync enricher(ModelRef ref, LazyParameter<Object> inputs, Duration poll) {
    return new InferenceEnricher(ref, inputs, poll);
  }

  static URI trackingUri(Map<String, String> properties) {
    String uri = properties.get(TRACKING_URI_PROPERTY);
    if (uri == null || uri.isBlank()) {
      uri = System.getenv("MLFLOW_TRACKING_URI");
    }
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException(
          "no MLflow tracking URI: set the scenario property `"
              + TRACKING_URI_PROPERTY
              + "` or env MLFLOW_TRACKING_URI (e.g. http://127.0.0.1:5000 from ./walnut mlflow)");
    }
    return URI.create(uri);
  }

  static Map<String, Object> inputsOf(LazyParameter<Object> inputs, Variables context) {
    Object value = inputs.evaluate(context);
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "parameter `Inputs` must be a record of model inputs like `{x: #input.x}`, got `"
              + value
              + "`");
    }
    Map<String, Object> in = new LinkedHashMap<>();
    map.forEach((k, v) -> in.put(String.valueOf(k), v));
    return in;
  }

  /** The remote runtime: micro-batched calls to a scoring server through Flink async I/O. */
  static final class RemoteInferenceEnricher implements Enricher.Async {
    private static final long serialVersionUID = 1L;
    private final String url;
    private final String version;
    private final LazyParameter<Object> inputs;
    private final ScoringServerClient.Settings settings;
    private transient ScoringServerClient client;

    RemoteInferenceEnricher(
        String url,
        String version,
        LazyParameter<Object> inputs,
        ScoringServerClient.Settings settings) {
      this.url = url;
      this.version = version;
      this.inputs = inputs;
      this.settings = settings;
    }

    @Override
    public void open(MetricGroup metrics) {
      client = new ScoringServerClient(url, settings);
    }

    @Override
    public java.util.concurrent.CompletableFuture<Object> enrich(Variables context) {
      Map<String, Object> in;
      try {
        in = inputsOf(inputs, context);
      } catch (RuntimeException e) {
        return java.util.concurrent.CompletableFuture.failedFuture(e);
      }
      return client
          .predict(in)
          .thenApply(
              p -> {
                Map<String, Object> out = ScoringServerClient.asRecord(p);
                out.put("modelVersion", version);
                return out;
              });
    }

    @Override
    public int capacity() {
      return settings.maxBatch() * settings.maxInFlight() * 2;
    }

    @Override
    public Duration timeout() {
      // every retry may take the whole request timeout, plus the back-off between them
      return settings.timeout().multipliedBy(settings.maxRetries() + 2L);
    }

    @Override
    public void close() {
      if (client != null) {
        client.close();
      }
    }
  }

  /** The per-task runtime: one {@link ServedModel} per subtask, sessions shared in the JVM. */
  static final class InferenceEnricher implements Enricher.Sync {
    private static final long serialVersionUID = 1L;
    private final ModelRef ref;
    private final LazyParameter<Object> inputs;
    private final Duration poll;
    private transient ServedModel model;

    InferenceEnricher(ModelRef ref, LazyParameter<Object> inputs, Duration poll) {
      this.ref = ref;
      this.inputs = inputs;
      this.poll = poll;
    }

    @Override
    public void open(MetricGroup metrics) {
      model = ServedModel.open(ref, ModelCache.defaultCache(), poll);
      MetricGroup g = metrics.addGroup("mlflow");
      g.gauge("modelVersion", (Gauge<Long>) () -> parseVersion(model.currentVersion()));
      g.gauge("modelSwaps", (Gauge<Long>) model::swaps);
      g.gauge("modelRefreshFailures", (Gauge<Long>) model::refreshFailures);
    }

    private static long parseVersion(String v) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    @Override
    public Object enrich(Variables context) {
      Prediction p = model.predict(inputsOf(inputs, context));
      Map<String, Object> out = new LinkedHashMap<>(p.outputs());
      out.put("modelVersion", p.modelVersion());
      return out;
    }

    @Override
    public void close() {
      if (model != null) {
        model.close();
      }
    }
  }
}
