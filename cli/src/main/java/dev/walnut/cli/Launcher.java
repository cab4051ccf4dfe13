package dev.walnut.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Facts about how this process was launched. */
final class Launcher {
  private Launcher() {}

  /** The jar this CLI runs from (the shaded jar), to ship as a job jar. */
  static Path ownJar() {
    try {
      return Path.of(WalnutCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the launcher's jar", e);
    }
  }
}
