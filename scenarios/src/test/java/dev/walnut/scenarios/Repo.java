package dev.walnut.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository and of the shared data next to it ({@code ../shared}). */
final class Repo {
  private Repo() {}

  /** The repository root: the nearest directory up from here holding {@code scenarios/pom.xml}. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("scenarios").resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError(
        "cannot find the repository root (a directory with scenarios/pom.xml) above "
            + Path.of("").toAbsolutePath());
  }

  /** A shipped scenario, e.g. {@code datasqrl-covisit.json}. */
  static Path scenario(String fileName) {
    return existing(root().resolve("scenarios").resolve(fileName), "the shipped scenario");
  }

  /** A file of {@code ../shared} relative to the repository root, e.g. {@code data/…}. */
  static Path shared(String relative) {
    return existing(
        root().resolve("..").resolve("shared").resolve(relative).normalize(),
        "../shared/" + relative + " (relative to the repository root)");
  }

  private static Path existing(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new AssertionError(what + " is missing: expected the file " + file);
    }
    return file;
  }
}
