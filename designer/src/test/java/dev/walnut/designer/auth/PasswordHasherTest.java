package dev.walnut.designer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  @Test
  void aHashMatchesOnlyItsPasswordAndNeverContainsIt() {
    String hash = PasswordHasher.hash("open sesame");
    assertThat(hash).startsWith("pbkdf2-sha256$210000$").doesNotContain("open sesame");
    assertThat(PasswordHasher.matches("open sesame", hash)).isTrue();
    assertThat(PasswordHasher.matches("open sesame!", hash)).isFalse();
  }

  @Test
  void theSamePasswordGetsADifferentSaltEachTime() {
    assertThat(PasswordHasher.hash("x")).isNotEqualTo(PasswordHasher.hash("x"));
  }

  @Test
  void aForeignHashIsRefusedWithItsScheme() {
    assertThatThrownBy(() -> PasswordHasher.matches("x", "md5$abc"))
        .hasMessageContaining("not a PBKDF2 password hash: md5");
  }
}
