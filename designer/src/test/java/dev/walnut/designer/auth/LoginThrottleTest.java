package dev.walnut.designer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void failuresAgeOutOfTheWindowAndTheWaitSaysWhen() {
    TestClock clock = new TestClock();
    LoginThrottle throttle = new LoginThrottle(2, 10, Duration.ofMinutes(5), clock);

    throttle.failed("analyst", "10.0.0.1");
    clock.now = clock.now.plusSeconds(60);
    throttle.failed("analyst", "10.0.0.2");

    assertThat(throttle.waitBefore("analyst", "10.0.0.3")).hasValue(Duration.ofMinutes(4));
    assertThat(throttle.waitBefore("someone-else", "10.0.0.3")).isEmpty();
    clock.now = clock.now.plus(Duration.ofMinutes(4));
    assertThat(throttle.waitBefore("analyst", "10.0.0.3"))
        .as("the first failure aged out")
        .isEmpty();
  }

  @Test
  void aSuccessClearsTheUsersAndTheAddresssFailures() {
    TestClock clock = new TestClock();
    LoginThrottle throttle = new LoginThrottle(1, 1, Duration.ofMinutes(5), clock);

    throttle.failed("analyst", "10.0.0.1");
    assertThat(throttle.waitBefore("other", "10.0.0.1")).isPresent();
    throttle.succeeded("analyst", "10.0.0.1");

    assertThat(throttle.waitBefore("analyst", "10.0.0.1")).isEmpty();
  }
}
