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
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.Suggestion;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.outbound.AllowedHosts;
import dev.walnut.ml.mlflow.MlModel;
import dev.walnut.ml.mlflow.MlflowClient;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.mlflow.SignatureField;
import dev.walnut.ml.remote.ScoringServerClient;
import dev.walnut.ml.serving.BatchedModel;
import dev.walnut.ml.serving.ModelContract;
import dev.walnut.ml.serving.ModelRef;
import dev.walnut.ml.serving.Prediction;
import dev.walnut.ml.serving.ServedModel;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mlflow-inference}: runs an ONNX model of the MLflow registry in-process on each record,
 * following an alias (hot-swapped when it moves) or pinned to a version. Besides its declared
 * parameters it has one per-record parameter per input of the model's signature — or of its ONNX
 * graph when it was logged without one — named like the input ({@link #dynamicParameters}). The
 * output variable is a record with one field per model output plus {@code modelVersion}. A running
 * job only swaps to versions with the inputs and outputs it was compiled against.
 */
public final class MlflowInferenceComponent implements EnricherComponent {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MlflowInferenceComponent.class);

  /** The scenario property with the tracking URI; else env {@code MLFLOW_TRACKING_URI}. */
  public static final String TRACKING_URI_PROPERTY = "mlflow.tracking.uri";

  static final String MODEL = RegistryParameters.MODEL;
  static final String ALIAS = RegistryParameters.ALIAS;
  static final String VERSION = RegistryParameters.VERSION;
  static final String STAGE = "Stage";
  static final String INPUTS = "Inputs";
  static final String POLL = RegistryParameters.POLL;
  static final String SCORING_SERVER = "Scoring server";
  static final String MAX_BATCH = "Max batch size";
  static final String MAX_WAIT = "Max batch wait";
  static final String BATCHING = "Batch in-process";

  @Override
  public ComponentDefinition definition() {
    return ComponentDefinition.builder("mlflow-inference", ComponentKind.ENRICHER)
        .icon("model")
        .docs(
            "Runs an ONNX model of the MLflow registry in-process on each record. Follows an alias"
                + " (swapped without restart when the alias moves) or a fixed version. Besides the"
                + " parameters below, the node has one parameter per input of the model's"
                + " signature (or, for an ONNX model logged without one, of its ONNX graph), named"
                + " exactly like the input, holding an expression evaluated per record (typed from"
                + " the tensor's dtype and shape; the designer shows them once `Model` is set). The"
                + " output is a record with one field per model output, typed the same way, plus"
                + " `modelVersion`. A new version whose inputs or outputs differ from those the"
                + " scenario was validated with is not swapped in (metric"
                + " `mlflow.modelSwapsRefused`). Tracking URI: scenario property `"
                + TRACKING_URI_PROPERTY
                + "`, else env MLFLOW_TRACKING_URI.")
        .parameter(
            Parameter.once(MODEL, DataType.STRING)
                .validator(ParameterValidator.notBlank())
                .suggested()
                .docs("The registered model name, e.g. `'recommender'`.")
                .build())
        .parameter(
            RegistryParameters.alias(
                "The alias to follow; ignored when `Version` or `Stage` is given."))
        .parameter(
            RegistryParameters.version(
                "A fixed model version, e.g. `'3'`; leave empty to follow the alias."))
        .parameter(
            Parameter.once(STAGE, DataType.STRING)
                .optional()
                .suggested()
                .docs(
                    "Follow the latest version in this MLflow stage instead of the alias, e.g."
                        + " `'Production'` (stages are deprecated in MLflow but still served);"
                        + " ignored when `Version` is given.")
                .build())
        .parameter(
            Parameter.perEvent(INPUTS, DataType.mapOf(DataType.UNKNOWN))
                .optional()
                .docs(
                    "Only for a model whose inputs have no names (no signature naming them and no"
                        + " onnx flavor): a record with one field per model input, e.g. `{x:"
                        + " #input.amount}`. A model with a signature or an ONNX graph takes one"
                        + " parameter per input instead.")
                .build())
        .parameter(RegistryParameters.poll("How often the alias is checked for a new version."))
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
            Parameter.once(BATCHING, DataType.BOOLEAN)
                .defaultExpression("true")
                .docs(
                    "In-process: run the records waiting for the model as one ONNX call (up to"
                        + " `Max batch size`) on a worker thread per model per TaskManager,"
                        + " through Flink async I/O. It never waits for a batch to fill: a lone"
                        + " record is run at once, batches form only while a call is running."
                        + " `false` runs one call per record on the processing thread.")
                .build())
        .parameter(
            Parameter.once(MAX_BATCH, DataType.LONG)
                .defaultExpression("32")
                .validator(ParameterValidator.between(1, 10_000))
                .docs(
                    "At most this many records per ONNX call (in-process batching) or per request"
                        + " (scoring server).")
                .build())
        .parameter(
            Parameter.once(MAX_WAIT, DataType.DURATION)
                .defaultExpression("'PT0.005S'")
                .validator(ParameterValidator.positiveDuration())
                .docs("Remote only: how long a record may wait for its batch to fill.")
                .build())
        .build();
  }

  /**
   * Registered models for `Model`, the model's aliases for `Alias`, its versions for `Version`, the
   * stages that hold one of its versions for `Stage`.
   */
  @Override
  public List<Suggestion> suggestions(String parameter, DesignContext context) {
    return STAGE.equals(parameter)
        ? MlflowSuggestions.stages(context, MODEL)
        : MlflowSuggestions.suggest(parameter, context, MODEL, ALIAS, VERSION);
  }

  /**
   * One per-record parameter per input of the model's signature, named like the input and typed
   * from its tensor or column spec; for an onnx model without a signature, per input of its ONNX
   * graph (the version is downloaded into the model cache and its graph read once per JVM). A model
   * without named inputs has none and needs {@code Inputs}.
   *
   * @throws ParameterException on {@code Model} when MLflow cannot be asked or does not know the
   *     model (version), on {@code Inputs} when it is given for a model with a signature or missing
   *     for one without
   */
  @Override
  public List<Parameter> dynamicParameters(
      ParameterValues declared, Map<String, String> scenarioProperties) {
    String name = declared.value(MODEL, String.class);
    Optional<URI> uri = allowedTrackingUri(scenarioProperties, MODEL);
    if (uri.isEmpty()) {
      throw new ParameterException(
          MODEL,
          "cannot read the signature of model `"
              + name
              + "`: "
              + NO_TRACKING_URI
              + "; the signature gives this node one parameter per model input");
    }
    Resolved model;
    try {
      model = resolve(uri.get(), declared);
    } catch (RuntimeException e) {
      throw new ParameterException(
          MODEL,
          "cannot read model `" + name + "` from MLflow at " + uri.get() + ": " + e.getMessage(),
          e);
    }
    List<SignatureField> inputs = model.contract().inputs();
    boolean named =
        !inputs.isEmpty() && inputs.stream().allMatch(f -> f.name() != null && !f.name().isBlank());
    boolean recordGiven = declared.optionalLazy(INPUTS).isPresent();
    if (!named) {
      if (!recordGiven) {
        throw new ParameterException(
            INPUTS,
            "model `"
                + name
                + "` version "
                + model.version()
                + " has no signature naming its inputs and no onnx flavor, so give `"
                + INPUTS
                + "`: a record with one field per model input, like `{x: #input.x}`");
      }
      return List.of();
    }
    if (recordGiven) {
      throw new ParameterException(
          INPUTS,
          "model `"
              + name
              + "` version "
              + model.version()
              + (ModelContract.GRAPH.equals(model.contract().inputsSource())
                  ? " names its inputs in its ONNX graph"
                  : " has a signature")
              + ": give one parameter per input ("
              + String.join(", ", inputs.stream().map(SignatureField::name).toList())
              + ") instead of `"
              + INPUTS
              + "`");
    }
    String source = model.contract().inputsSource();
    return inputs.stream().map(f -> inputParameter(f, source)).toList();
  }

  static Parameter inputParameter(SignatureField f) {
    return inputParameter(f, "signature");
  }

  static Parameter inputParameter(SignatureField f, String source) {
    Parameter.Builder b =
        Parameter.perEvent(f.name(), SignatureTypes.of(f))
            .docs(
                "Model input `"
                    + f.name()
                    + "` ("
                    + describe(f)
                    + (ModelContract.GRAPH.equals(source) ? ", from the ONNX graph" : "")
                    + "), evaluated per record, e.g. `#input."
                    + f.name()
                    + "`."
                    + sequenceNote(f));
    if (!f.required()) {
      b.optional();
    }
    return b.build();
  }

  /**
   * A {@code [batch, L]} string input takes a list of any length (the reference recommender's item
   * ids, oldest → newest): the ONNX runtime pads or cuts it to L.
   */
  private static String sequenceNote(SignatureField f) {
    String dtype = ModelContract.canonical(f.dtype());
    if (!f.tensor() || !"string".equals(dtype) || f.shape().size() != 2 || f.shape().get(1) <= 0) {
      return "";
    }
    long l = f.shape().get(1);
    return " A list shorter than "
        + l
        + " is left-padded with `''`, a longer one keeps its newest (last) "
        + l
        + " items.";
  }

  private static String describe(SignatureField f) {
    String dtype = f.dtype() == null ? "" : f.dtype().toLowerCase(Locale.ROOT);
    return f.tensor() ? "tensor " + dtype + " " + f.shape() : "column " + dtype;
  }

  @Override
  public DataType outputType(TypingContext context) {
    Optional<URI> uri;
    try {
      uri = optionalTrackingUri(context.scenarioProperties());
    } catch (IllegalArgumentException e) {
      uri = Optional.empty(); // a refused host: dynamicParameters reports it
    }
    if (uri.isEmpty()) {
      // dynamicParameters has reported it; the fields are not known statically
      return DataType.mapOf(DataType.UNKNOWN);
    }
    try {
      return outputType(resolve(uri.get(), context.params()).contract());
    } catch (RuntimeException e) {
      LOG.info("cannot read the model signature for typing: {}", e.getMessage());
      return DataType.mapOf(DataType.UNKNOWN);
    }
  }

  /** A model version, its {@code MLmodel} and its inputs and outputs. */
  record Resolved(String version, MlModel model, ModelContract contract) {}

  private static Resolved resolve(URI uri, ParameterValues p) {
    return resolve(uri, refOf(uri, p, MODEL, ALIAS, VERSION, STAGE));
  }

  /** The version and {@code MLmodel} that a model reference names now. */
  static Resolved resolve(URI uri, ModelRef ref) {
    try (MlflowClient client = MlflowClient.create(uri, Duration.ofSeconds(5))) {
      // asking for the registered model first says "does not exist" for a wrong name, where an
      // alias lookup would only say the alias is missing
      client.registeredModel(ref.name());
      String version = ref.resolve(client);
      MlModel model = client.mlModel(ref.name(), version);
      return new Resolved(
          version,
          model,
          ModelContract.read(client, ModelCache.defaultCache(), ref.name(), version, model));
    }
  }

  /**
   * The model a node names: {@code Version} if given, else {@code Stage} if given (when the
   * component has it), else {@code Alias} (default {@code champion}).
   */
  static ModelRef refOf(
      URI tracking, ParameterValues p, String model, String alias, String version, String stage) {
    String name = p.value(model, String.class);
    Optional<String> fixed = p.optionalValue(version, String.class).filter(v -> !v.isBlank());
    if (fixed.isPresent()) {
      return ModelRef.version(tracking, name, fixed.get());
    }
    Optional<String> inStage =
        stage == null
            ? Optional.empty()
            : p.optionalValue(stage, String.class).filter(v -> !v.isBlank());
    if (inStage.isPresent()) {
      return ModelRef.stage(tracking, name, inStage.get());
    }
    return ModelRef.alias(tracking, name, p.optionalValue(alias, String.class).orElse("champion"));
  }

  /** The output record type for a model's signature. */
  static DataType outputType(MlModel model) {
    return outputType(model.outputs());
  }

  /** The output record type for a model's outputs (from its signature or its ONNX graph). */
  static DataType outputType(ModelContract contract) {
    return outputType(contract.outputs());
  }

  private static DataType outputType(List<SignatureField> outputs) {
    if (outputs.isEmpty() || outputs.stream().anyMatch(f -> f.name() == null)) {
      return DataType.mapOf(DataType.UNKNOWN);
    }
    DataType.RecordBuilder r = DataType.recordBuilder();
    for (SignatureField f : outputs) {
      r.field(f.name(), SignatureTypes.of(f));
    }
    return r.field("modelVersion", DataType.STRING).build();
  }

  @Override
  public Enricher createEnricher(NodeContext ctx) {
    ParameterValues p = ctx.params();
    URI tracking = trackingUri(ctx.scenarioProperties());
    ModelRef ref = refOf(tracking, p, MODEL, ALIAS, VERSION, STAGE);
    ModelInputs inputs = inputs(ctx);
    Optional<String> scoring =
        p.optionalValue(SCORING_SERVER, String.class).filter(u -> !u.isBlank());
    if (scoring.isPresent()) {
      ScoringServerClient.Settings defaults = ScoringServerClient.Settings.defaults();
      return new RemoteInferenceEnricher(
          scoring.get(),
          ref,
          p.value(POLL, Duration.class),
          inputs,
          new ScoringServerClient.Settings(
              p.value(MAX_BATCH, Long.class).intValue(),
              p.value(MAX_WAIT, Duration.class),
              defaults.timeout(),
              defaults.maxRetries(),
              defaults.initialBackoff(),
              defaults.maxInFlight()));
    }
    Duration poll = p.value(POLL, Duration.class);
    ModelContract validated = validatedContract(tracking, ref);
    if (p.optionalValue(BATCHING, Boolean.class).orElse(true)) {
      return new BatchedInferenceEnricher(
          ref, inputs, poll, p.value(MAX_BATCH, Long.class).intValue(), validated);
    }
    return new InferenceEnricher(ref, inputs, poll, validated);
  }

  /**
   * The inputs and outputs of the version the node names now, read while the job is compiled: every
   * version the job serves must have them, since the node's parameters and output type were derived
   * from them.
   */
  private static ModelContract validatedContract(URI tracking, ModelRef ref) {
    try {
      return resolve(tracking, ref).contract();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot read the inputs and outputs of model "
              + ref
              + ", which a running job checks every new version against: "
              + e.getMessage(),
          e);
    }
  }

  /** The signature's inputs when validation found them, else the {@code Inputs} record. */
  private static ModelInputs inputs(NodeContext ctx) {
    if (ctx.dynamicParameters().isEmpty()) {
      return ModelInputs.record(ctx.params().lazy(INPUTS));
    }
    Map<String, LazyParameter<Object>> byName = new LinkedHashMap<>();
    for (Parameter input : ctx.dynamicParameters()) {
      ctx.params().optionalLazy(input.name()).ifPresent(l -> byName.put(input.name(), l));
    }
    return ModelInputs.named(byName);
  }

  /**
   * The enricher of this component for a given model and inputs expression, for callers outside a
   * scenario (the benchmark).
   */
  public static Enricher.Sync enricher(ModelRef ref, LazyParameter<Object> inputs, Duration poll) {
    return new InferenceEnricher(ref, ModelInputs.record(inputs), poll, null);
  }

  /** The batching enricher of this component (the default), for callers outside a scenario. */
  public static Enricher.Async batchedEnricher(
      ModelRef ref, LazyParameter<Object> inputs, Duration poll, int maxBatch) {
    return new BatchedInferenceEnricher(ref, ModelInputs.record(inputs), poll, maxBatch, null);
  }

  static final String NO_TRACKING_URI =
      "no MLflow tracking URI: set the scenario property `"
          + TRACKING_URI_PROPERTY
          + "` or env MLFLOW_TRACKING_URI (e.g. http://127.0.0.1:5000 from ./walnut mlflow)";

  static URI trackingUri(Map<String, String> properties) {
    return optionalTrackingUri(properties)
        .orElseThrow(() -> new IllegalArgumentException(NO_TRACKING_URI));
  }

  /** The tracking URI while validating: a refused host is an error on {@code parameter}. */
  static Optional<URI> allowedTrackingUri(Map<String, String> properties, String parameter) {
    try {
      return optionalTrackingUri(properties);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(parameter, e.getMessage(), e);
    }
  }

  /**
   * The tracking URI: the scenario property, whose host must be one {@link AllowedHosts#MLFLOW}
   * allows in this process (a scenario must not point the designer's or a Task Manager's HTTP
   * client at any host), else the operator's env {@code MLFLOW_TRACKING_URI}.
   *
   * @throws IllegalArgumentException when the scenario's URI is not allowed
   */
  static Optional<URI> optionalTrackingUri(Map<String, String> properties) {
    String uri = properties.get(TRACKING_URI_PROPERTY);
    if (uri != null && !uri.isBlank()) {
      AllowedHosts.MLFLOW
          .refusal(uri)
          .ifPresent(
              reason -> {
                throw new IllegalArgumentException(
                    "scenario property `" + TRACKING_URI_PROPERTY + "`: " + reason);
              });
      return Optional.of(URI.create(uri.trim()));
    }
    uri = System.getenv("MLFLOW_TRACKING_URI");
    return uri == null || uri.isBlank() ? Optional.empty() : Optional.of(URI.create(uri.trim()));
  }

  /**
   * The remote runtime: micro-batched calls to a scoring server through Flink async I/O. The
   * scoring server does not say which version it serves: {@code modelVersion} is the {@code
   * Version} parameter, or the version the alias points to, checked every poll interval.
   */
  static final class RemoteInferenceEnricher implements Enricher.Async {
    private static final long serialVersionUID = 1L;
    private final String url;
    private final ModelRef ref;
    private final Duration poll;
    private final ModelInputs inputs;
    private final ScoringServerClient.Settings settings;
    private transient ScoringServerClient client;
    private transient AliasWatch alias;

    RemoteInferenceEnricher(
        String url,
        ModelRef ref,
        Duration poll,
        ModelInputs inputs,
        ScoringServerClient.Settings settings) {
      this.url = url;
      this.ref = ref;
      this.poll = poll;
      this.inputs = inputs;
      this.settings = settings;
    }

    @Override
    public void open(MetricGroup metrics) {
      if (ref.moves()) {
        alias = AliasWatch.start(ref, poll);
      }
      client = new ScoringServerClient(url, settings);
    }

    private String version() {
      return alias == null ? ref.version() : alias.version();
    }

    @Override
    public CompletableFuture<Object> enrich(Variables context) {
      Map<String, Object> in;
      try {
        in = inputs.evaluate(context);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return client
          .predict(in)
          .thenApply(
              p -> {
                Map<String, Object> out = ScoringServerClient.asRecord(p);
                out.put("modelVersion", version());
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
      if (alias != null) {
        alias.close();
      }
      if (client != null) {
        client.close();
      }
    }
  }

  static void register(MetricGroup metrics, ServedModel model) {
    MetricGroup g = metrics.addGroup("mlflow");
    g.gauge("modelVersion", (Gauge<Long>) () -> parseVersion(model.currentVersion()));
    g.gauge("modelSwaps", (Gauge<Long>) model::swaps);
    g.gauge("modelRefreshFailures", (Gauge<Long>) model::refreshFailures);
    g.gauge("modelSwapsRefused", (Gauge<Long>) model::swapsRefused);
  }

  private static long parseVersion(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Map<String, Object> output(Prediction p) {
    Map<String, Object> outputs = p.outputs();
    Map<String, Object> out = new LinkedHashMap<>((int) Math.ceil((outputs.size() + 1) / 0.75));
    out.putAll(outputs);
    out.put("modelVersion", p.modelVersion());
    return out;
  }

  /**
   * The default in-process runtime: records go through Flink async I/O to the JVM's {@link
   * BatchedModel} for this model, whose worker runs the records waiting as one ONNX call. The
   * processing thread only evaluates the inputs; order and exactly-once come from Flink's ordered
   * async operator, back-pressure from {@link #capacity}.
   */
  static final class BatchedInferenceEnricher implements Enricher.Async {
    private static final long serialVersionUID = 1L;
    private final ModelRef ref;
    private final ModelInputs inputs;
    private final Duration poll;
    private final int maxBatch;
    private final ModelContract validated; // null: the first version served sets it
    private transient BatchedModel model;

    BatchedInferenceEnricher(
        ModelRef ref, ModelInputs inputs, Duration poll, int maxBatch, ModelContract validated) {
      this.ref = ref;
      this.inputs = inputs;
      this.poll = poll;
      this.maxBatch = maxBatch;
      this.validated = validated;
    }

    @Override
    public void open(MetricGroup metrics) {
      model = BatchedModel.open(ref, ModelCache.defaultCache(), poll, maxBatch, validated);
      register(metrics, model.served());
    }

    @Override
    public CompletableFuture<Object> enrich(Variables context) {
      Map<String, Object> in;
      try {
        in = inputs.evaluate(context);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return model.predict(in).thenApply(MlflowInferenceComponent::output);
    }

    /** Enough for one batch in the call and a full one waiting. */
    @Override
    public int capacity() {
      return maxBatch * 2;
    }

    @Override
    public void close() {
      if (model != null) {
        model.close();
      }
    }
  }

  /** The per-task runtime: one {@link ServedModel} per subtask, sessions shared in the JVM. */
  static final class InferenceEnricher implements Enricher.Sync {
    private static final long serialVersionUID = 1L;
    private final ModelRef ref;
    private final ModelInputs inputs;
    private final Duration poll;
    private final ModelContract validated; // null: the first version served sets it
    private transient ServedModel model;

    InferenceEnricher(ModelRef ref, ModelInputs inputs, Duration poll, ModelContract validated) {
      this.ref = ref;
      this.inputs = inputs;
      this.poll = poll;
      this.validated = validated;
    }

    @Override
    public void open(MetricGroup metrics) {
      model =
          validated == null
              ? ServedModel.open(ref, ModelCache.defaultCache(), poll)
              : ServedModel.open(ref, ModelCache.defaultCache(), poll, validated);
      register(metrics, model);
    }

    @Override
    public Object enrich(Variables context) {
      return output(model.predict(inputs.evaluate(context)));
    }

    @Override
    public void close() {
      if (model != null) {
        model.close();
      }
    }
  }
}
