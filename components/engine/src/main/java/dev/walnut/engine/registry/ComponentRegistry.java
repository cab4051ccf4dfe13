package dev.walnut.engine.registry;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.ComponentProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * All components on the classpath, found through {@link ServiceLoader} exactly as a third party's
 * would be. Ids are unique per kind (as in Nussknacker, {@code kafka} is both a source and a sink);
 * two providers registering the same kind and id is a configuration error naming both.
 */
public final class ComponentRegistry {
  private final Map<String, Component> byId;
  private final Map<String, String> providerOf;

  private ComponentRegistry(Map<String, Component> byId, Map<String, String> providerOf) {
    this.byId = Collections.unmodifiableMap(byId);
    this.providerOf = Collections.unmodifiableMap(providerOf);
  }

  /** Loads every {@link ComponentProvider} visible to this class's class loader. */
  public static ComponentRegistry load() {
    return load(ComponentRegistry.class.getClassLoader());
  }

  public static ComponentRegistry load(ClassLoader loader) {
    List<ComponentProvider> providers = new ArrayList<>();
    ServiceLoader.load(ComponentProvider.class, loader).forEach(providers::add);
    return of(providers);
  }

  /** A registry of exactly these providers. */
  public static ComponentRegistry of(Collection<ComponentProvider> providers) {
    Map<String, Component> byId = new TreeMap<>();
    Map<String, String> providerOf = new TreeMap<>();
    for (ComponentProvider p : providers) {
      for (Component c : p.components()) {
        String id = key(c.definition().kind(), c.definition().id());
        if (byId.containsKey(id)) {
          throw new IllegalStateException(
              "component `"
                  + id
                  + "` is registered twice: by provider `"
                  + providerOf.get(id)
                  + "` and by provider `"
                  + p.name()
                  + "`");
        }
        byId.put(id, c);
        providerOf.put(id, p.name());
      }
    }
    return new ComponentRegistry(byId, providerOf);
  }

  /** The component of that kind and id. */
  public Optional<Component> find(ComponentKind kind, String id) {
    return Optional.ofNullable(byId.get(key(kind, id)));
  }

  /** The kinds a component id is registered under, for messages. */
  public List<ComponentKind> kindsOf(String id) {
    return byId.values().stream()
        .filter(c -> c.definition().id().equals(id))
        .map(c -> c.definition().kind())
        .toList();
  }

  private static String key(ComponentKind kind, String id) {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }

  public Collection<Component> all() {
    return byId.values();
  }

  /** The ids of the components of one kind, sorted, for messages ("known sources: …"). */
  public List<String> idsOf(ComponentKind kind) {
    return byId.values().stream()
        .filter(c -> c.definition().kind() == kind)
        .map(c -> c.definition().id())
        .sorted()
        .toList();
  }

  public String providerOf(ComponentKind kind, String id) {
    return providerOf.get(key(kind, id));
  }
}
