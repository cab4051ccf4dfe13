package dev.walnut.engine.spel;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.flink.annotation.Internal;

/**
 * How much one evaluation of an expression may produce and spend. The sandbox stops code execution
 * by allowlisting; these limits stop exhaustion (a text doubled twenty times, a regular expression
 * that backtracks for minutes), because expressions run per record in a Flink task and once per
 * parameter while the designer validates a scenario on a request thread.
 *
 * <p>Built only through {@link #builder()}; {@link #defaults()} is what every compiler uses unless
 * told otherwise.
 */
@Internal
public final class SandboxLimits {
  /** The default for {@link #maxStringLength()}: 1 MiB characters. */
  public static final int DEFAULT_MAX_STRING_LENGTH = 1 << 20;

  /** The default for {@link #maxCollectionSize()}. */
  public static final int DEFAULT_MAX_COLLECTION_SIZE = 100_000;

  /** The default for {@link #maxSteps()}. */
  public static final int DEFAULT_MAX_STEPS = 100_000;

  /** The default for {@link #maxTime()}. */
  public static final Duration DEFAULT_MAX_TIME = Duration.ofMillis(250);

  /**
   * Characters produced, or read by a regular expression, that cost one step: an evaluation may
   * produce 64 times {@link #maxSteps()} characters in all (6.4 M by default).
   */
  static final int CHARACTERS_PER_STEP = 64;

  private static final SandboxLimits DEFAULTS = builder().build();

  private final int maxStringLength;
  private final int maxCollectionSize;
  private final int maxSteps;
  private final Duration maxTime;
  private final long maxTimeNanos;
  private final LongSupplier ticker;

  private SandboxLimits(Builder b) {
    this.maxStringLength = b.maxStringLength;
    this.maxCollectionSize = b.maxCollectionSize;
    this.maxSteps = b.maxSteps;
    this.maxTime = b.maxTime;
    this.maxTimeNanos = b.maxTime.toNanos();
    this.ticker = b.ticker;
  }

  /** 1 MiB characters, 100,000 elements, 100,000 steps, 250 ms. */
  public static SandboxLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The longest text a method call may produce, in characters. */
  public int maxStringLength() {
    return maxStringLength;
  }

  /** The most elements a list, map or array produced by a method call may have. */
  public int maxCollectionSize() {
    return maxCollectionSize;
  }

  /**
   * The steps one evaluation may take: every operation (variable or property read, method call,
   * operator, element visited by a projection or selection) is one, counted by SpEL; every 64
   * characters or elements that method calls produce, or that a regular expression reads, is one
   * more, counted by the sandbox. Either count reaching the budget stops the evaluation.
   */
  public int maxSteps() {
    return maxSteps;
  }

  /**
   * The wall time one evaluation may take. Measured from the first checkpoint (after 1,024 steps'
   * worth of work), so the cheap evaluations a job does per record never read the clock.
   */
  public Duration maxTime() {
    return maxTime;
  }

  long maxTimeNanos() {
    return maxTimeNanos;
  }

  long nanoTime() {
    return ticker.getAsLong();
  }

  /** Checked when a {@link SandboxLimits} is built; the messages say what to fix. */
  public static final class Builder {
    private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
    private int maxCollectionSize = DEFAULT_MAX_COLLECTION_SIZE;
    private int maxSteps = DEFAULT_MAX_STEPS;
    private Duration maxTime = DEFAULT_MAX_TIME;
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    public Builder maxStringLength(int characters) {
      this.maxStringLength = characters;
      return this;
    }

    public Builder maxCollectionSize(int elements) {
      this.maxCollectionSize = elements;
      return this;
    }

    public Builder maxSteps(int steps) {
      this.maxSteps = steps;
      return this;
    }

    public Builder maxTime(Duration time) {
      this.maxTime = Objects.requireNonNull(time, "maxTime");
      return this;
    }

    /** The monotonic clock, in nanoseconds, the time budget reads; tests pass a fake one. */
    Builder ticker(LongSupplier nanoTime) {
      this.ticker = Objects.requireNonNull(nanoTime, "ticker");
      return this;
    }

    public SandboxLimits build() {
      requirePositive("maxStringLength", maxStringLength);
      requirePositive("maxCollectionSize", maxCollectionSize);
      requirePositive("maxSteps", maxSteps);
      if (maxTime.isNegative() || maxTime.isZero() || maxTime.toMillis() < 1) {
        throw new IllegalArgumentException(
            "sandbox limit `maxTime` must be at least 1 ms, got " + maxTime);
      }
      return new SandboxLimits(this);
    }

    private static void requirePositive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(
            "sandbox limit `" + name + "` must be a positive number, got " + value);
      }
    }
  }

  @Override
  public String toString() {
    return "SandboxLimits[maxStringLength="
        + maxStringLength
        + ", maxCollectionSize="
        + maxCollectionSize
        + ", maxSteps="
        + maxSteps
        + ", maxTime="
        + maxTime.toMillis()
        + " ms]";
  }
}
