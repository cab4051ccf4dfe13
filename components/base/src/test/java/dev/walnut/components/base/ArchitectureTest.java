package dev.walnut.components.base;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The base components use only the component SPI, like a third party's would. */
@AnalyzeClasses(
    packages = "dev.walnut.components.base",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule baseComponentsNeverUseTheEngine =
      noClasses()
          .that()
          .resideInAPackage("dev.walnut.components.base..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.walnut.engine..");

  @ArchTest
  static final ArchRule baseComponentsNeverUseTheTestKit =
      noClasses()
          .that()
          .resideInAPackage("dev.walnut.components.base..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.walnut.testkit..");

  /** Shared helpers live in {@code internal}; otherwise each component's package stands alone. */
  @ArchTest
  static final ArchRule componentsDoNotUseEachOther =
      slices()
          .matching("dev.walnut.components.base.(*)..")
          .should()
          .notDependOnEachOther()
          .ignoreDependency(
              resideInAPackage("dev.walnut.components.base.."),
              resideInAPackage("dev.walnut.components.base.internal.."));
}
