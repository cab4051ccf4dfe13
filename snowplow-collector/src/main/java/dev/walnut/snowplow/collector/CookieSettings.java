package dev.walnut.snowplow.collector;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The network user id cookie. {@link #snowplowDefaults()} is what the Scala collector does ({@code
 * sp}, one year, {@code SameSite=None; Secure; HttpOnly}); {@link #localDevelopment()} drops {@code
 * Secure} and uses {@code SameSite=Lax}, so a browser keeps it on {@code http://127.0.0.1}.
 *
 * @param enabled whether to set the cookie at all
 * @param name the cookie name
 * @param domains cookie domains; the first one that the request's {@code Host} ends with is used,
 *     none when empty or none matches
 * @param path the cookie path
 * @param expiry how long the cookie lives
 * @param secure the {@code Secure} attribute
 * @param httpOnly the {@code HttpOnly} attribute
 * @param sameSite {@code None}, {@code Lax} or {@code Strict}
 */
public record CookieSettings(
    boolean enabled,
    String name,
    List<String> domains,
    String path,
    Duration expiry,
    boolean secure,
    boolean httpOnly,
    String sameSite) {

  public CookieSettings {
    Objects.requireNonNull(name, "name");
    domains = List.copyOf(domains);
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(expiry, "expiry");
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("cookie name must be a plain token, got `" + name + "`");
    }
    if (!List.of("None", "Lax", "Strict").contains(sameSite)) {
      throw new IllegalArgumentException(
          "cookie SameSite must be None, Lax or Strict, got `" + sameSite + "`");
    }
    if ("None".equals(sameSite) && !secure) {
      throw new IllegalArgumentException(
          "cookie SameSite=None requires Secure (browsers drop it otherwise); use SameSite=Lax"
              + " for local development over http");
    }
  }

  public static CookieSettings snowplowDefaults() {
    return new CookieSettings(true, "sp", List.of(), "/", Duration.ofDays(365), true, true, "None");
  }

  /** For trackers on {@code http://localhost} pages: no {@code Secure}, {@code SameSite=Lax}. */
  public static CookieSettings localDevelopment() {
    return new CookieSettings(true, "sp", List.of(), "/", Duration.ofDays(365), false, true, "Lax");
  }

  /**
   * What follows {@code name=value} in the {@code Set-Cookie} header: {@code ; Expires=...;
   * Max-Age=...; Path=/...}, with {@code domain} from {@link #domainFor}.
   */
  String attributes(String domain, String expires) {
    StringBuilder sb = new StringBuilder(120);
    sb.append("; Expires=").append(expires);
    sb.append("; Max-Age=").append(expiry.toSeconds());
    sb.append("; Path=").append(path);
    if (domain != null) {
      sb.append("; Domain=").append(domain);
    }
    if (secure) {
      sb.append("; Secure");
    }
    if (httpOnly) {
      sb.append("; HttpOnly");
    }
    sb.append("; SameSite=").append(sameSite);
    return sb.toString();
  }

  /** The configured cookie domain that {@code host} belongs to, or null. */
  String domainFor(String host) {
    if (host == null) {
      return null;
    }
    String bare = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
    for (String d : domains) {
      String plain = d.startsWith(".") ? d.substring(1) : d;
      if (bare.equals(plain) || bare.endsWith("." + plain)) {
        return d;
      }
    }
    return null;
  }
}
