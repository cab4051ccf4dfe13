package dev.walnut.ml.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts between scenario values (numbers, strings, booleans, lists of them, {@code float[]}) and
 * ONNX tensors of one record. A value with fewer dimensions than the model input gets leading
 * dimensions of 1 (the batch of one record); outputs lose a leading 1 and become a scalar when only
 * one element is left.
 */
final class TensorValues {
  private TensorValues() {}

  static OnnxTensor toTensor(OrtEnvironment env, String input, Object value, TensorInfo info)
      throws OrtException {
    List<Object> flat = new ArrayList<>();
    List<Long> valueShape = new ArrayList<>();
    flatten(input, value, 0, flat, valueShape);
    long[] shape = fit(input, valueShape, info.getShape(), flat.size());
    return create(env, input, flat, shape, info.type);
  }

  /**
   * One tensor holding the values of several records, each of which must read as a batch of one
   * ({@code [1, ...]}) of the same shape; the batch dimension becomes the number of records.
   *
   * @throws NotBatchable when the records cannot be stacked (e.g. different sequence lengths)
   */
  static OnnxTensor toBatchTensor(OrtEnvironment env, String input, List<?> values, TensorInfo info)
      throws OrtException {
    List<Object> flat = new ArrayList<>();
    long[] first = null;
    for (Object value : values) {
      List<Long> valueShape = new ArrayList<>();
      int before = flat.size();
      flatten(input, value, 0, flat, valueShape);
      long[] shape = fit(input, valueShape, info.getShape(), flat.size() - before);
      if (shape.length == 0 || shape[0] != 1) {
        throw new NotBatchable("input `" + input + "` of one record is not a batch of one");
      }
      if (first == null) {
        first = shape;
      } else if (!Arrays.equals(first, shape)) {
        throw new NotBatchable(
            "input `"
                + input
                + "` has shapes "
                + Arrays.toString(first)
                + " and "
                + Arrays.toString(shape));
      }
    }
    long[] shape = first.clone();
    shape[0] = values.size();
    return create(env, input, flat, shape, info.type);
  }

