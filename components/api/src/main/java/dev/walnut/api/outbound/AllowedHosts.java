package dev.walnut.api.outbound;

import dev.walnut.api.annotation.PublicEvolving;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Hosts a kind of outbound call may reach, as the operator configured them for this process: a
 * system property, else an environment variable (comma-separated host names; {@code *.example.com}
 * for a domain's subdomains), else defaults. A host the operator's own environment already names
 * (for MLflow: {@code MLFLOW_TRACKING_URI}) is always allowed.
 */
@PublicEvolving
public final class AllowedHosts {
  /**
   * MLflow tracking servers ({@code mlflow.tracking.uri}): by default the loopback addresses and
   * the host of {@code MLFLOW_TRACKING_URI}; {@code -Dwalnut.mlflow.hosts.allowed} or {@code
   * WALNUT_MLFLOW_HOSTS_ALLOWED} replace the loopback defaults.
   */
  public static final AllowedHosts MLFLOW =
      new AllowedHosts(
          "MLflow tracking URI",
          "walnut.mlflow.hosts.allowed",
          "WALNUT_MLFLOW_HOSTS_ALLOWED",
          List.of("127.0.0.1", "localhost", "::1"),
          "MLFLOW_TRACKING_URI");

  private final String what;
  private final String property;
  private final String env;
  private final List<String> defaults;
  private final String operatorUriEnv;

  private AllowedHosts(
      String what, String property, String env, List<String> defaults, String operatorUriEnv) {
    this.what = what;
    this.property = property;
    this.env = env;
    this.defaults = defaults;
    this.operatorUriEnv = operatorUriEnv;
  }

  /** The system property naming the allowed hosts. */
  public String property() {
    return property;
  }

  /** The environment variable naming the allowed hosts. */
  public String env() {
    return env;
  }

  /** The hosts allowed in this process, in the configured order. */
  public Set<String> allowed() {
    String configured = System.getProperty(property);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(env);
    }
    Set<String> hosts = new LinkedHashSet<>();
    if (configured == null || configured.isBlank()) {
      hosts.addAll(defaults);
    } else {
      Arrays.stream(configured.split(","))
          .map(h -> h.trim().toLowerCase(Locale.ROOT))
          .filter(h -> !h.isEmpty())
          .forEach(hosts::add);
    }
    String operatorUri = System.getenv(operatorUriEnv);
    if (operatorUri != null && !operatorUri.isBlank()) {
      try {
        String host = URI.create(operatorUri.trim()).getHost();
        if (host != null) {
          hosts.add(host.toLowerCase(Locale.ROOT));
        }
      } catch (IllegalArgumentException ignored) {
        // the operator's own setting is reported where it is used
      }
    }
    return hosts;
  }

  /**
   * Why {@code uri} may not be called, or empty when it may: it must be an absolute {@code http} or
   * {@code https} URI whose host is allowed.
   */
  public Optional<String> refusal(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri.trim());
    } catch (java.net.URISyntaxException e) {
      return Optional.of("the " + what + " `" + uri + "` is not a URI: " + e.getReason());
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || parsed.getHost() == null) {
      return Optional.of(
          "the " + what + " `" + uri + "` must be an http:// or https:// URL with a host");
    }
    if (parsed.getUserInfo() != null) {
      return Optional.of("the " + what + " must not carry credentials in the URL");
    }
    String host = parsed.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    Set<String> allowed = allowed();
    for (String entry : allowed) {
      if (entry.equals(host) || entry.startsWith("*.") && host.endsWith(entry.substring(1))) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "the "
            + what
            + " host `"
            + host
            + "` is not allowed; allowed: "
            + String.join(", ", allowed)
            + " (the operator sets them with -D"
            + property
            + " or "
            + env
            + ")");
  }
}
