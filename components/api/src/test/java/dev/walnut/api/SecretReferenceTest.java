package dev.walnut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferenceTest {
  private static SecretReference.Lookup lookup(Map<String, String> env, Map<String, String> sys) {
    return new SecretReference.Lookup() {
      @Override
      public String env(String name) {
        return env.get(name);
      }

      @Override
      public String sys(String name) {
        return sys.get(name);
      }

      @Override
      public String file(Path path) throws IOException {
        return Files.readString(path);
      }
    };
  }

  @Test
  void everyFormResolvesFromItsOwnSource(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "shpat_file\n");
    SecretReference.Lookup lookup =
        lookup(
            Map.of("TOKEN", "shpat_env", "WALNUT_SECRETS_ALLOWED", "TOKEN, shopify.*, /*"),
            Map.of("shopify.token", "shpat_sys"));

    assertThat(SecretReference.parse("${env:TOKEN}", "the token").resolve(lookup))
        .isEqualTo("shpat_env");
    assertThat(SecretReference.parse(" ${sys:shopify.token} ", "the token").resolve(lookup))
        .isEqualTo("shpat_sys");
    assertThat(SecretReference.parse("${file:" + file + "}", "the token").resolve(lookup))
        .as("a mounted secret file, its trailing newline cut")
        .isEqualTo("shpat_file");
  }

  @Test
  void aValueIsRefusedWithoutBeingEchoed() {
    assertThatThrownBy(() -> SecretReference.parse("shpat_0123456789", "the access token"))
        .hasMessageContaining("give the access token as a reference like ${env:")
        .hasMessageContaining("${file:/path}")
        .hasMessageNotContaining("shpat_0123456789");
    assertThat(SecretReference.isReference("${env:A}")).isTrue();
    assertThat(SecretReference.isReference("${file:relative/path}")).isFalse();
    assertThat(SecretReference.isReference("${vault:x}")).isFalse();
    assertThat(SecretReference.isReference(null)).isFalse();
  }

  @Test
  void aMissingSecretSaysWhichOneAndWhere(@TempDir Path dir) {
    SecretReference.Lookup lookup =
        lookup(Map.of("EMPTY", " ", "WALNUT_SECRETS_ALLOWED", "EMPTY, MISSING, a.b, /*"), Map.of());

    assertThatThrownBy(() -> SecretReference.parse("${env:MISSING}", "x").resolve(lookup))
        .hasMessage("environment variable MISSING is not set where the job runs");
    assertThatThrownBy(() -> SecretReference.parse("${env:EMPTY}", "x").resolve(lookup))
        .hasMessageContaining("EMPTY is not set");
    assertThatThrownBy(() -> SecretReference.parse("${sys:a.b}", "x").resolve(lookup))
        .hasMessage("system property a.b is not set where the job runs");
    assertThatThrownBy(() -> SecretReference.parse("${file:" + dir + "/none}", "x").resolve(lookup))
        .hasMessageStartingWith("file " + dir + "/none cannot be read where the job runs");
  }

  @Test
  void itPrintsAsTheReferenceNeverTheValue() {
    SecretReference r = SecretReference.parse("${env:TOKEN}", "x");
    assertThat(r).hasToString("${env:TOKEN}").isEqualTo(SecretReference.parse("${env:TOKEN}", "y"));
    assertThat(r.source()).isEqualTo(SecretReference.Source.ENV);
    assertThat(r.name()).isEqualTo("TOKEN");
  }

  @Test
  void onlySecretsTheProcessAllowsResolve(@TempDir Path dir) throws IOException {
    Map<String, String> env =
        Map.of(
            "WALNUT_DESIGNER_PASSWORD", "designer-secret",
            "HOME", "/root",
            "SHOPIFY_ADMIN_TOKEN", "shpat_env");
    SecretReference.Lookup defaults = lookup(env, Map.of());

    assertThat(SecretReference.parse("${env:SHOPIFY_ADMIN_TOKEN}", "x").resolve(defaults))
        .isEqualTo("shpat_env");
    assertThatThrownBy(
            () -> SecretReference.parse("${env:WALNUT_DESIGNER_PASSWORD}", "x").resolve(defaults))
        .hasMessageStartingWith(
            "the secret ${env:WALNUT_DESIGNER_PASSWORD} is not allowed here; allowed:"
                + " WALNUT_SECRET_*, SHOPIFY_*, walnut.secret.*, shopify.*, /run/secrets/*")
        .hasMessageNotContaining("designer-secret");
    assertThat(SecretReference.parse("${env:HOME}", "x").refusal(defaults)).isPresent();
    assertThat(SecretReference.parse("${file:/etc/shadow}", "x").refusal(defaults)).isPresent();
    assertThat(
            SecretReference.parse("${file:/run/secrets/../../etc/shadow}", "x").refusal(defaults))
        .as("a path leaving the allowed directory")
        .isPresent();

    // the operator's list replaces the default, and the designer's own password stays refused
    SecretReference.Lookup configured =
        lookup(
            Map.of("WALNUT_SECRETS_ALLOWED", "HOME, WALNUT_*, " + dir + "/*"),
            Map.of("walnut.secrets.allowed", ""));
    assertThat(SecretReference.parse("${env:HOME}", "x").refusal(configured)).isEmpty();
    assertThat(SecretReference.parse("${env:SHOPIFY_ADMIN_TOKEN}", "x").refusal(configured))
        .isPresent();
    assertThat(SecretReference.parse("${env:WALNUT_DESIGNER_PASSWORD}", "x").refusal(configured))
        .hasValueSatisfying(m -> assertThat(m).contains("WALNUT_DESIGNER_* is never allowed"));
    Path file = Files.writeString(dir.resolve("token"), "shpat_file\n");
    assertThat(SecretReference.parse("${file:" + file + "}", "x").resolve(configured))
        .isEqualTo("shpat_file");
  }
}