  /** Records that cannot be run as one batch; they are run one by one instead. */
  static final class NotBatchable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotBatchable(String message) {
      super(message, null, false, false);
    }
  }

  private static OnnxTensor create(
      OrtEnvironment env, String input, List<Object> flat, long[] shape, OnnxJavaType type)
      throws OrtException {
    int n = flat.size();
    switch (type) {
      case FLOAT -> {
        FloatBuffer b = FloatBuffer.allocate(n);
        flat.forEach(v -> b.put(number(input, v).floatValue()));
        return OnnxTensor.createTensor(env, b.flip(), shape);
      }
      case DOUBLE -> {
        DoubleBuffer b = DoubleBuffer.allocate(n);
        flat.forEach(v -> b.put(number(input, v).doubleValue()));
        return OnnxTensor.createTensor(env, b.flip(), shape);
      }
      case INT64 -> {
        LongBuffer b = LongBuffer.allocate(n);
        flat.forEach(v -> b.put(number(input, v).longValue()));
        return OnnxTensor.createTensor(env, b.flip(), shape);
      }
      case INT32 -> {
        IntBuffer b = IntBuffer.allocate(n);
        flat.forEach(v -> b.put(number(input, v).intValue()));
        return OnnxTensor.createTensor(env, b.flip(), shape);
      }
      case BOOL -> {
        ByteBuffer b = ByteBuffer.allocate(n);
        flat.forEach(v -> b.put((byte) (Boolean.TRUE.equals(v) ? 1 : 0)));
        return OnnxTensor.createTensor(env, b.flip(), shape, OnnxJavaType.BOOL);
      }
      case STRING -> {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
          s[i] = flat.get(i) == null ? "" : flat.get(i).toString();
        }
        return OnnxTensor.createTensor(env, s, shape);
      }
      default ->
          throw new IllegalArgumentException(
              "model input `" + input + "` has tensor type " + type + ", which Walnut cannot feed");
    }
  }

  private static Number number(String input, Object v) {
    if (v instanceof Number n) {
      return n;
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new IllegalArgumentException(
        "model input `"
            + input
            + "` needs numbers, got `"
            + v
            + "`"
            + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")"));
  }

  private static void flatten(
      String input, Object v, int depth, List<Object> out, List<Long> shape) {
    if (v instanceof float[] a) {
      dim(input, depth, a.length, shape);
      for (float f : a) {
        out.add(f);
      }
    } else if (v instanceof double[] a) {
      dim(input, depth, a.length, shape);
      for (double d : a) {
        out.add(d);
      }
    } else if (v instanceof long[] a) {
      dim(input, depth, a.length, shape);
      for (long l : a) {
        out.add(l);
      }
    } else if (v instanceof List<?> list) {
      dim(input, depth, list.size(), shape);
      for (Object e : list) {
        flatten(input, e, depth + 1, out, shape);
      }
    } else if (v != null && v.getClass().isArray()) {
      int len = Array.getLength(v);
      dim(input, depth, len, shape);
      for (int i = 0; i < len; i++) {
        flatten(input, Array.get(v, i), depth + 1, out, shape);
      }
    } else {
      if (depth < shape.size()) {
        throw new IllegalArgumentException("model input `" + input + "` is a ragged list");
      }
      out.add(v);
    }
  }

  private static void dim(String input, int depth, int len, List<Long> shape) {
    if (depth == shape.size()) {
      shape.add((long) len);
    } else if (shape.get(depth) != len) {
      throw new IllegalArgumentException(
          "model input `"
              + input
              + "` is a ragged list (lengths "
              + shape.get(depth)
              + " and "
              + len
              + ")");
    }
  }

  private static long[] fit(String input, List<Long> valueShape, long[] modelShape, int count) {
    if (valueShape.size() > modelShape.length) {
      throw new IllegalArgumentException(
          "model input `"
              + input
              + "` has shape "
              + Arrays.toString(modelShape)
              + ", got a value of shape "
              + valueShape);
    }
    long[] shape = new long[modelShape.length];
    int pad = modelShape.length - valueShape.size();
    for (int i = 0; i < shape.length; i++) {
      shape[i] = i < pad ? 1 : valueShape.get(i - pad);
      if (modelShape[i] > 0 && modelShape[i] != shape[i]) {
        throw new IllegalArgumentException(
            "model input `"
                + input
                + "` has shape "
                + Arrays.toString(modelShape)
                + ", got a value of shape "
                + valueShape
                + " (read as "
                + Arrays.toString(shape)
                + ")");
      }
    }
    long product = 1;
    for (long d : shape) {
      product *= d;
    }
    if (product != count) {
      throw new IllegalArgumentException("model input `" + input + "`: shape and values disagree");
    }
    return shape;
  }

  /** One output tensor of a one-record batch as a scenario value. */
  static Object fromTensor(OnnxTensor t) throws OrtException {
    long[] shape = t.getInfo().getShape();
    int start = shape.length > 0 && shape[0] == 1 ? 1 : 0;
    return value(elements(t), 0, Arrays.copyOfRange(shape, start, shape.length));
  }

  /**
   * One output tensor of an {@code n}-record batch as one scenario value per record, each read as
   * {@link #fromTensor} reads a batch of one.
   *
   * @throws NotBatchable when the output's first dimension is not the batch
   */
  static List<Object> fromBatchTensor(OnnxTensor t, int n) throws OrtException {
    long[] shape = t.getInfo().getShape();
    if (shape.length == 0 || shape[0] != n) {
      throw new NotBatchable(
          "an output of shape " + Arrays.toString(shape) + " is not a batch of " + n);
    }
    Object[] flat = elements(t);
    long[] row = Arrays.copyOfRange(shape, 1, shape.length);
    int size = flat.length / n;
    List<Object> rows = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      rows.add(value(flat, r * size, row));
    }
    return rows;
  }

  private static Object value(Object[] flat, int offset, long[] shape) {
    if (Arrays.stream(shape).allMatch(d -> d == 1)) {
      return flat.length == offset ? null : flat[offset];
    }
    return nest(flat, shape, 0, new int[] {offset});
  }

  private static Object[] elements(OnnxTensor t) throws OrtException {
    TensorInfo info = t.getInfo();
    int n = (int) info.getNumElements();
    Object[] flat = new Object[n];
    switch (info.type) {
      case FLOAT -> {
        FloatBuffer b = t.getFloatBuffer();
        for (int i = 0; i < n; i++) {
          flat[i] = (double) b.get(i);
        }
      }
      case DOUBLE -> {
        DoubleBuffer b = t.getDoubleBuffer();
        for (int i = 0; i < n; i++) {
          flat[i] = b.get(i);
        }
      }
      case INT64 -> {
        LongBuffer b = t.getLongBuffer();
        for (int i = 0; i < n; i++) {
          flat[i] = b.get(i);
        }
      }
      case INT32 -> {
        IntBuffer b = t.getIntBuffer();
        for (int i = 0; i < n; i++) {
          flat[i] = (long) b.get(i);
        }
      }
      case BOOL -> {
        ByteBuffer b = t.getByteBuffer();
        for (int i = 0; i < n; i++) {
          flat[i] = b.get(i) != 0;
        }
      }
      case STRING -> {
        List<Object> strings = new ArrayList<>(n);
        flatten("output", t.getValue(), 0, strings, new ArrayList<>());
        flat = strings.toArray();
      }
      default ->
          throw new IllegalArgumentException("cannot read an output tensor of type " + info.type);
    }
    return flat;
  }

  private static List<Object> nest(Object[] flat, long[] shape, int depth, int[] pos) {
    List<Object> list = new ArrayList<>((int) shape[depth]);
    for (long i = 0; i < shape[depth]; i++) {
      list.add(depth == shape.length - 1 ? flat[pos[0]++] : nest(flat, shape, depth + 1, pos));
    }
    return list; // mutable on purpose: Flink's Kryo fallback copies collections by add()
  }
}
