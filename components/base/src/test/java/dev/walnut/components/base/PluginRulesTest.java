package dev.walnut.components.base;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.walnut.testkit.arch.PluginRules;
import org.junit.jupiter.api.Test;

/** The base components follow the rules of every plugin (see also ArchitectureTest). */
class PluginRulesTest {
  private static final JavaClasses MAIN = PluginRules.mainClasses("dev.walnut.components.base");

  @Test
  void usesOnlyTheSpi() {
    PluginRules.usesOnlyTheSpi("dev.walnut.components.base").check(MAIN);
  }

  @Test
  void everyComponentIsReturnedByAProvider() {
    PluginRules.assertEveryComponentIsProvided(MAIN);
  }
}
