package dev.walnut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.walnut.api.Component;
import dev.walnut.testkit.arch.PluginRules;
import org.junit.jupiter.api.Test;

/**
 * Everything the shaded jar ships is reachable: every concrete {@link Component} class on the CLI's
 * classpath (the engine's flow nodes, the base components and every plugin) is returned by a
 * provider listed in {@code META-INF/services}.
 */
class ComponentRegistrationTest {

  @Test
  void everyComponentOnTheClasspathIsReturnedByAProvider() {
    JavaClasses shipped =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.walnut");

    assertThat(shipped.stream().filter(c -> c.isAssignableTo(Component.class)).count())
        .as("the classpath holds the shipped components")
        .isGreaterThan(15);
    PluginRules.assertEveryComponentIsProvided(shipped);
  }
}
