package dev.walnut.ml;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentProvider;
import dev.walnut.ml.component.MlflowInferenceComponent;
import dev.walnut.ml.component.OnnxEmbedComponent;
import java.util.List;

/** The ML runtime bridge's components, registered through {@code META-INF/services}. */
public final class MlComponents implements ComponentProvider {
  @Override
  public String name() {
    return "walnut-ml";
  }

  @Override
  public List<Component> components() {
    return List.of(new MlflowInferenceComponent(), new OnnxEmbedComponent());
  }
}
