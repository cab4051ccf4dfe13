package dev.walnut.engine.spel;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code #RANDOM}: random values for demos, sampling and A/B tests (Nussknacker's {@code #RANDOM}).
 * Not reproducible by design; for a stable bucket per user use {@code #UTIL.hash}. Bounds are
 * checked, so a wrong bound fails with what to fix instead of Java's bare message.
 */
final class RandomHelper {

  private static ThreadLocalRandom random() {
    return ThreadLocalRandom.current();
  }

  @HelperDoc("true or false, each half of the time")
  public boolean nextBoolean() {
    return random().nextBoolean();
  }

  @HelperDoc("true with the given probability (0 to 1), e.g. nextBoolean(0.1) for a 10 % sample")
  public boolean nextBoolean(double trueProbability) {
    if (!(trueProbability >= 0 && trueProbability <= 1)) {
      throw new IllegalArgumentException(
          "#RANDOM.nextBoolean needs a probability from 0 to 1, got " + trueProbability);
    }
    return random().nextDouble() < trueProbability;
  }

  @HelperDoc("A whole number from 0 up to, not including, the bound")
  public long nextInt(long bound) {
    return nextLong(0, bound);
  }

  @HelperDoc("A whole number from `from` up to, not including, `to`")
  public long nextInt(long from, long to) {
    return nextLong(from, to);
  }

  @HelperDoc("A whole number from 0 up to, not including, the bound")
  public long nextLong(long bound) {
    return nextLong(0, bound);
  }

  @HelperDoc("A whole number from `from` up to, not including, `to`")
  public long nextLong(long from, long to) {
    if (from >= to) {
      throw new IllegalArgumentException(
          "#RANDOM needs a lower bound below the upper bound, got " + from + " and " + to);
    }
    return random().nextLong(from, to);
  }

  @HelperDoc("A number from 0 up to, not including, 1")
  public double nextDouble() {
    return random().nextDouble();
  }

  @HelperDoc("A number from 0 up to, not including, the bound")
  public double nextDouble(double bound) {
    return nextDouble(0, bound);
  }

  @HelperDoc("A number from `from` up to, not including, `to`")
  public double nextDouble(double from, double to) {
    if (!(from < to) || !Double.isFinite(to - from)) {
      throw new IllegalArgumentException(
          "#RANDOM needs a finite lower bound below the upper bound, got " + from + " and " + to);
    }
    return random().nextDouble(from, to);
  }

  @HelperDoc("A random UUID as text")
  public String uuid() {
    return UUID.randomUUID().toString();
  }
}
