package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A secret given by reference, never by value — the one form every Walnut component, the designer
 * and the docs accept:
 *
 * <ul>
 *   <li>{@code ${env:SHOPIFY_ADMIN_TOKEN}}: an environment variable;
 *   <li>{@code ${sys:shopify.admin.token}}: a JVM system property;
 *   <li>{@code ${file:/run/secrets/shopify-token}}: the contents of a file (trailing whitespace
 *       cut), as Docker and Kubernetes mount secrets.
 * </ul>
 *
 * <p>A reference is resolved where the job runs (a Task Manager), when the component opens; the
 * designer stores only the reference, and {@link #toString()} never shows the value. Parameters
 * holding a secret use {@link Editor#SECRET}, which implies the {@link #PATTERN} validator.
 *
 * <p>Which secrets a reference may name is the configuration of the process that validates or
 * resolves it, never the scenario's: otherwise whoever edits a scenario could send any variable of
 * the designer's or the Task Manager's environment (the designer's own password included) to a host
 * of their choosing. The allow-list is the system property {@value #ALLOWED_PROPERTY}, else the
 * environment variable {@value #ALLOWED_ENV}, else {@link #DEFAULT_ALLOWED}: comma-separated
 * entries, each an exact name or a prefix ending in {@code *}; entries starting with {@code /} are
 * for {@code ${file:…}} paths, the others for {@code ${env:…}} and {@code ${sys:…}} names. Names
 * starting with {@code WALNUT_DESIGNER_} or {@code walnut.designer.} are refused whatever the list
 * says.
 */
@PublicEvolving
public final class SecretReference implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a reference looks like (the whole text, without SpEL quotes). */
  public static final String PATTERN =
      "\\$\\{(?:(env|sys):([A-Za-z_][A-Za-z0-9_.\\-]*)|(file):(/[A-Za-z0-9_./\\-]+))\\}";

  /** How the forms read in an error message. */
  public static final String FORMS = "${env:NAME}, ${sys:name} or ${file:/path}";

  private static final Pattern REFERENCE = Pattern.compile(PATTERN);

  /** The system property holding the allow-list (it wins over the environment variable). */
  public static final String ALLOWED_PROPERTY = "walnut.secrets.allowed";

  /** The environment variable holding the allow-list. */
  public static final String ALLOWED_ENV = "WALNUT_SECRETS_ALLOWED";

  /**
   * The allow-list when none is configured: variables and properties meant as Walnut or Shopify
   * secrets, and files mounted under {@code /run/secrets/} (Docker and Kubernetes secrets).
   */
  public static final List<String> DEFAULT_ALLOWED =
      List.of("WALNUT_SECRET_*", "SHOPIFY_*", "walnut.secret.*", "shopify.*", "/run/secrets/*");

  /** Never allowed: the designer's own credentials ({@code WALNUT_DESIGNER_PASSWORD}, ...). */
  private static final List<String> NEVER = List.of("WALNUT_DESIGNER_", "walnut.designer.");

  /** Where a reference's value comes from. */
  public enum Source {
    ENV,
    SYS,
    FILE
  }

  /** Looks values up; {@link #SYSTEM} is the process's own environment, properties and files. */
  public interface Lookup {
    /** The process's environment, system properties and file system. */
    Lookup SYSTEM =
        new Lookup() {
          @Override
          public String env(String name) {
            return System.getenv(name);
          }

          @Override
          public String sys(String name) {
            return System.getProperty(name);
          }

          @Override
          public String file(Path path) throws IOException {
            return Files.readString(path, StandardCharsets.UTF_8);
          }
        };

    String env(String name);

    String sys(String name);

    String file(Path path) throws IOException;
  }

  private final Source source;
  private final String name;

  private SecretReference(Source source, String name) {
    this.source = source;
    this.name = name;
  }

  /** Whether {@code text} is a reference (surrounding whitespace allowed). */
  public static boolean isReference(String text) {
    return text != null && REFERENCE.matcher(text.trim()).matches();
  }

  /**
   * Parses a reference.
   *
   * @param what what the secret is, for the error message (e.g. "the access token")
   * @throws IllegalArgumentException naming the accepted forms (never echoing the text, which may
   *     be the secret itself)
   */
  public static SecretReference parse(String text, String what) {
    Matcher m = REFERENCE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "give "
              + what
              + " as a reference like ${env:SHOPIFY_ADMIN_TOKEN} ("
              + FORMS
              + "), not as its value");
    }
    return m.group(1) != null
        ? new SecretReference(Source.valueOf(m.group(1).toUpperCase(Locale.ROOT)), m.group(2))
        : new SecretReference(Source.FILE, m.group(4));
  }

  public Source source() {
    return source;
  }

  /** The variable's or property's name, or the file's path. */
  public String name() {
    return name;
  }

  /** The allow-list in force for this process (see the class comment). */
  public static List<String> allowList(Lookup lookup) {
    String configured = lookup.sys(ALLOWED_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = lookup.env(ALLOWED_ENV);
    }
    if (configured == null || configured.isBlank()) {
      return DEFAULT_ALLOWED;
    }
    return Arrays.stream(configured.split(","))
        .map(String::trim)
        .filter(e -> !e.isEmpty())
        .toList();
  }

  /** Why this process may not use the secret, or empty when it may. */
  public java.util.Optional<String> refusal() {
    return refusal(Lookup.SYSTEM);
  }

  /**
   * Why the process {@code lookup} describes may not use the secret, or empty when it may. The
   * message names the reference (never a value) and how to allow it.
   */
  public java.util.Optional<String> refusal(Lookup lookup) {
    List<String> allowed = allowList(lookup);
    boolean ok;
    if (source == Source.FILE) {
      // `..` would leave an allowed directory
      ok =
          Path.of(name).normalize().toString().equals(name)
              && allowed.stream().filter(e -> e.startsWith("/")).anyMatch(e -> matches(e, name));
    } else {
      ok =
          NEVER.stream().noneMatch(name::startsWith)
              && allowed.stream().filter(e -> !e.startsWith("/")).anyMatch(e -> matches(e, name));
    }
    if (ok) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "the secret "
            + this
            + " is not allowed here; allowed: "
            + String.join(", ", allowed)
            + " (the operator sets the list with -D"
            + ALLOWED_PROPERTY
            + " or "
            + ALLOWED_ENV
            + "; WALNUT_DESIGNER_* is never allowed)");
  }

  private static boolean matches(String entry, String name) {
    return entry.endsWith("*")
        ? name.startsWith(entry.substring(0, entry.length() - 1))
        : name.equals(entry);
  }

  /** The value, from this process's environment, system properties or files. */
  public String resolve() {
    return resolve(Lookup.SYSTEM);
  }

  /**
   * The value.
   *
   * @throws IllegalStateException saying which variable, property or file is missing or empty, or
   *     that the allow-list of {@code lookup}'s process does not allow it
   */
  public String resolve(Lookup lookup) {
    refusal(lookup)
        .ifPresent(
            reason -> {
              throw new IllegalStateException(reason);
            });
    String value;
    String what;
    switch (source) {
      case ENV -> {
        value = lookup.env(name);
        what = "environment variable " + name + " is not set";
      }
      case SYS -> {
        value = lookup.sys(name);
        what = "system property " + name + " is not set";
      }
      default -> {
        try {
          value = lookup.file(Path.of(name));
        } catch (IOException e) {
          throw new IllegalStateException(
              "file " + name + " cannot be read where the job runs: " + e, e);
        }
        value = value == null ? null : value.stripTrailing();
        what = "file " + name + " is empty";
      }
    }
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(what + " where the job runs");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretReference r && r.source == source && r.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, name);
  }

  /** The reference itself, e.g. {@code ${env:SHOPIFY_ADMIN_TOKEN}}; never the value. */
  @Override
  public String toString() {
    return "${" + source.name().toLowerCase(Locale.ROOT) + ":" + name + "}";
  }
}
