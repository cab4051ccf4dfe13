package dev.walnut.ml.component;

import dev.walnut.api.DataType;
import dev.walnut.ml.mlflow.SignatureField;
import java.util.List;
import java.util.Locale;

/** Scenario types of MLflow signature fields, matching what the ONNX runtime returns per record. */
final class SignatureTypes {
  private SignatureTypes() {}

  static DataType of(SignatureField f) {
    DataType element = scalar(f.dtype());
    if (!f.tensor()) {
      return element;
    }
    List<Long> shape = f.shape();
    // the first dimension is the batch (one record per call); dimensions of 1 disappear
    List<Long> rest = shape.isEmpty() ? shape : shape.subList(1, shape.size());
    if (rest.stream().allMatch(d -> d == 1)) {
      return element;
    }
    DataType t = element;
    for (int i = 0; i < rest.size(); i++) {
      t = DataType.listOf(t);
    }
    return t;
  }

  static DataType scalar(String dtype) {
    String d = dtype == null ? "" : dtype.toLowerCase(Locale.ROOT);
    if (d.startsWith("float") || d.equals("double")) {
      return DataType.DOUBLE;
    } else if (d.startsWith("int") || d.startsWith("uint") || d.equals("long")) {
      return DataType.LONG;
    } else if (d.startsWith("bool")) {
      return DataType.BOOLEAN;
    } else if (d.equals("string") || d.equals("str") || d.equals("object")) {
      return DataType.STRING;
    }
    return DataType.UNKNOWN;
  }
}
