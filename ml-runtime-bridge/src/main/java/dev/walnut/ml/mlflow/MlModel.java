package dev.walnut.ml.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an {@code MLmodel} file Walnut uses: flavors, signature (tensor-spec or
 * column-based), the ONNX flavor's data file and session options, and the input example's file.
 */
public record MlModel(
    Map<String, JsonNode> flavors,
    List<SignatureField> inputs,
    List<SignatureField> outputs,
    Map<String, Object> onnxSessionOptions,
    Optional<String> inputExamplePath) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code <dir>/MLmodel}. */
  public static MlModel read(Path modelDir) {
    Path file = modelDir.resolve("MLmodel");
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses the YAML text of an {@code MLmodel} file. */
  public static MlModel parse(String yaml) {
    try {
      JsonNode root = YAML.readTree(yaml);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("MLmodel is not a YAML mapping");
      }
      Map<String, JsonNode> flavors = new LinkedHashMap<>();
      root.path("flavors").fields().forEachRemaining(e -> flavors.put(e.getKey(), e.getValue()));
      JsonNode sig = root.path("signature");
      Map<String, Object> options = new LinkedHashMap<>();
      JsonNode opts = flavors.getOrDefault("onnx", JSON.nullNode()).path("onnx_session_options");
      if (opts.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = opts.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          options.put(e.getKey(), JSON.treeToValue(e.getValue(), Object.class));
        }
      }
      String example = root.path("saved_input_example_info").path("artifact_path").asText(null);
      return new MlModel(
          flavors,
          fields(sig.path("inputs")),
          fields(sig.path("outputs")),
          options,
          Optional.ofNullable(example));
    } catch (IOException e) {
      throw new IllegalArgumentException("MLmodel is not valid YAML: " + e.getMessage(), e);
    }
  }

  public boolean hasFlavor(String flavor) {
    return flavors.containsKey(flavor);
  }

  /** The ONNX file of the {@code onnx} flavor, relative to the model directory. */
  public Optional<String> onnxFile() {
    JsonNode onnx = flavors.get("onnx");
    return onnx == null ? Optional.empty() : Optional.ofNullable(onnx.path("data").asText(null));
  }

  // the signature's inputs/outputs are JSON strings inside the YAML
  private static List<SignatureField> fields(JsonNode text) throws IOException {
    if (text.isMissingNode() || text.isNull() || text.asText().isBlank()) {
      return List.of();
    }
    JsonNode array = text.isTextual() ? JSON.readTree(text.asText()) : text;
    List<SignatureField> out = new ArrayList<>();
    for (JsonNode f : array) {
      String type = f.path("type").asText();
      String name = f.hasNonNull("name") ? f.get("name").asText() : null;
      boolean required = f.path("required").asBoolean(true);
      if ("tensor".equals(type)) {
        JsonNode spec = f.path("tensor-spec");
        List<Long> shape = new ArrayList<>();
        spec.path("shape").forEach(d -> shape.add(d.asLong()));
        out.add(new SignatureField(name, true, spec.path("dtype").asText(), shape, required));
      } else {
        out.add(new SignatureField(name, false, type, List.of(), required));
      }
    }
    return out;
  }
}
