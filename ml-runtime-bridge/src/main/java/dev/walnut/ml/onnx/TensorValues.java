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

  /**
   * A record's sequence of strings for a {@code [batch, L]} string input (the reference
   * recommender's {@code item_ids}, oldest → newest): a flat list shorter than L is left-padded
   * with {@code ""} and a longer one keeps its newest (last) L items, so a caller passes a
   * shopper's history as it is. Only for a 2-D string input with a fixed L: a numeric input of the
   * wrong width stays an error, as does anything that is not a flat list (a batch given as nested
   * lists is returned unchanged). Null elements become {@code ""}, as everywhere for string
   * tensors.
   */
  static Object fitSequence(Object value, TensorInfo info) {
    long[] shape = info.getShape();
    if (info.type != OnnxJavaType.STRING || shape.length != 2 || shape[1] <= 0) {
      return value;
    }
    List<?> list;
    if (value instanceof List<?> l) {
      list = l;
    } else if (value instanceof Object[] a) {
      list = Arrays.asList(a);
    } else {
      return value;
    }
    int width = (int) shape[1];
    if (!list.isEmpty() && (list.get(0) instanceof List<?> || list.get(0) instanceof Object[])) {
      return value; // already rows: checked against the shape as given
    }
    if (list.size() == width) {
      return value;
    }
    String[] row = new String[width];
    int keep = Math.min(width, list.size());
    int pad = width - keep;
    Arrays.fill(row, 0, pad, "");
    List<?> newest = list.subList(list.size() - keep, list.size());
    for (int i = 0; i < keep; i++) {
      Object e = newest.get(i);
      row[pad + i] = e == null ? "" : e.toString();
    }
    return Arrays.asList(row);
  }

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
   * @param slot which of this thread's reusable input buffers to write into: one per input of the
   *     call, and the call's tensors must be closed before the thread builds the next ones
   * @throws NotBatchable when the records cannot be stacked (e.g. different sequence lengths)
   */
  static OnnxTensor toBatchTensor(
      OrtEnvironment env, String input, List<?> values, TensorInfo info, int slot)
      throws OrtException {
    OnnxTensor rows = stackRows(env, values, info, slot);
    return rows != null ? rows : stackValues(env, input, values, info);
  }

  /**
   * The common case without boxing or intermediate lists: a numeric input of shape {@code [batch,
   * width]} and records whose values are flat lists (or primitive arrays) of numbers of one length,
   * written straight into a direct buffer that ONNX Runtime reads in place (a heap buffer would be
   * copied into a new direct one per call). Null when anything differs; {@link #stackValues} then
   * gives the same tensor, or the error that names the problem.
   */
  private static OnnxTensor stackRows(OrtEnvironment env, List<?> values, TensorInfo info, int slot)
      throws OrtException {
    long[] modelShape = info.getShape();
    int elementBytes =
        switch (info.type) {
          case FLOAT, INT32 -> 4;
          case DOUBLE, INT64 -> 8;
          default -> 0;
        };
    int n = values.size();
    if (modelShape.length != 2 || elementBytes == 0 || n == 0) {
      return null;
    }
    int width = rowLength(values.get(0));
    if (width <= 0 || (modelShape[1] >= 0 && modelShape[1] != width)) {
      return null;
    }
    for (int r = 1; r < n; r++) {
      if (rowLength(values.get(r)) != width) {
        return null;
      }
    }
    ByteBuffer bytes = InputBuffers.get(slot, (long) n * width * elementBytes);
    long[] shape = {n, width};
    switch (info.type) {
      case INT64 -> {
        LongBuffer b = bytes.asLongBuffer();
        for (int r = 0; r < n; r++) {
          if (!putLongs(values.get(r), b, r * width)) {
            return null;
          }
        }
        return OnnxTensor.createTensor(env, b, shape);
      }
      case INT32 -> {
        IntBuffer b = bytes.asIntBuffer();
        for (int r = 0; r < n; r++) {
          if (!putInts(values.get(r), b, r * width)) {
            return null;
          }
        }
        return OnnxTensor.createTensor(env, b, shape);
      }
      case FLOAT -> {
        FloatBuffer b = bytes.asFloatBuffer();
        for (int r = 0; r < n; r++) {
          if (!putFloats(values.get(r), b, r * width)) {
            return null;
          }
        }
        return OnnxTensor.createTensor(env, b, shape);
      }
      default -> {
        DoubleBuffer b = bytes.asDoubleBuffer();
        for (int r = 0; r < n; r++) {
          if (!putDoubles(values.get(r), b, r * width)) {
            return null;
          }
        }
        return OnnxTensor.createTensor(env, b, shape);
      }
    }
  }

  /** The length of a flat row value (list or primitive array), -1 for anything else. */
  private static int rowLength(Object v) {
    if (v instanceof List<?> l) {
      return l.size();
    } else if (v instanceof long[] a) {
      return a.length;
    } else if (v instanceof float[] a) {
      return a.length;
    } else if (v instanceof double[] a) {
      return a.length;
    } else if (v instanceof int[] a) {
      return a.length;
    }
    return -1;
  }

  // The put* methods write one row; false when an element is not a number or boolean (a nested
  // list, a string, null): the general path then reports it as it reports any value.

  private static boolean putLongs(Object v, LongBuffer b, int at) {
    if (v instanceof long[] a) {
      b.put(at, a);
    } else if (v instanceof int[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, a[i]);
      }
    } else if (v instanceof float[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, (long) a[i]);
      }
    } else if (v instanceof double[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, (long) a[i]);
      }
    } else {
      int i = at;
      for (Object e : (List<?>) v) {
        if (e instanceof Long l) {
          b.put(i++, l);
        } else if (e instanceof Number num) {
          b.put(i++, num.longValue());
        } else if (e instanceof Boolean bool) {
          b.put(i++, bool ? 1 : 0);
        } else {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean putInts(Object v, IntBuffer b, int at) {
    if (v instanceof int[] a) {
      b.put(at, a);
    } else if (v instanceof long[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, (int) a[i]);
      }
    } else if (v instanceof float[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, (int) a[i]);
      }
    } else if (v instanceof double[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, (int) a[i]);
      }
    } else {
      int i = at;
      for (Object e : (List<?>) v) {
        if (e instanceof Number num) {
          b.put(i++, num.intValue());
        } else if (e instanceof Boolean bool) {
          b.put(i++, bool ? 1 : 0);
        } else {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean putFloats(Object v, FloatBuffer b, int at) {
    if (v instanceof float[] a) {
      b.put(at, a);
    } else if (v instanceof double[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, (float) a[i]);
      }
    } else if (v instanceof long[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, (float) a[i]);
      }
    } else if (v instanceof int[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, (float) a[i]);
      }
    } else {
      int i = at;
      for (Object e : (List<?>) v) {
        if (e instanceof Number num) {
          b.put(i++, num.floatValue());
        } else if (e instanceof Boolean bool) {
          b.put(i++, bool ? 1 : 0);
        } else {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean putDoubles(Object v, DoubleBuffer b, int at) {
    if (v instanceof double[] a) {
      b.put(at, a);
    } else if (v instanceof float[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, a[i]);
      }
    } else if (v instanceof long[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, (double) a[i]);
      }
    } else if (v instanceof int[] a) {
      for (int i = 0; i < a.length; i++) {
        b.put(at + i, a[i]);
      }
    } else {
      int i = at;
      for (Object e : (List<?>) v) {
        if (e instanceof Number num) {
          b.put(i++, num.doubleValue());
        } else if (e instanceof Boolean bool) {
          b.put(i++, bool ? 1 : 0);
        } else {
          return false;
        }
      }
    }
    return true;
  }

  /** Any stackable values: each record flattened, its shape checked, then all copied at once. */
  private static OnnxTensor stackValues(
      OrtEnvironment env, String input, List<?> values, TensorInfo info) throws OrtException {
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
    TensorInfo info = t.getInfo();
    long[] shape = info.getShape();
    int start = shape.length > 0 && shape[0] == 1 ? 1 : 0;
    return value(
        elements(t),
        (int) info.getNumElements(),
        0,
        Arrays.copyOfRange(shape, start, shape.length));
  }

  /**
   * One output tensor of an {@code n}-record batch as one scenario value per record, each read as
   * {@link #fromTensor} reads a batch of one.
   *
   * @throws NotBatchable when the output's first dimension is not the batch
   */
  static List<Object> fromBatchTensor(OnnxTensor t, int n) throws OrtException {
    TensorInfo info = t.getInfo();
    long[] shape = info.getShape();
    if (shape.length == 0 || shape[0] != n) {
      throw new NotBatchable(
          "an output of shape " + Arrays.toString(shape) + " is not a batch of " + n);
    }
    Elements elements = elements(t);
    int count = (int) info.getNumElements();
    long[] row = Arrays.copyOfRange(shape, 1, shape.length);
    int size = count / n;
    List<Object> rows = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      rows.add(value(elements, count, r * size, row));
    }
    return rows;
  }

  /**
   * The elements of an output tensor, read out of ONNX Runtime once as a primitive array and boxed
   * one at a time as the scenario values of the rows are built (no intermediate boxed array).
   */
  @FunctionalInterface
  private interface Elements {
    Object get(int i);
  }

  private static Object value(Elements elements, int count, int offset, long[] shape) {
    boolean scalar = true;
    for (long d : shape) {
      scalar &= d == 1;
    }
    if (scalar) {
      return count == offset ? null : elements.get(offset);
    }
    return nest(elements, shape, 0, new int[] {offset});
  }

  private static Elements elements(OnnxTensor t) throws OrtException {
    TensorInfo info = t.getInfo();
    switch (info.type) {
      case FLOAT -> {
        float[] a = floats(t.getFloatBuffer());
        return i -> (double) a[i];
      }
      case DOUBLE -> {
        DoubleBuffer b = t.getDoubleBuffer();
        return b::get;
      }
      case INT64 -> {
        long[] a = longs(t.getLongBuffer());
        return i -> a[i];
      }
      case INT32 -> {
        IntBuffer b = t.getIntBuffer();
        return i -> (long) b.get(i);
      }
      case BOOL -> {
        ByteBuffer b = t.getByteBuffer();
        return i -> b.get(i) != 0;
      }
      case STRING -> {
        List<Object> strings = new ArrayList<>((int) info.getNumElements());
        flatten("output", t.getValue(), 0, strings, new ArrayList<>());
        return strings::get;
      }
      default ->
          throw new IllegalArgumentException("cannot read an output tensor of type " + info.type);
    }
  }

  // ONNX Runtime hands outputs out as copies in heap buffers: use their arrays as they are

  private static float[] floats(FloatBuffer b) {
    if (b.hasArray() && b.arrayOffset() == 0 && b.remaining() == b.array().length) {
      return b.array();
    }
    float[] a = new float[b.remaining()];
    b.get(b.position(), a);
    return a;
  }

  private static long[] longs(LongBuffer b) {
    if (b.hasArray() && b.arrayOffset() == 0 && b.remaining() == b.array().length) {
      return b.array();
    }
    long[] a = new long[b.remaining()];
    b.get(b.position(), a);
    return a;
  }

  private static List<Object> nest(Elements elements, long[] shape, int depth, int[] pos) {
    List<Object> list = new ArrayList<>((int) shape[depth]);
    for (long i = 0; i < shape[depth]; i++) {
      list.add(
          depth == shape.length - 1
              ? elements.get(pos[0]++)
              : nest(elements, shape, depth + 1, pos));
    }
    return list; // mutable on purpose: Flink's Kryo fallback copies collections by add()
  }
}
