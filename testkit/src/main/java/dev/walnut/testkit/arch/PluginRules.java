package dev.walnut.testkit.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.walnut.api.Component;
import dev.walnut.api.ComponentProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The architecture rules every plugin module runs in its tests (the build's enforcer bans check the
 * same layering on the dependency graph; these check the code itself):
 *
 * <ul>
 *   <li>{@link #usesOnlyTheSpi}: a plugin's main code imports no Walnut module but the SPI ({@code
 *       dev.walnut.api}) and the shared Kafka support ({@code dev.walnut.kafka});
 *   <li>{@link #assertEveryComponentIsProvided}: every concrete {@link Component} class is returned
 *       by some {@link ComponentProvider} found through {@code META-INF/services}, so nothing a
 *       module ships is invisible to the designer and the engine.
 * </ul>
 *
 * <p>Usage, in a plugin module's test: {@code PluginRules.usesOnlyTheSpi("dev.walnut.ml").check(
 * PluginRules.mainClasses("dev.walnut.ml"))}.
 */
public final class PluginRules {
  /** Walnut's packages a plugin must not use (its tests may). */
  public static final List<String> NOT_FOR_PLUGINS =
      List.of(
          "dev.walnut.engine..",
          "dev.walnut.components..",
          "dev.walnut.testkit..",
          "dev.walnut.designer..",
          "dev.walnut.embedded..",
          "dev.walnut.cli..",
          "dev.walnut.benchmarks..");

  /**
   * A plugin builds on the SPI and the shared Kafka support alone.
   *
   * @param ownPackage the plugin's root package, e.g. {@code dev.walnut.components.base}
   */
  public static ArchRule usesOnlyTheSpi(String ownPackage) {
    return noClasses()
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(NOT_FOR_PLUGINS.toArray(String[]::new))
                .and(not(resideInAPackage(ownPackage + ".."))))
        .as(
            "plugin code in "
                + ownPackage
                + " uses only the SPI (dev.walnut.api) and dev.walnut.kafka")
        .because("plugins are loaded like a third party's, and Walnut's own go first");
  }

  private PluginRules() {}

  /** The module's main classes under {@code rootPackage} (tests excluded). */
  public static JavaClasses mainClasses(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(rootPackage);
  }

  /** Every concrete {@link Component} class among {@code classes} is returned by a provider. */
  public static void assertEveryComponentIsProvided(JavaClasses classes) {
    Set<String> provided =
        ServiceLoader.load(ComponentProvider.class).stream()
            .flatMap(p -> p.get().components().stream())
            .map(c -> c.getClass().getName())
            .collect(Collectors.toSet());
    List<String> unprovided =
        classes.stream()
            .filter(c -> c.isAssignableTo(Component.class))
            .filter(c -> !c.isInterface() && !c.getModifiers().contains(JavaModifier.ABSTRACT))
            .map(JavaClass::getName)
            .filter(name -> !provided.contains(name))
            .sorted()
            .toList();
    if (!unprovided.isEmpty()) {
      throw new AssertionError(
          "these Component classes are returned by no ComponentProvider listed in"
              + " META-INF/services/dev.walnut.api.ComponentProvider, so the engine and the"
              + " designer never see them: "
              + unprovided);
    }
  }
}
