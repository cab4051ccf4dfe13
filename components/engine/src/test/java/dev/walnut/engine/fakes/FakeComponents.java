package dev.walnut.engine.fakes;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.ComponentProvider;
import dev.walnut.api.DataType;
import dev.walnut.api.Enricher;
import dev.walnut.api.EnricherComponent;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterException;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.SourceComponent;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.json.JsonValues;
import dev.walnut.api.time.EventTime;
import dev.walnut.api.types.VariablesTypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Small components for the engine's own tests, registered through {@code META-INF/services} like
 * real ones: a JSON-lines source (test runs only), a capturing sink, two enrichers that double a
 * number and fail on negative ones, and one with dynamic parameters.
 */
public final class FakeComponents implements ComponentProvider {
  @Override
  public String name() {
    return "engine-test-fakes";
  }

  @Override
  public List<Component> components() {
    return List.of(new Lines(), new Capture(), new Doubler(false), new Doubler(true), new SumOf());
  }

  static final class Lines implements SourceComponent {
    private static final long serialVersionUID = 1L;

    @Override
    public ComponentDefinition definition() {
      return ComponentDefinition.builder("lines", ComponentKind.SOURCE)
          .docs("JSON lines; event time from the field `ts` (epoch millis).")
          .parameter(
              Parameter.once("Topic", DataType.STRING)
                  .optional()
                  .docs("Ignored: a name for humans.")
                  .build())
          .build();
    }

    @Override
    public DataType inputType(TypingContext context) {
      return DataType.UNKNOWN;
    }

    @Override
    public DataStream<Variables> createSource(NodeContext context) {
      throw new IllegalStateException("the `lines` source only runs in test runs");
    }

    @Override
    public DataStream<Variables> createTestSource(NodeContext ctx, DataStream<String> jsonLines) {
      return jsonLines
          .map(l -> Variables.ofInput(null, JsonValues.parse(l)), VariablesTypeInfo.INSTANCE)
          .setParallelism(1)
          .assignTimestampsAndWatermarks(
              EventTime.fromInputField("ts", Duration.ZERO, Duration.ofSeconds(5)))
          .setParallelism(1);
    }
  }

  static final class Capture implements SinkComponent {
    private static final long serialVersionUID = 1L;

    @Override
    public ComponentDefinition definition() {
      return ComponentDefinition.builder("capture", ComponentKind.SINK)
          .docs("Discards in production; test runs record `Value`.")
          .parameter(
              Parameter.perEvent("Value", DataType.UNKNOWN)
                  .defaultExpression("#input")
                  .docs("What to record.")
                  .build())
          .build();
    }

    @Override
    public void createSink(NodeContext ctx, DataStream<Variables> input) {
      input.sinkTo(new DiscardingSink<>()).name(ctx.nodeId()).uid(ctx.nodeId());
    }

    @Override
    public LazyParameter<Object> testOutput(NodeContext ctx) {
      return ctx.params().lazy("Value");
    }
  }

  static final class Doubler implements EnricherComponent {
    private static final long serialVersionUID = 1L;
    private final boolean async;

    Doubler(boolean async) {
      this.async = async;
    }

    @Override
    public ComponentDefinition definition() {
      return ComponentDefinition.builder(
              async ? "double-later" : "double-now", ComponentKind.ENRICHER)
          .docs("Twice `x`; fails on negative numbers.")
          .parameter(Parameter.perEvent("x", DataType.DOUBLE).docs("A number.").build())
          .build();
    }

    @Override
    public DataType outputType(TypingContext context) {
      return DataType.DOUBLE;
    }

    @Override
    public Enricher createEnricher(NodeContext ctx) {
      LazyParameter<Object> x = ctx.params().lazy("x");
      if (async) {
        return (Enricher.Async) v -> CompletableFuture.supplyAsync(() -> twice(x.evaluate(v)));
      }
      return (Enricher.Sync) v -> twice(x.evaluate(v));
    }

    private static Object twice(Object x) {
      double d = ((Number) x).doubleValue();
      if (d < 0) {
        throw new IllegalArgumentException("negative input " + d);
      }
      return 2 * d;
    }
  }

  /**
   * {@code sum-of}: the sum of one per-record number per name listed in {@code Fields} (dynamic
   * parameters), plus one named by the scenario property {@code sum.extra} if set. {@code Fields}
   * naming {@code bad} is a parameter error, {@code boom} makes the hook fail.
   */
  static final class SumOf implements EnricherComponent {
    private static final long serialVersionUID = 1L;

    @Override
    public ComponentDefinition definition() {
      return ComponentDefinition.builder("sum-of", ComponentKind.ENRICHER)
          .docs("The sum of one number per field listed in `Fields`.")
          .parameter(
              Parameter.once("Fields", DataType.STRING)
                  .docs("Comma-separated names, e.g. `'a, b'`.")
                  .build())
          .build();
    }

    @Override
    public List<Parameter> dynamicParameters(
        ParameterValues declared, Map<String, String> scenarioProperties) {
      List<String> names = new ArrayList<>();
      for (String f : declared.value("Fields", String.class).split(",")) {
        if (!f.isBlank()) {
          names.add(f.trim());
        }
      }
      if (names.contains("bad")) {
        throw new ParameterException("Fields", "`bad` is not a field name");
      }
      if (names.contains("boom")) {
        throw new IllegalStateException("boom");
      }
      if (scenarioProperties.containsKey("sum.extra")) {
        names.add(scenarioProperties.get("sum.extra"));
      }
      return names.stream()
          .map(n -> Parameter.perEvent(n, DataType.DOUBLE).docs("Field `" + n + "`.").build())
          .toList();
    }

    @Override
    public DataType outputType(TypingContext context) {
      return DataType.DOUBLE;
    }

    @Override
    public Enricher createEnricher(NodeContext ctx) {
      List<LazyParameter<Object>> terms = new ArrayList<>();
      ctx.dynamicParameters().forEach(p -> terms.add(ctx.params().lazy(p.name())));
      return (Enricher.Sync)
          v -> {
            double sum = 0;
            for (LazyParameter<Object> t : terms) {
              sum += ((Number) t.evaluate(v)).doubleValue();
            }
            return sum;
          };
    }
  }
}
