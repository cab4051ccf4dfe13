package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.List;

/**
 * The entry point of a component library, found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/dev.walnut.api.ComponentProvider}. Walnut's own
 * components are registered exactly this way.
 */
@PublicEvolving
public interface ComponentProvider {

  /** A name for messages about this provider, e.g. {@code walnut-base}. */
  String name();

  List<Component> components();
}
