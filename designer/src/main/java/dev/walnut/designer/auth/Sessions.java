package dev.walnut.designer.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login tokens: random, opaque, held only in memory (a restart logs everyone out) and valid for a
 * fixed time after login.
 */
public final class Sessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Session(String user, Instant expires) {}

  private final Map<String, Session> byToken = new ConcurrentHashMap<>();
  private final Duration lifetime;
  private final Clock clock;

  public Sessions(Duration lifetime, Clock clock) {
    this.lifetime = lifetime;
    this.clock = clock;
  }

  public String open(String user) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    byToken.put(token, new Session(user, clock.instant().plus(lifetime)));
    return token;
  }

  public Optional<String> userOf(String token) {
    Session s = byToken.get(token);
    if (s == null) {
      return Optional.empty();
    }
    if (clock.instant().isAfter(s.expires())) {
      byToken.remove(token);
      return Optional.empty();
    }
    return Optional.of(s.user());
  }

  public void close(String token) {
    byToken.remove(token);
  }
}
