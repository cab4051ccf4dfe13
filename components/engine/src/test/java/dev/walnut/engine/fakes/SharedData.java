package dev.walnut.engine.fakes;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code ../shared} (beside the repository) from wherever a test runs. */
public final class SharedData {
  private SharedData() {}

  /** A file under {@code shared/}; fails naming what is missing and where it was looked for. */
  public static Path file(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolveSibling("shared").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new AssertionError(
        "shared/" + relative + " is missing: clone Walnut beside the `shared` folder (../shared)");
  }
}
