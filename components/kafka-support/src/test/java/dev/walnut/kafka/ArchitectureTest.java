package dev.walnut.kafka;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.walnut.testkit.arch.PluginRules;
import org.junit.jupiter.api.Test;

/** The Kafka support is built on the SPI alone, like the plugins that use it. */
class ArchitectureTest {
  private static final JavaClasses MAIN = PluginRules.mainClasses("dev.walnut.kafka");

  @Test
  void usesOnlyTheSpi() {
    PluginRules.usesOnlyTheSpi("dev.walnut.kafka").check(MAIN);
  }
}
