package dev.walnut.ml.serving;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import dev.walnut.ml.mlflow.MlModel;
import dev.walnut.ml.mlflow.MlflowClient;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.mlflow.SignatureField;
import dev.walnut.ml.onnx.OnnxModel;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inputs and outputs of one model version as a scenario sees them: names, dtypes and shapes.
 * Each side comes from the {@code MLmodel} signature when it names them, else, for an onnx flavor,
 * from the ONNX graph (what {@code mlflow.onnx.log_model} writes without an input example has no
 * signature). Dtypes are canonical ({@code float32}, {@code int64}, {@code string}…) so a signature
 * ({@code object}, {@code str}) and a graph ({@code STRING}) describing the same tensor are equal.
 *
 * <p>A job keeps the contract of the version it was validated with; a hot swap to a version whose
 * contract differs ({@link #differencesFrom}) is refused, since the scenario's parameters and
 * output type were derived from it.
 *
 * @param version the model version this contract was read from
 * @param inputsSource where the inputs come from: {@code signature}, {@code ONNX graph} or {@code
 *     none}
 */
public record ModelContract(
    String version,
    List<SignatureField> inputs,
    List<SignatureField> outputs,
    String inputsSource,
    String outputsSource)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String SIGNATURE = "signature";
  public static final String GRAPH = "ONNX graph";
  static final String NONE = "none";

  // design time: a version's files never change (the cache directory names the server, the
  // artifact URI and the version), so its graph is read once per JVM; bounded, as the designer
  // runs for long
  private static final int GRAPHS_KEPT = 256;
  private static final Map<Path, OnnxModel.GraphSignature> GRAPHS = new ConcurrentHashMap<>();

  public ModelContract {
    Objects.requireNonNull(version, "version");
    inputs = inputs.stream().map(ModelContract::canonical).toList();
    outputs = outputs.stream().map(ModelContract::canonical).toList();
  }

  /**
   * The contract of a version a registry lists, for validation and job compilation: from its
   * signature, reading the ONNX graph only when the signature does not name the inputs or outputs
   * and the model has an onnx flavor. Reading the graph downloads the version into {@code cache}
   * (once per machine) and opens it once per JVM without graph optimisation.
   *
   * @throws IllegalArgumentException when the graph is needed but cannot be read
   */
  public static ModelContract read(
      MlflowClient client, ModelCache cache, String name, String version, MlModel meta) {
    boolean inputsNamed = named(meta.inputs());
    boolean outputsNamed = named(meta.outputs());
    if ((inputsNamed && outputsNamed) || meta.onnxFile().isEmpty()) {
      return fromSignature(version, meta);
    }
    Path dir = cache.fetch(client, name, version);
    Path file = dir.resolve(meta.onnxFile().get());
    OnnxModel.GraphSignature graph = GRAPHS.get(file);
    if (graph == null) {
      try {
        graph = OnnxModel.describe(file);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "model `"
                + name
                + "` version "
                + version
                + " has no signature and its ONNX graph cannot be read: "
                + e.getMessage(),
            e);
      }
      if (GRAPHS.size() >= GRAPHS_KEPT) {
        GRAPHS.clear();
      }
      GRAPHS.put(file, graph);
    }
    return of(version, meta, graph.inputs(), graph.outputs());
  }

  /** The contract of a loaded version: its signature where it names things, else its graph. */
  static ModelContract of(String version, MlModel meta, OnnxModel model) {
    Map<String, NodeInfo> inputs = new LinkedHashMap<>();
    model.inputs().forEach((name, t) -> inputs.put(name, new NodeInfo(name, t)));
    return of(version, meta, inputs, model.outputs());
  }

  private static ModelContract of(
      String version,
      MlModel meta,
      Map<String, NodeInfo> graphInputs,
      Map<String, NodeInfo> graphOutputs) {
    boolean inputsNamed = named(meta.inputs());
    boolean outputsNamed = named(meta.outputs());
    return new ModelContract(
        version,
        inputsNamed ? meta.inputs() : fields(graphInputs),
        outputsNamed ? meta.outputs() : fields(graphOutputs),
        inputsNamed ? SIGNATURE : GRAPH,
        outputsNamed ? SIGNATURE : GRAPH);
  }

  private static ModelContract fromSignature(String version, MlModel meta) {
    return new ModelContract(
        version,
        meta.inputs(),
        meta.outputs(),
        meta.inputs().isEmpty() ? NONE : SIGNATURE,
        meta.outputs().isEmpty() ? NONE : SIGNATURE);
  }

  private static boolean named(List<SignatureField> fields) {
    return !fields.isEmpty()
        && fields.stream().allMatch(f -> f.name() != null && !f.name().isBlank());
  }

  private static List<SignatureField> fields(Map<String, NodeInfo> graph) {
    List<SignatureField> out = new ArrayList<>(graph.size());
    for (Map.Entry<String, NodeInfo> e : graph.entrySet()) {
      out.add(field(e.getKey(), e.getValue()));
    }
    return out;
  }

  private static SignatureField field(String name, NodeInfo node) {
    if (node.getInfo() instanceof TensorInfo t) {
      List<Long> shape = Arrays.stream(t.getShape()).boxed().toList();
      return new SignatureField(name, true, dtype(t.type), shape, true);
    }
    // a sequence or map (e.g. sklearn-onnx's ZipMap): typed unknown; running it fails clearly
    String kind =
        node.getInfo() instanceof SequenceInfo
            ? "sequence"
            : node.getInfo() instanceof MapInfo ? "map" : "unknown";
    return new SignatureField(name, false, kind, List.of(), true);
  }

  private static String dtype(OnnxJavaType type) {
    return switch (type) {
      case FLOAT -> "float32";
      case DOUBLE -> "float64";
      case FLOAT16 -> "float16";
      case BFLOAT16 -> "bfloat16";
      case INT8 -> "int8";
      case INT16 -> "int16";
      case INT32 -> "int32";
      case INT64 -> "int64";
      case UINT8 -> "uint8";
      case BOOL -> "bool";
      case STRING -> "string";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }

  // columns keep MLflow's column type names (double, long, string…)
  private static SignatureField canonical(SignatureField f) {
    return f.tensor()
        ? new SignatureField(f.name(), true, canonical(f.dtype()), f.shape(), f.required())
        : f;
  }

  /** numpy and ONNX names of the same tensor element type, spelled one way. */
  public static String canonical(String dtype) {
    String d = dtype == null ? "" : dtype.toLowerCase(Locale.ROOT);
    return switch (d) {
      case "str", "string", "object", "unicode" -> "string";
      case "double", "float64" -> "float64";
      case "float", "float32" -> "float32";
      case "long", "int64" -> "int64";
      case "int", "int32" -> "int32";
      case "boolean", "bool" -> "bool";
      default -> d;
    };
  }

  /** The input of that name, or null. */
  public SignatureField input(String name) {
    return find(inputs, name);
  }

  private static SignatureField find(List<SignatureField> fields, String name) {
    for (SignatureField f : fields) {
      if (Objects.equals(f.name(), name)) {
        return f;
      }
    }
    return null;
  }

  /**
   * What differs from the contract a scenario was validated with, one phrase per input or output,
   * e.g. {@code input `item_ids` is string [-1, 20], the scenario was validated with [-1, 50]};
   * empty when names, dtypes and shapes are the same (a compatible version).
   */
  public List<String> differencesFrom(ModelContract validated) {
    List<String> out = new ArrayList<>();
    compare("input", inputs, validated.inputs(), out);
    compare("output", outputs, validated.outputs(), out);
    return out;
  }

  private static void compare(
      String kind, List<SignatureField> now, List<SignatureField> then, List<String> out) {
    for (SignatureField was : then) {
      SignatureField is = find(now, was.name());
      String name = kind + " `" + was.name() + "`";
      if (is == null) {
        out.add(name + " is gone, the scenario was validated with " + describe(was));
      } else if (!Objects.equals(is.dtype(), was.dtype()) || is.tensor() != was.tensor()) {
        out.add(
            name + " is " + describe(is) + ", the scenario was validated with " + describe(was));
      } else if (!is.shape().equals(was.shape())) {
        out.add(name + " is " + describe(is) + ", the scenario was validated with " + was.shape());
      }
    }
    for (SignatureField is : now) {
      if (find(then, is.name()) == null) {
        out.add(
            kind
                + " `"
                + is.name()
                + "` ("
                + describe(is)
                + ") is new, the scenario was validated without it");
      }
    }
  }

  /** {@code string [-1, 20]} for a tensor, {@code column double} for a column. */
  public static String describe(SignatureField f) {
    return f.tensor() ? f.dtype() + " " + f.shape() : "column " + f.dtype();
  }
}
