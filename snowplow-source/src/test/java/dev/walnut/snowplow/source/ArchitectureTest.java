package dev.walnut.snowplow.source;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.walnut.testkit.arch.PluginRules;
import org.junit.jupiter.api.Test;

/** The snowplow source is a plugin: SPI and Kafka support only, every component provided. */
class ArchitectureTest {
  private static final JavaClasses MAIN = PluginRules.mainClasses("dev.walnut.snowplow");

  @Test
  void usesOnlyTheSpi() {
    PluginRules.usesOnlyTheSpi("dev.walnut.snowplow").check(MAIN);
  }

  @Test
  void everyComponentIsReturnedByAProvider() {
    PluginRules.assertEveryComponentIsProvided(MAIN);
  }
}
