package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The web UI's node types are generated from the engine's node type table and must not drift.
 * {@code -Dwalnut.regenerate} rewrites the committed file first (see {@link
 * UiNodeTypes#REGENERATE}).
 */
class UiNodeTypesTest {
  private static final Path GENERATED = Path.of(UiNodeTypes.FILE);

  @Test
  void theCommittedUiNodeTypesAreUpToDate() throws Exception {
    String generated = UiNodeTypes.typescript();
    if (Boolean.getBoolean("walnut.regenerate")) {
      Files.createDirectories(GENERATED.getParent());
      Files.writeString(GENERATED, generated);
    }

    assertThat(Files.exists(GENERATED) ? Files.readString(GENERATED) : "")
        .as(
            "designer/%s is stale: run `%s` to regenerate",
            UiNodeTypes.FILE, UiNodeTypes.REGENERATE)
        .isEqualTo(generated);
  }

  @Test
  void everyNodeTypeOfTheFormatIsGenerated() {
    String generated = UiNodeTypes.typescript();

    assertThat(generated)
        .contains(
            "export interface SourceJson {",
            "export interface SwitchJson {",
            "export interface BranchEndDataJson {",
            "export type NodeJson =",
            "export const NODE_TYPES")
        .contains("  nextFalse?: NodeJson[] | null;", "  nexts: CaseJson[];")
        .contains("    case \"Join\":\n      return node.nodeType;")
        .contains("    successorFields: [\"nexts\", \"defaultNext\"],");
  }
}
