package dev.walnut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.engine.registry.ComponentRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The component reference is generated from the components' metadata and must not drift. */
class ComponentDocsTest {
  private static final Path DOCS = Path.of("../docs/components.md");

  @Test
  void theCommittedComponentReferenceIsUpToDate() throws Exception {
    String generated = ComponentsCommand.markdown(ComponentRegistry.load());

    assertThat(Files.exists(DOCS) ? Files.readString(DOCS) : "")
        .as("docs/components.md is stale: run `./walnut components > docs/components.md`")
        .isEqualTo(generated);
  }

  @Test
  void everyComponentIsDocumented() {
    String generated = ComponentsCommand.markdown(ComponentRegistry.load());

    assertThat(generated)
        .contains(
            "### `kafka`",
            "### `co-visit`",
            "### `aggregate-sliding`",
            "### `union`",
            "### `collect`")
        .contains("### `filter`", "### `switch`", "| `windowLength` | Duration | once |");
  }
}
