package dev.walnut.shopify.sink;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A secret given by reference, never by value: {@code ${env:SHOPIFY_ADMIN_TOKEN}} (an environment
 * variable) or {@code ${sys:shopify.admin.token}} (a JVM system property). Resolved where the job
 * runs, when it starts; the value is never logged or stored.
 */
public final class SecretReference {
  /** What a reference looks like. */
  public static final String PATTERN = "\\$\\{(env|sys):([A-Za-z_][A-Za-z0-9_.\\-]*)\\}";

  private static final Pattern REFERENCE = Pattern.compile(PATTERN);

  private SecretReference() {}

  /** Resolves against the process environment and system properties. */
  public static String resolve(String reference) {
    return resolve(reference, System.getenv(), System::getProperty);
  }

  static String resolve(String reference, Map<String, String> env, Function<String, String> sys) {
    Matcher m = REFERENCE.matcher(reference == null ? "" : reference.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "give the access token as a reference like ${env:SHOPIFY_ADMIN_TOKEN}, not as its value");
    }
    String name = m.group(2);
    String value = m.group(1).equals("env") ? env.get(name) : sys.apply(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          (m.group(1).equals("env") ? "environment variable " : "system property ")
              + name
              + " is not set where the job runs: set it to the shop's Admin API access token");
    }
    return value;
  }
}
