package dev.walnut.api.types;

import dev.walnut.api.Variables;
import dev.walnut.api.annotation.Internal;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink's type extractor to use {@link VariablesTypeInfo} for {@link Variables}. */
@Internal
public final class VariablesTypeInfoFactory extends TypeInfoFactory<Variables> {
  @Override
  public TypeInformation<Variables> createTypeInfo(
      Type t, Map<String, TypeInformation<?>> genericParameters) {
    return VariablesTypeInfo.INSTANCE;
  }
}
