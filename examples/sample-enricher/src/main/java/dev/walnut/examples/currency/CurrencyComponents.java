package dev.walnut.examples.currency;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentProvider;
import java.util.List;

/**
 * The entry point Walnut finds with {@link java.util.ServiceLoader}: its class name is the one line
 * of {@code META-INF/services/dev.walnut.api.ComponentProvider}. Walnut's own components are
 * registered exactly this way.
 */
public final class CurrencyComponents implements ComponentProvider {
  @Override
  public String name() {
    return "walnut-sample-enricher";
  }

  @Override
  public List<Component> components() {
    return List.of(new CurrencyConvertComponent());
  }
}
