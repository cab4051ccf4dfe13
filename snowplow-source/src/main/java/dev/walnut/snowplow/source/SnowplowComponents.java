package dev.walnut.snowplow.source;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentProvider;
import java.util.List;

/** Registers the {@code snowplow} source (see {@code META-INF/services}). */
public final class SnowplowComponents implements ComponentProvider {
  @Override
  public String name() {
    return "walnut-snowplow";
  }

  @Override
  public List<Component> components() {
    return List.of(new SnowplowSourceComponent());
  }
}
