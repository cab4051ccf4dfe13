package dev.walnut.engine.spel;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The allowlist of what an expression may call or read. Expressions come from analysts through a
 * web UI, so everything not listed here is refused: both by {@link SandboxChecker} when the
 * expression is compiled and by the method resolver and property accessors when it runs (values
 * only known at run time, such as the contents of {@code #input}, can be of any type).
 */
final class SandboxPolicy {

  /** What a receiver of a method call or property read is allowed to do. */
  enum ReceiverKind {
    /** Immutable values: every public instance method that passes the generic checks. */
    VALUE,
    /** Lists, sets, maps and map entries: only the read-only methods. */
    COLLECTION,
    /** Walnut's helpers: the public methods they declare. */
    HELPER,
    /** Everything else. */
    FORBIDDEN
  }

  private static final Set<Class<?>> VALUE_TYPES =
      Set.of(
          String.class,
          Boolean.class,
          Character.class,
          Integer.class,
          Long.class,
          Double.class,
          Float.class,
          Short.class,
          Byte.class,
          BigDecimal.class,
          BigInteger.class);

  private static final Set<String> READ_ONLY_COLLECTION_METHODS =
      Set.of(
          "size",
          "isEmpty",
          "contains",
          "containsAll",
          "get",
          "getOrDefault",
          "containsKey",
          "containsValue",
          "keySet",
          "values",
          "entrySet",
          "indexOf",
          "lastIndexOf",
          "subList",
          "getKey",
          "getValue",
          "equals",
          "hashCode",
          "toString");

  private static final String REFLECTION = "it reaches java.lang.Class and reflection";
  private static final String MONITOR = "Object monitor methods could block the job";
  private static final String SYSTEM = "it reaches the operating system";
  private static final String MEMORY =
      "it can exhaust the job's memory; use #STRING.padLeft or #STRING.padRight";
  static final String READ_ONLY =
      "lists and maps are read-only in expressions because values are shared between records;"
          + " use #COLLECTION helpers, which return new collections";

  /** Names refused on every receiver, with the reason shown to the user. */
  private static final Map<String, String> FORBIDDEN_METHODS = forbiddenMethods();

  private final Set<Class<?>> helperTypes;

  SandboxPolicy(Set<Class<?>> helperTypes) {
    this.helperTypes = Set.copyOf(helperTypes);
  }

  private static Map<String, String> forbiddenMethods() {
    Map<String, String> m = new HashMap<>();
    for (String name :
        List.of(
            "getClass",
            "getDeclaringClass",
            "forName",
            "getClassLoader",
            "loadClass",
            "getMethod",
            "getMethods",
            "getDeclaredMethod",
            "getDeclaredMethods",
            "getField",
            "getFields",
            "getDeclaredField",
            "getDeclaredFields",
            "getConstructor",
            "getConstructors",
            "getDeclaredConstructor",
            "newInstance",
            "invoke",
            "getModule")) {
      m.put(name, REFLECTION);
    }
    for (String name : List.of("repeat", "indent")) {
      m.put(name, MEMORY);
    }
    for (String name : List.of("wait", "notify", "notifyAll")) {
      m.put(name, MONITOR);
    }
    for (String name :
        List.of("exec", "exit", "halt", "getRuntime", "getenv", "setProperty", "loadLibrary")) {
      m.put(name, SYSTEM);
    }
    for (String name :
        List.of(
            "add",
            "addAll",
            "put",
            "putAll",
            "remove",
            "removeIf",
            "removeAll",
            "retainAll",
            "clear",
            "set",
            "sort",
            "putIfAbsent",
            "compute",
            "computeIfAbsent",
            "computeIfPresent",
            "merge",
            "addFirst",
            "addLast",
            "removeFirst",
            "removeLast",
            "setValue")) {
      m.put(name, READ_ONLY);
    }
    return Map.copyOf(m);
  }

  /** Why a method of this name is never allowed, or null when the name itself is fine. */
  static String forbiddenMethodReason(String name) {
    return FORBIDDEN_METHODS.get(name);
  }

  /**
   * Why reading this property is never allowed, or null. Only names whose getters reach
   * java.lang.Class are refused by name: other getters that are forbidden exist only on types that
   * cannot be reached, and map keys such as {@code fields} must stay readable.
   */
  static String forbiddenPropertyReason(String name) {
    return switch (name) {
      case "class", "declaringClass", "classLoader" -> REFLECTION;
      default -> null;
    };
  }

  ReceiverKind kindOf(Class<?> type) {
    if (helperTypes.contains(type)) {
      return ReceiverKind.HELPER;
    }
    if (VALUE_TYPES.contains(type)) {
      return ReceiverKind.VALUE;
    }
    if (!type.isArray() && "java.time".equals(type.getPackageName())) {
      return ReceiverKind.VALUE;
    }
    if (Collection.class.isAssignableFrom(type)
        || Map.class.isAssignableFrom(type)
        || Map.Entry.class.isAssignableFrom(type)) {
      return ReceiverKind.COLLECTION;
    }
    return ReceiverKind.FORBIDDEN;
  }

  boolean isAllowedReceiver(Class<?> type) {
    return kindOf(type) != ReceiverKind.FORBIDDEN;
  }

  /** Whether {@code method} may be called on a receiver of class {@code receiver}. */
  boolean isAllowedMethod(Class<?> receiver, Method method) {
    if (Modifier.isStatic(method.getModifiers()) || !Modifier.isPublic(method.getModifiers())) {
      return false;
    }
    String name = method.getName();
    if (FORBIDDEN_METHODS.containsKey(name)) {
      return false;
    }
    if (method.getDeclaringClass() == Object.class) {
      return name.equals("equals") || name.equals("hashCode") || name.equals("toString");
    }
    if (isDangerous(method.getReturnType())) {
      return false;
    }
    for (Class<?> parameter : method.getParameterTypes()) {
      if (isDangerous(parameter)) {
        return false;
      }
    }
    return switch (kindOf(receiver)) {
      case HELPER -> method.getDeclaringClass() == receiver;
      case COLLECTION -> READ_ONLY_COLLECTION_METHODS.contains(name);
      case VALUE -> true;
      case FORBIDDEN -> false;
    };
  }

  /** Why calling {@code name} on a {@code receiver} is refused at run time. */
  String refusal(Class<?> receiver, String name) {
    String reason = FORBIDDEN_METHODS.get(name);
    if (reason != null) {
      return "method `" + name + "()` is not allowed in expressions: " + reason;
    }
    return switch (kindOf(receiver)) {
      case COLLECTION ->
          "method `" + name + "()` is not allowed on " + receiver.getName() + ": " + READ_ONLY;
      case FORBIDDEN -> refusedReceiver(receiver, "calling `" + name + "()`");
      default -> "method `" + name + "()` is not allowed on " + receiver.getName();
    };
  }

  static String refusedReceiver(Class<?> receiver, String what) {
    return what
        + " on "
        + receiver.getName()
        + " is not allowed in expressions: only strings, numbers, booleans, java.time values,"
        + " lists, maps and Walnut helpers can be used";
  }

  /**
   * Types no allowed method may take or return, so that nothing reachable from an allowed value
   * leads to class loading, reflection, threads, processes or I/O.
   */
  static boolean isDangerous(Class<?> type) {
    Class<?> t = type;
    while (t.isArray()) {
      t = t.getComponentType();
    }
    if (t == Class.class
        || ClassLoader.class.isAssignableFrom(t)
        || Thread.class.isAssignableFrom(t)
        || t == ThreadGroup.class
        || t == Runtime.class
        || t == System.class
        || t == Process.class
        || t == ProcessBuilder.class
        || t == Module.class
        || t == ModuleLayer.class
        || t == StackWalker.class) {
      return true;
    }
    String pkg = t.getPackageName();
    return pkg.startsWith("java.lang.reflect")
        || pkg.startsWith("java.lang.invoke")
        || pkg.startsWith("java.io")
        || pkg.startsWith("java.nio")
        || pkg.startsWith("java.net")
        || pkg.startsWith("java.security")
        || pkg.startsWith("javax.")
        || pkg.startsWith("sun.")
        || pkg.startsWith("jdk.");
  }
}
