package dev.walnut.components.table;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentProvider;
import java.util.List;

/** The table components, registered through {@code META-INF/services}. */
public final class TableComponents implements ComponentProvider {
  @Override
  public String name() {
    return "walnut-table";
  }

  @Override
  public List<Component> components() {
    return List.of(new TableSinkComponent());
  }
}
