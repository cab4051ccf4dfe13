package dev.walnut.engine.spel;

import dev.walnut.api.DataType;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * One method of a helper such as {@code #DATE}, as the designer shows it for autocompletion.
 *
 * @param name the method name, e.g. {@code minutes}
 * @param parameterTypes the parameter types as shown to users, e.g. {@code [Long]}
 * @param returnType the static type of the result
 * @param docs one line of documentation
 */
@Internal
public record HelperMethod(
    String name, List<String> parameterTypes, DataType returnType, String docs) {
  public HelperMethod {
    Objects.requireNonNull(name, "name");
    parameterTypes = List.copyOf(parameterTypes);
    Objects.requireNonNull(returnType, "returnType");
    Objects.requireNonNull(docs, "docs");
  }
}
