package dev.walnut.engine.spel;

import java.util.Collection;

/**
 * {@code #VECTOR}: similarity of embeddings. A vector is a {@code float[]}, a {@code double[]} or a
 * list of numbers; both vectors of a pair must have the same dimension.
 */
final class VectorHelper {

  @HelperDoc("The dot product of two vectors")
  public double dot(Object a, Object b) {
    double[] x = vector(a, "the first vector");
    double[] y = vector(b, "the second vector");
    requireSameDimension(x, y);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * y[i];
    }
    return sum;
  }

  @HelperDoc("The cosine similarity of two vectors, from -1 to 1; 0 when either is all zeros")
  public double cosine(Object a, Object b) {
    double[] x = vector(a, "the first vector");
    double[] y = vector(b, "the second vector");
    requireSameDimension(x, y);
    double dot = 0;
    double nx = 0;
    double ny = 0;
    for (int i = 0; i < x.length; i++) {
      dot += x[i] * y[i];
      nx += x[i] * x[i];
      ny += y[i] * y[i];
    }
    return nx == 0 || ny == 0 ? 0 : dot / Math.sqrt(nx * ny);
  }

  @HelperDoc("The Euclidean length of a vector")
  public double norm(Object v) {
    double sum = 0;
    for (double x : vector(v, "the vector")) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  @HelperDoc("The element-wise mean of a list of vectors, e.g. a user's recent item embeddings")
  public float[] mean(Collection<?> vectors) {
    if (vectors == null || vectors.isEmpty()) {
      throw new IllegalArgumentException("the mean needs at least one vector");
    }
    double[] sum = null;
    for (Object v : vectors) {
      double[] x = vector(v, "every element of the list");
      if (sum == null) {
        sum = new double[x.length];
      }
      requireSameDimension(sum, x);
      for (int i = 0; i < x.length; i++) {
        sum[i] += x[i];
      }
    }
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / vectors.size());
    }
    return mean;
  }

  private static double[] vector(Object value, String what) {
    if (value instanceof float[] f) {
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    } else if (value instanceof double[] d) {
      return d;
    } else if (value instanceof Collection<?> list) {
      double[] d = new double[list.size()];
      int i = 0;
      for (Object e : list) {
        d[i++] = Numbers.requireNumber(e, "every element of " + what).doubleValue();
      }
      return d;
    }
    throw new IllegalArgumentException(
        what
            + " must be a float[] or a list of numbers, got "
            + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  private static void requireSameDimension(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "vectors have different dimensions: " + x.length + " and " + y.length);
    }
  }
}
