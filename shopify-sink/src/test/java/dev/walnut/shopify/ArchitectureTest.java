package dev.walnut.shopify;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.walnut.testkit.arch.PluginRules;
import org.junit.jupiter.api.Test;

/** The Shopify sink is a plugin: SPI (and Shopify's schemas) only, every component provided. */
class ArchitectureTest {
  private static final JavaClasses MAIN = PluginRules.mainClasses("dev.walnut.shopify");

  @Test
  void usesOnlyTheSpi() {
    PluginRules.usesOnlyTheSpi("dev.walnut.shopify").check(MAIN);
  }

  @Test
  void everyComponentIsReturnedByAProvider() {
    PluginRules.assertEveryComponentIsProvided(MAIN);
  }
}
