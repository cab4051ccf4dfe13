package dev.walnut.ml.mlflow;

import java.io.Serializable;
import java.util.List;

/**
 * One input or output of an MLflow model signature: either a tensor ({@code type: tensor}, with a
 * numpy {@code dtype} and a shape where -1 is any size) or a column ({@code type} is the column
 * type: {@code double}, {@code long}, {@code string}…, shape empty).
 *
 * @param name the input's name; null for an unnamed single tensor
 */
public record SignatureField(
    String name, boolean tensor, String dtype, List<Long> shape, boolean required)
    implements Serializable {

  public SignatureField {
    shape = shape == null ? List.of() : List.copyOf(shape);
  }
}
