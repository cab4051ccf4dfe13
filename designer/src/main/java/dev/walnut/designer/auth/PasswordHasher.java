package dev.walnut.designer.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes passwords with the JDK's PBKDF2-HMAC-SHA256 and a random salt. A hash reads {@code
 * pbkdf2-sha256$<iterations>$<salt>$<hash>} (Base64), so the iteration count can grow later without
 * invalidating stored hashes.
 */
public final class PasswordHasher {
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int ITERATIONS = 210_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A hash of a random password no one knows, checked when the user is unknown so that a login of
   * an unknown user costs the same PBKDF2 work as one of a known user (answer times do not tell
   * which users exist).
   */
  private static final String UNKNOWN_USER_HASH = hash(randomPassword());

  private PasswordHasher() {}

  /**
   * Whether {@code password} matches {@code stored}; with no stored hash (an unknown user) the same
   * work is done against a hash that matches nothing, and the answer is false.
   */
  public static boolean matchesOrDummy(String password, java.util.Optional<String> stored) {
    boolean ok = matches(password, stored.orElse(UNKNOWN_USER_HASH));
    return ok && stored.isPresent();
  }

  private static String randomPassword() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$"
        + ITERATIONS
        + "$"
        + Base64.getEncoder().encodeToString(salt)
        + "$"
        + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
  }

  /** Whether {@code password} matches {@code stored}, in time independent of where they differ. */
  public static boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
      throw new IllegalArgumentException("not a PBKDF2 password hash: " + parts[0]);
    }
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
    }
  }
}
