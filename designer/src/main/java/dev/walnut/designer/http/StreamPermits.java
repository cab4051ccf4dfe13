package dev.walnut.designer.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Bounds long-lived streaming answers (the live tail): at most {@code perSession} at once per login
 * token and {@code total} at once on the server; beyond, a 429 that says which bound was hit. Each
 * open stream holds a worker thread, so without the bound a few clients could take them all.
 */
public final class StreamPermits {
  /** Streams one login may hold open at once (a few browser tabs). */
  public static final int DEFAULT_PER_SESSION = 4;

  /** Streams the server holds open at once. */
  public static final int DEFAULT_TOTAL = 32;

  /** Retry-After of a refused stream: long enough for a tab to close. */
  private static final long RETRY_AFTER_SECONDS = 5;

  private final int perSession;
  private final int total;
  private final Map<String, Integer> open = new HashMap<>();
  private int openTotal;

  public StreamPermits(int perSession, int total) {
    if (perSession < 1 || total < 1) {
      throw new IllegalArgumentException("stream limits must be at least 1");
    }
    this.perSession = perSession;
    this.total = total;
  }

  /** One open stream; closing it gives the permit back. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A permit for one more stream of {@code session}.
   *
   * @throws ApiException 429 with Retry-After when a bound is reached
   */
  public synchronized Permit acquire(String session) {
    int mine = open.getOrDefault(session, 0);
    if (mine >= perSession) {
      throw ApiException.tooManyRequests(
          "this login has "
              + mine
              + " live streams open, the most one login may hold; close one first",
          RETRY_AFTER_SECONDS);
    }
    if (openTotal >= total) {
      throw ApiException.tooManyRequests(
          "the designer serves " + openTotal + " live streams, its limit; try again later",
          RETRY_AFTER_SECONDS);
    }
    open.put(session, mine + 1);
    openTotal++;
    return new Permit() {
      private boolean closed;

      @Override
      public void close() {
        synchronized (StreamPermits.this) {
          if (closed) {
            return;
          }
          closed = true;
          open.computeIfPresent(session, (k, n) -> n == 1 ? null : n - 1);
          openTotal--;
        }
      }
    };
  }
}
