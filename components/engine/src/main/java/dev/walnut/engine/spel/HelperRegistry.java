package dev.walnut.engine.spel;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The helpers every expression sees ({@code #DATE}, {@code #COLLECTION}, ...): immutable singletons
 * whose documented public methods are all an expression can call on them.
 */
final class HelperRegistry {

  /** One helper: its instance and its callable methods by name. */
  record Helper(String name, Object instance, Map<String, List<Method>> methods) {
    String variable() {
      return "#" + name;
    }
  }

  private final Map<String, Helper> helpers;
  private final Map<String, Object> instances;

  private HelperRegistry(Map<String, Object> instancesByName) {
    Map<String, Helper> byName = new LinkedHashMap<>();
    instancesByName.forEach((name, instance) -> byName.put(name, describe(name, instance)));
    this.helpers = Collections.unmodifiableMap(byName);
    this.instances = new HashMap<>(instancesByName);
  }

  static HelperRegistry standard(Clock clock) {
    Map<String, Object> instances = new LinkedHashMap<>();
    instances.put("DATE", new DateHelper(clock));
    instances.put("COLLECTION", new CollectionHelper());
    instances.put("STRING", new StringHelper());
    instances.put("MATH", new MathHelper());
    instances.put("UTIL", new UtilHelper());
    instances.put("VECTOR", new VectorHelper());
    instances.put("RANDOM", new RandomHelper());
    instances.put("DATE_FORMAT", new DateFormatHelper());
    instances.put("CONV", new ConversionHelper());
    return new HelperRegistry(instances);
  }

  private static Helper describe(String name, Object instance) {
    Map<String, List<Method>> methods = new LinkedHashMap<>();
    Arrays.stream(instance.getClass().getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> !m.isSynthetic())
        .sorted(Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount))
        .forEach(
            m -> {
              if (m.getAnnotation(HelperDoc.class) == null) {
                throw new IllegalStateException(
                    "helper method #" + name + "." + m.getName() + " has no @HelperDoc");
              }
              methods.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
            });
    methods.replaceAll((k, v) -> List.copyOf(v));
    return new Helper(name, instance, Collections.unmodifiableMap(methods));
  }

  /** The helper instance for a variable name, or null when the name is not a helper's. */
  Object instance(String name) {
    return instances.get(name);
  }

  Helper helper(String name) {
    return helpers.get(name);
  }

  Set<String> names() {
    return helpers.keySet();
  }

  Set<Class<?>> types() {
    Set<Class<?>> types = new LinkedHashSet<>();
    helpers.values().forEach(h -> types.add(h.instance().getClass()));
    return types;
  }

  /** Every helper's methods as the designer shows them. */
  Map<String, List<HelperMethod>> descriptions() {
    Map<String, List<HelperMethod>> all = new LinkedHashMap<>();
    helpers.forEach(
        (name, helper) -> {
          List<HelperMethod> described = new ArrayList<>();
          helper.methods().values().stream()
              .flatMap(List::stream)
              .forEach(m -> described.add(describe(m)));
          all.put(name, List.copyOf(described));
        });
    return Collections.unmodifiableMap(all);
  }

  private static HelperMethod describe(Method method) {
    HelperDoc doc = method.getAnnotation(HelperDoc.class);
    List<String> parameters =
        Arrays.stream(method.getParameterTypes()).map(JavaTypes::display).toList();
    return new HelperMethod(
        method.getName(), parameters, JavaTypes.dataTypeOf(method.getReturnType()), doc.value());
  }
}
