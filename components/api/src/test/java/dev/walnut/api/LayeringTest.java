package dev.walnut.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The SPI stays small and independent: plugins depend on it alone. */
class LayeringTest {
  private static final JavaClasses API =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.walnut.api");

  @Test
  void theApiImportsNoEngineComponentOrDesignerCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.walnut.engine..",
            "dev.walnut.components..",
            "dev.walnut.designer..",
            "dev.walnut.cli..")
        .check(API);
  }

  @Test
  void theApiImportsNoFlinkRuntimeInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.flink.runtime..", "org.apache.flink.client..", "org.apache.flink.table..")
        .check(API);
  }
}
