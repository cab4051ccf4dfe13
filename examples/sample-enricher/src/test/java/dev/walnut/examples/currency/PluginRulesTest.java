package dev.walnut.examples.currency;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.walnut.testkit.arch.PluginRules;
import org.junit.jupiter.api.Test;

/** The rules every plugin follows: the SPI alone, and no component left out of the provider. */
class PluginRulesTest {
  private static final JavaClasses MAIN = PluginRules.mainClasses("dev.walnut.examples.currency");

  @Test
  void usesOnlyTheSpi() {
    PluginRules.usesOnlyTheSpi("dev.walnut.examples.currency").check(MAIN);
  }

  @Test
  void everyComponentIsReturnedByAProvider() {
    PluginRules.assertEveryComponentIsProvided(MAIN);
  }
}
