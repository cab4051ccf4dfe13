package dev.walnut.ml.embed;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.walnut.ml.onnx.OnnxModel;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs a BERT-style ONNX text encoder on the token ids of one text and turns its first output into
 * one unit-length vector. The graph's inputs must be among {@code input_ids} (required), {@code
 * attention_mask} and {@code token_type_ids} (int64 or int32). An output of shape {@code [batch,
 * dim]} is already pooled and used as is; {@code [batch, tokens, dim]} is mean-pooled over the
 * tokens (all attended: one text, no padding). Then L2-normalised.
 */
public final class EncoderPooling {
  static final String IDS = "input_ids";
  static final String MASK = "attention_mask";
  static final String TYPES = "token_type_ids";

  private EncoderPooling() {}

  /**
   * Checks that Walnut can feed the model's inputs.
   *
   * @throws IllegalArgumentException naming the inputs Walnut cannot feed
   */
  public static void check(OnnxModel model) {
    Map<String, TensorInfo> inputs = model.inputs();
    if (!inputs.containsKey(IDS) || !Set.of(IDS, MASK, TYPES).containsAll(inputs.keySet())) {
      throw new IllegalArgumentException(
          "an embedding model takes `input_ids` and optionally `attention_mask` and"
              + " `token_type_ids`; "
              + model.file().getFileName()
              + " takes "
              + inputs.keySet());
    }
    for (Map.Entry<String, TensorInfo> e : inputs.entrySet()) {
      OnnxJavaType t = e.getValue().type;
      if (t != OnnxJavaType.INT64 && t != OnnxJavaType.INT32) {
        throw new IllegalArgumentException(
            "embedding model input `" + e.getKey() + "` must be int64 or int32, not " + t);
      }
    }
  }

  /** The unit-length embedding of token ids (with [CLS] and [SEP]). */
  public static float[] embed(OnnxModel model, long[] ids) {
    int n = ids.length;
    long[] shape = {1, n};
    long[] ones = new long[n];
    java.util.Arrays.fill(ones, 1);
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (Map.Entry<String, TensorInfo> e : model.inputs().entrySet()) {
        long[] values =
            switch (e.getKey()) {
              case IDS -> ids;
              case MASK -> ones;
              default -> new long[n];
            };
        feed.put(e.getKey(), tensor(model, values, shape, e.getValue().type));
      }
      try (OrtSession.Result result = model.run(feed)) {
        OnnxValue first = result.get(0);
        if (!(first instanceof OnnxTensor out)) {
          throw new IllegalArgumentException("the embedding model's first output is not a tensor");
        }
        return normalise(pool(out));
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          "embedding with " + model.file().getFileName() + " failed: " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  private static OnnxTensor tensor(OnnxModel model, long[] values, long[] shape, OnnxJavaType type)
      throws OrtException {
    if (type == OnnxJavaType.INT32) {
      int[] ints = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        ints[i] = (int) values[i];
      }
      return OnnxTensor.createTensor(model.env(), IntBuffer.wrap(ints), shape);
    }
    return OnnxTensor.createTensor(model.env(), LongBuffer.wrap(values), shape);
  }

  private static float[] pool(OnnxTensor out) throws OrtException {
    long[] shape = out.getInfo().getShape();
    if (out.getInfo().type != OnnxJavaType.FLOAT) {
      throw new IllegalArgumentException(
          "the embedding model's first output must be float, not " + out.getInfo().type);
    }
    FloatBuffer values = out.getFloatBuffer();
    if (shape.length == 2 && shape[0] == 1) {
      float[] v = new float[(int) shape[1]];
      values.get(v);
      return v;
    }
    if (shape.length == 3 && shape[0] == 1) {
      int tokens = (int) shape[1];
      int dim = (int) shape[2];
      float[] mean = new float[dim];
      for (int t = 0; t < tokens; t++) {
        for (int d = 0; d < dim; d++) {
          mean[d] += values.get(t * dim + d);
        }
      }
      for (int d = 0; d < dim; d++) {
        mean[d] /= tokens;
      }
      return mean;
    }
    throw new IllegalArgumentException(
        "the embedding model's first output has shape "
            + java.util.Arrays.toString(shape)
            + "; expected [batch, dim] (pooled) or [batch, tokens, dim]");
  }

  private static float[] normalise(float[] v) {
    double norm = 0;
    for (float f : v) {
      norm += (double) f * f;
    }
    float inv = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
    for (int d = 0; d < v.length; d++) {
      v[d] *= inv;
    }
    return v;
  }
}
