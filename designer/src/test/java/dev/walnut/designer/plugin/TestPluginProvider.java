package dev.walnut.designer.plugin;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.ComponentProvider;
import dev.walnut.api.DataType;
import dev.walnut.api.Editor;
import dev.walnut.api.Enricher;
import dev.walnut.api.EnricherComponent;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.TypingContext;
import java.util.List;

/**
 * A plugin that exists only on the test classpath: it shows that the palette finds components
 * through the SPI, and gives the designer a parameter with a secret editor to guard.
 */
public final class TestPluginProvider implements ComponentProvider {
  @Override
  public String name() {
    return "designer-test-plugin";
  }

  @Override
  public List<Component> components() {
    return List.of(new LookupComponent());
  }

  /** An enricher with an API key; never run by the tests, only placed and validated. */
  static final class LookupComponent implements EnricherComponent {
    private static final long serialVersionUID = 1L;

    @Override
    public ComponentDefinition definition() {
      return ComponentDefinition.builder("test-lookup", ComponentKind.ENRICHER)
          .docs("Looks records up in a remote service (test plugin).")
          .parameter(
              Parameter.once("API key", DataType.STRING)
                  .editor(Editor.SECRET)
                  .docs("A reference to the service's key.")
                  .build())
          .build();
    }

    @Override
    public DataType outputType(TypingContext context) {
      return DataType.STRING;
    }

    @Override
    public Enricher createEnricher(NodeContext context) {
      throw new UnsupportedOperationException("the test plugin's enricher is never run");
    }
  }
}
