package dev.walnut.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.walnut.api.annotation.Internal;
import dev.walnut.api.annotation.PublicEvolving;
import dev.walnut.api.types.JsonValueTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the SPI says how far a component author may rely on it: {@link
 * PublicEvolving} (authors implement or call it) or {@link Internal} (only Walnut may). A new type
 * without either fails here, so the choice is made when the type is added, not later.
 */
class StabilityAnnotationsTest {
  private static final JavaClasses API =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.walnut.api");

  @Test
  void everyPublicTopLevelTypeIsPublicEvolvingOrInternal() {
    classes()
        .that()
        .resideInAPackage("dev.walnut.api..")
        .and()
        .arePublic()
        .and()
        .areTopLevelClasses()
        .should()
        .beAnnotatedWith(PublicEvolving.class)
        .orShould()
        .beAnnotatedWith(Internal.class)
        .because(
            "every public type of the SPI declares its stability: @PublicEvolving when component"
                + " authors implement or call it, @Internal when only Walnut itself may"
                + " (components/api/README.md)")
        .check(API);
  }

  @Test
  void noTypeIsBothPublicEvolvingAndInternal() {
    noClasses()
        .that()
        .areAnnotatedWith(PublicEvolving.class)
        .should()
        .beAnnotatedWith(Internal.class)
        .check(API);
  }

  @Test
  void stabilityIsDeclaredWithWalnutsAnnotationsNotFlinks() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.flink.annotation..")
        .because(
            "Flink's @PublicEvolving/@Internal describe Flink's API; use dev.walnut.api.annotation")
        .check(API);
  }

  @Test
  void publicEvolvingSignaturesMentionNoInternalType() {
    List<String> leaks = new ArrayList<>();
    for (JavaClass type : API) {
      if (!type.getModifiers().contains(JavaModifier.PUBLIC)
          || level(type).filter(PublicEvolving.class::equals).isEmpty()) {
        continue;
      }
      for (JavaMember member : type.getMembers()) {
        if (!member.getModifiers().contains(JavaModifier.PUBLIC)
            || member.isAnnotatedWith(Internal.class)) {
          continue;
        }
        Stream<JavaClass> mentioned =
            member instanceof JavaField f
                ? Stream.of(f.getRawType())
                : Stream.concat(
                    Stream.of(((JavaCodeUnit) member).getRawReturnType()),
                    ((JavaCodeUnit) member).getRawParameterTypes().stream());
        mentioned
            .filter(t -> level(t).filter(Internal.class::equals).isPresent())
            .forEach(t -> leaks.add(member.getFullName() + " mentions " + t.getName()));
      }
    }
    assertThat(leaks)
        .as("@PublicEvolving members whose signatures make authors touch an @Internal type")
        .isEmpty();
  }

  @Test
  void aNestedTypeOrMemberMayBeMoreInternalThanItsEnclosingType() {
    assertThat(level(API.get(JsonValueTypeInfo.class))).contains(PublicEvolving.class);
    assertThat(level(API.get(JsonValueTypeInfo.Serializer.class))).contains(Internal.class);
    assertThat(level(API.get(JsonValueTypeInfo.Serializer.Snapshot.class)))
        .contains(Internal.class);
    assertThat(
            API.get(Variables.class)
                .getMethod("wrap", String.class, Map.class)
                .isAnnotatedWith(Internal.class))
        .isTrue();
  }

  /** The level a type declares, else the one of the type that encloses it. */
  private static Optional<Class<?>> level(JavaClass type) {
    if (type.isAnnotatedWith(PublicEvolving.class)) {
      return Optional.of(PublicEvolving.class);
    }
    if (type.isAnnotatedWith(Internal.class)) {
      return Optional.of(Internal.class);
    }
    return type.getEnclosingClass().flatMap(StabilityAnnotationsTest::level);
  }
}
