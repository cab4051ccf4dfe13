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
import dev.walnut.api.ParameterException;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A plugin that exists only on the test classpath: it shows that the palette finds components
 * through the SPI, gives the designer a parameter with a secret editor to guard, and a component
 * with dynamic parameters (one per name listed in another parameter) for the node forms.
 */
public final class TestPluginProvider implements ComponentProvider {
  @Override
  public String name() {
    return "designer-test-plugin";
  }

  @Override
  public List<Component> components() {
    return List.of(new LookupComponent(), new FieldsComponent(), new NeedsTokenComponent());
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

  /** One per-record parameter per name in {@code Fields}, as a model's inputs would be. */
  static final class FieldsComponent implements EnricherComponent {
    private static final long serialVersionUID = 1L;

    @Override
    public ComponentDefinition definition() {
      return ComponentDefinition.builder("test-fields", ComponentKind.ENRICHER)
          .docs("Adds one parameter per field name listed in `Fields` (test plugin).")
          .parameter(
              Parameter.once("Fields", DataType.STRING)
                  .docs("Comma-separated field names, e.g. `'a, b'`.")
                  .build())
          .build();
    }

    @Override
    public List<Parameter> dynamicParameters(
        ParameterValues declared, Map<String, String> scenarioProperties) {
      String fields = declared.value("Fields", String.class);
      if (fields.contains("!")) {
        throw new ParameterException(
            "Fields", "field names cannot contain `!`, got `" + fields + "`");
      }
      return Arrays.stream(fields.split(","))
          .map(String::trim)
          .filter(f -> !f.isEmpty())
          .map(f -> Parameter.perEvent(f, DataType.LONG).docs("Field `" + f + "`.").build())
          .toList();
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

  /**
   * An enricher whose service token is never there: it cannot open, so a job with it restarts until
   * cancelled — the deployment whose failure the designer must explain.
   */
  static final class NeedsTokenComponent implements EnricherComponent {
    private static final long serialVersionUID = 1L;

    @Override
    public ComponentDefinition definition() {
      return ComponentDefinition.builder("test-needs-token", ComponentKind.ENRICHER)
          .docs("Calls a service that needs a token it never has (test plugin).")
          .build();
    }

    @Override
    public DataType outputType(TypingContext context) {
      return DataType.STRING;
    }

    @Override
    public Enricher createEnricher(NodeContext context) {
      return new Enricher.Sync() {
        private static final long serialVersionUID = 1L;

        @Override
        public void open(org.apache.flink.metrics.MetricGroup metrics) {
          throw new IllegalStateException("the service token is missing: set TEST_SERVICE_TOKEN");
        }

        @Override
        public Object enrich(Variables context) {
          return "never";
        }
      };
    }
  }
}
