package dev.walnut.embedded.kafka;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling with a deadline: pause briefly between attempts, fail with a message once it passes. */
final class Deadline {

  private static final long PAUSE_MILLIS = 20;

  private final long deadlineNanos;

  private Deadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos());
  }

  boolean hasPassed() {
    return remainingMillis() <= 0;
  }

  long remainingMillis() {
    return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  /** Waits a little before the next attempt, or throws if the deadline has passed. */
  void pauseOrFail(Supplier<String> message) {
    if (hasPassed()) {
      throw new IllegalStateException(message.get());
    }
    pause();
  }

  /** Waits a little before the next attempt, never past the deadline. */
  void pause() {
    try {
      Thread.sleep(Math.min(PAUSE_MILLIS, Math.max(1, remainingMillis())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling", e);
    }
  }
}
