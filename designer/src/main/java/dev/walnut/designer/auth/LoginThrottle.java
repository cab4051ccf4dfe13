package dev.walnut.designer.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins, per user name and per client address, within a sliding window: past the
 * limit, logins from that address or for that user are refused without checking the password until
 * the oldest failure in the window has aged out. A success clears the user's and the address's
 * failures.
 */
public final class LoginThrottle {
  /** Failures per user name within the window (guessing one user's password). */
  public static final int DEFAULT_PER_USER = 5;

  /** Failures per client address within the window (trying many users from one place). */
  public static final int DEFAULT_PER_ADDRESS = 20;

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  /** Addresses and names kept at most; beyond, the oldest entries are dropped first. */
  private static final int MAX_KEYS = 100_000;

  private final int perUser;
  private final int perAddress;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(int perUser, int perAddress, Duration window, Clock clock) {
    if (perUser < 1 || perAddress < 1) {
      throw new IllegalArgumentException("login limits must be at least 1");
    }
    this.perUser = perUser;
    this.perAddress = perAddress;
    this.window = Objects.requireNonNull(window, "window");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static LoginThrottle defaults() {
    return new LoginThrottle(
        DEFAULT_PER_USER, DEFAULT_PER_ADDRESS, DEFAULT_WINDOW, Clock.systemUTC());
  }

  /**
   * How long the caller must wait before a login of {@code user} from {@code address}; empty: now.
   */
  public Optional<Duration> waitBefore(String user, String address) {
    Instant now = clock.instant();
    Duration wait = Duration.ZERO;
    wait = max(wait, waitFor(userKey(user), perUser, now));
    wait = max(wait, waitFor(addressKey(address), perAddress, now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  public void failed(String user, String address) {
    Instant now = clock.instant();
    if (failures.size() >= MAX_KEYS) {
      failures.entrySet().removeIf(e -> expired(e.getValue(), now));
    }
    record(userKey(user), now);
    record(addressKey(address), now);
  }

  public void succeeded(String user, String address) {
    failures.remove(userKey(user));
    failures.remove(addressKey(address));
  }

  private Duration waitFor(String key, int limit, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    synchronized (times) {
      prune(times, now);
      if (times.size() < limit) {
        return Duration.ZERO;
      }
      // the (size - limit + 1)-th oldest failure has to leave the window
      Instant[] ordered = times.toArray(new Instant[0]);
      Instant frees = ordered[times.size() - limit].plus(window);
      return Duration.between(now, frees);
    }
  }

  private void record(String key, Instant now) {
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      prune(times, now);
      times.addLast(now);
      // never more than the largest limit matters
      while (times.size() > Math.max(perUser, perAddress)) {
        times.removeFirst();
      }
    }
  }

  private void prune(Deque<Instant> times, Instant now) {
    Instant oldest = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
      times.removeFirst();
    }
  }

  private boolean expired(Deque<Instant> times, Instant now) {
    synchronized (times) {
      prune(times, now);
      return times.isEmpty();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String userKey(String user) {
    return "user:" + user;
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }
}
