package dev.walnut.ml;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.walnut.testkit.arch.PluginRules;
import org.junit.jupiter.api.Test;

/** The ML bridge is a plugin: SPI only, every component provided. */
class ArchitectureTest {
  private static final JavaClasses MAIN = PluginRules.mainClasses("dev.walnut.ml");

  @Test
  void usesOnlyTheSpi() {
    PluginRules.usesOnlyTheSpi("dev.walnut.ml").check(MAIN);
  }

  @Test
  void everyComponentIsReturnedByAProvider() {
    PluginRules.assertEveryComponentIsProvided(MAIN);
  }
}
