package dev.walnut.components.table;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.walnut.testkit.arch.PluginRules;
import org.junit.jupiter.api.Test;

/** The table sink is a plugin: SPI only, every component provided. */
class ArchitectureTest {
  private static final JavaClasses MAIN = PluginRules.mainClasses("dev.walnut.components.table");

  @Test
  void usesOnlyTheSpi() {
    PluginRules.usesOnlyTheSpi("dev.walnut.components.table").check(MAIN);
  }

  @Test
  void everyComponentIsReturnedByAProvider() {
    PluginRules.assertEveryComponentIsProvided(MAIN);
  }
}
