package dev.walnut.ml.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session for one model file, shared by everyone in the JVM who loads the same file
 * (one session per model version per TaskManager) and reference counted: {@link #load} and {@link
 * #retain} take a reference, {@link #release} gives it back, and the last release closes the
 * session. Sessions are created from the file's path so external-data files next to it are found.
 */
public final class OnnxModel {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);
  private static final ConcurrentHashMap<Path, OnnxModel> SHARED = new ConcurrentHashMap<>();

  private final Path file;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final Map<String, TensorInfo> inputs;
  private final Map<String, NodeInfo> outputs;
  private final List<String> outputNames;
  private final AtomicInteger refs = new AtomicInteger(1);
  // every input has a free first dimension; cleared when an output turns out not to
  private volatile boolean batchable;

  private OnnxModel(Path file, OrtEnvironment env, OrtSession session) throws OrtException {
    this.file = file;
    this.env = env;
    this.session = session;
    Map<String, TensorInfo> in = new LinkedHashMap<>();
    for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
      if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
        throw new IllegalArgumentException(
            "model input `"
                + e.getKey()
                + "` of "
                + file
                + " is not a tensor; Walnut feeds tensors");
      }
      in.put(e.getKey(), t);
    }
    this.inputs = java.util.Collections.unmodifiableMap(in); // graph order: the contract's order
    this.batchable =
        !in.isEmpty()
            && in.values().stream().allMatch(t -> t.getShape().length > 0 && t.getShape()[0] < 0);
    this.outputs = new LinkedHashMap<>(session.getOutputInfo());
    this.outputNames = List.copyOf(session.getOutputNames());
  }

  /** The inputs and outputs a model file declares, in graph order. */
  public record GraphSignature(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {}

  /**
   * Reads the inputs and outputs of a model file with a session opened only for that, without graph
   * optimisation, and closed at once (design time: nothing stays open). If this JVM already serves
   * the file, that session's are returned instead.
   */
  public static GraphSignature describe(Path file) {
    Path key = file.toAbsolutePath().normalize();
    OnnxModel served = SHARED.get(key);
    if (served != null && served.retain()) {
      try {
        return new GraphSignature(served.inputInfo(), served.outputs);
      } finally {
        served.release();
      }
    }
    if (!Files.isRegularFile(key)) {
      throw new IllegalArgumentException("ONNX model file " + key + " does not exist");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(1);
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(key.toString(), so)) {
        return new GraphSignature(
            new LinkedHashMap<>(session.getInputInfo()),
            new LinkedHashMap<>(session.getOutputInfo()));
      }
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "ONNX Runtime cannot read " + key + ": " + e.getMessage(), e);
    }
  }

  private Map<String, NodeInfo> inputInfo() {
    Map<String, NodeInfo> in = new LinkedHashMap<>();
    inputs.forEach((name, t) -> in.put(name, new NodeInfo(name, t)));
    return in;
  }

  /**
   * The shared session for {@code file}, created with {@code options} (MLflow's {@code
   * onnx_session_options}; default 1 intra-op thread, sequential) if no one holds it yet. The
   * caller owns one reference.
   */
  public static OnnxModel load(Path file, Map<String, Object> options) {
    Path key = file.toAbsolutePath().normalize();
    while (true) {
      OnnxModel existing = SHARED.get(key);
      if (existing != null && existing.retain()) {
        return existing;
      }
      synchronized (SHARED) {
        OnnxModel again = SHARED.get(key);
        if (again != null && again.retain()) {
          return again;
        }
        OnnxModel created = open(key, options);
        SHARED.put(key, created);
        return created;
      }
    }
  }

  private static OnnxModel open(Path file, Map<String, Object> options) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("ONNX model file " + file + " does not exist");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions so = sessionOptions(options)) {
      return new OnnxModel(file, env, env.createSession(file.toString(), so));
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  static OrtSession.SessionOptions sessionOptions(Map<String, Object> options) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    // many Flink subtasks share few cores: one thread per session unless the model says otherwise
    so.setIntraOpNumThreads(1);
    so.setInterOpNumThreads(1);
    so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    for (Map.Entry<String, Object> e : options.entrySet()) {
      Object v = e.getValue();
      switch (e.getKey()) {
        case "intra_op_num_threads" -> so.setIntraOpNumThreads(((Number) v).intValue());
        case "inter_op_num_threads" -> so.setInterOpNumThreads(((Number) v).intValue());
        case "execution_mode" ->
            so.setExecutionMode(
                String.valueOf(v).toLowerCase(java.util.Locale.ROOT).contains("parallel")
                    ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        case "graph_optimization_level" -> so.setOptimizationLevel(optLevel(v));
        case "enable_mem_pattern" -> so.setMemoryPatternOptimization(Boolean.TRUE.equals(v));
        case "enable_cpu_mem_arena" -> so.setCPUArenaAllocator(Boolean.TRUE.equals(v));
        default ->
            LOG.warn("ignoring onnx_session_options.{}={}: not supported by Walnut", e.getKey(), v);
      }
    }
    return so;
  }

  private static OrtSession.SessionOptions.OptLevel optLevel(Object v) {
    String s = String.valueOf(v).toUpperCase(java.util.Locale.ROOT);
    if (s.equals("0") || s.contains("DISABLE")) {
      return OrtSession.SessionOptions.OptLevel.NO_OPT;
    } else if (s.equals("1") || s.contains("BASIC")) {
      return OrtSession.SessionOptions.OptLevel.BASIC_OPT;
    } else if (s.equals("2") || s.contains("EXTENDED")) {
      return OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
    }
    return OrtSession.SessionOptions.OptLevel.ALL_OPT;
  }

  /** Takes one more reference; false if the session was already closed. */
  public boolean retain() {
    int n;
    do {
      n = refs.get();
      if (n <= 0) {
        return false;
      }
    } while (!refs.compareAndSet(n, n + 1));
    return true;
  }

  /** Gives a reference back; the last one closes the session. */
  public void release() {
    if (refs.decrementAndGet() == 0) {
      SHARED.remove(file, this);
      try {
        session.close();
      } catch (OrtException e) {
        LOG.warn("closing the ONNX session of {} failed", file, e);
      }
    }
  }

  public Path file() {
    return file;
  }

  /** The input names and their tensor types/shapes. */
  public Map<String, TensorInfo> inputs() {
    return inputs;
  }

  public List<String> outputNames() {
    return outputNames;
  }

  /** The outputs as the graph declares them (tensors, or sequences/maps Walnut cannot read). */
  public Map<String, NodeInfo> outputs() {
    return java.util.Collections.unmodifiableMap(outputs);
  }

  /** Runs the model on one record: input name → value; returns output name → value. */
  public Map<String, Object> predict(Map<String, ?> values) {
    for (String name : inputs.keySet()) {
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException(
            "model input `"
                + name
                + "` is missing; the model takes "
                + inputs.keySet()
                + ", got "
                + values.keySet());
      }
    }
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (Map.Entry<String, TensorInfo> e : inputs.entrySet()) {
        TensorInfo info = e.getValue();
        feed.put(
            e.getKey(),
            TensorValues.toTensor(
                env, e.getKey(), TensorValues.fitSequence(values.get(e.getKey()), info), info));
      }
      try (OrtSession.Result result = session.run(feed)) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : result) {
          if (e.getValue() instanceof OnnxTensor t) {
            out.put(e.getKey(), TensorValues.fromTensor(t));
          } else {
            throw new IllegalArgumentException(
                "model output `" + e.getKey() + "` is not a tensor; Walnut reads tensors");
          }
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * Runs the model on several records, in one call when the model has a free batch dimension and
   * the records stack into one tensor per input, else one call per record. One outcome per record,
   * in order: a bad record fails alone.
   */
  public List<Outcome> predictAll(List<? extends Map<String, ?>> records) {
    if (records.size() > 1 && batchable) {
      try {
        List<Map<String, Object>> outputs = predictBatch(records);
        List<Outcome> outcomes = new ArrayList<>(outputs.size());
        for (Map<String, Object> o : outputs) {
          outcomes.add(new Outcome(o, null));
        }
        return outcomes;
      } catch (TensorValues.NotBatchable e) {
        if (e.getMessage().startsWith("an output")) {
          // the model itself does not batch: stop trying
          batchable = false;
          LOG.info("{} runs one record per call: {}", file, e.getMessage());
        }
      } catch (RuntimeException e) {
        // one bad record fails the stacked call; the calls one by one tell which
      }
    }
    List<Outcome> outcomes = new ArrayList<>(records.size());
    for (Map<String, ?> r : records) {
      try {
        outcomes.add(new Outcome(predict(r), null));
      } catch (RuntimeException e) {
        outcomes.add(new Outcome(null, e));
      }
    }
    return outcomes;
  }

  /** The outputs of one record of {@link #predictAll}, or why it failed. */
  public record Outcome(Map<String, Object> outputs, RuntimeException error) {}

  private List<Map<String, Object>> predictBatch(List<? extends Map<String, ?>> records) {
    int n = records.size();
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      int slot = 0;
      for (Map.Entry<String, TensorInfo> e : inputs.entrySet()) {
        String name = e.getKey();
        List<Object> values = new ArrayList<>(n);
        for (Map<String, ?> r : records) {
          Object value = r.get(name);
          if (value == null && !r.containsKey(name)) {
            throw new IllegalArgumentException("model input `" + name + "` is missing");
          }
          values.add(TensorValues.fitSequence(value, e.getValue()));
        }
        feed.put(name, TensorValues.toBatchTensor(env, name, values, e.getValue(), slot++));
      }
      try (OrtSession.Result result = session.run(feed)) {
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(new LinkedHashMap<>(mapCapacity(result.size())));
        }
        for (Map.Entry<String, OnnxValue> e : result) {
          if (!(e.getValue() instanceof OnnxTensor t)) {
            throw new IllegalArgumentException(
                "model output `" + e.getKey() + "` is not a tensor; Walnut reads tensors");
          }
          List<Object> rows = TensorValues.fromBatchTensor(t, n);
          for (int i = 0; i < n; i++) {
            out.get(i).put(e.getKey(), rows.get(i));
          }
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : feed.values()) {
        t.close();
      }
    }
  }

  /** A hash map capacity that holds {@code entries} without resizing. */
  private static int mapCapacity(int entries) {
    return (int) Math.ceil(entries / 0.75);
  }

  /** Runs the model on prepared tensors (for callers that build their own, e.g. embeddings). */
  public OrtSession.Result run(Map<String, OnnxTensor> feed) throws OrtException {
    return session.run(feed);
  }

  public OrtEnvironment env() {
    return env;
  }

  /** The names of models currently open in this JVM (for tests and diagnostics). */
  public static List<Path> openModels() {
    return new ArrayList<>(SHARED.keySet());
  }
}
