package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web UI's own tests ({@code npm test} in ui/): the canvas model turns every real scenario and
 * the Nussknacker sample into a graph and back without losing a byte.
 */
class UiModelTest {
  @Test
  void theCanvasModelRoundTripsEveryScenario() throws Exception {
    Path ui = Path.of("ui").toAbsolutePath();
    assertThat(ui.resolve("node_modules/esbuild"))
        .as("designer/ui has no node_modules: run `npm ci` there (scripts/setup.sh)")
        .isDirectory();
    Path log = Path.of("target/ui-test.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    Process npm =
        new ProcessBuilder("npm", "test")
            .directory(ui.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    npm.getOutputStream().close();
    assertThat(npm.waitFor(3, TimeUnit.MINUTES)).as("npm test did not finish").isTrue();
    String output = Files.readString(log);
    assertThat(npm.exitValue()).as(output).isZero();
    assertThat(output).contains("# fail 0").containsPattern("# pass [1-9]");
  }
}
