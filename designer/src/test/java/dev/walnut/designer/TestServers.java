package dev.walnut.designer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Designer configurations for tests: a fresh H2 database in a temporary directory. */
final class TestServers {
  static final String PASSWORD = "correct horse battery staple";

  private TestServers() {}

  static DesignerConfig config(Path dir, long maxBody, Map<String, String> properties) {
    return new DesignerConfig(
        "127.0.0.1",
        0,
        DesignerConfig.h2Url(dir),
        "sa",
        "",
        "analyst",
        PASSWORD,
        List.of(),
        maxBody,
        0,
        4,
        properties,
        null,
        null);
  }
}
