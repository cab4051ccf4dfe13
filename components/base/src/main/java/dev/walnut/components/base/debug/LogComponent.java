package dev.walnut.components.base.debug;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.Editor;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.Variables;
import dev.walnut.api.json.JsonValues;
import dev.walnut.components.base.internal.RecordFailures;
import dev.walnut.components.base.internal.SideEffectSinks;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code log}: writes each record's {@code Value} as JSON to the log (logger {@code
 * walnut.scenario.<id>.<node>}).
 */
public final class LogComponent implements SinkComponent {
  private static final long serialVersionUID = 1L;
  static final String LEVEL = "Level";
  static final String MESSAGE = "Message";
  static final String VALUE = "Value";
  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("log", ComponentKind.SINK)
          .docs("Writes each record's `Value` as JSON to the job's log, after `Message`.")
          .parameter(
              Parameter.once(LEVEL, DataType.STRING)
                  .defaultExpression("'INFO'")
                  .editor(Editor.fixedStrings("ERROR", "WARN", "INFO", "DEBUG"))
                  .validator(
                      ParameterValidator.matches(
                          "ERROR|WARN|INFO|DEBUG", "ERROR, WARN, INFO or DEBUG"))
                  .docs("The log level.")
                  .build())
          .parameter(
              Parameter.once(MESSAGE, DataType.STRING)
                  .defaultExpression("'record'")
                  .editor(Editor.STRING)
                  .docs("Text written before the value.")
                  .build())
          .parameter(
              Parameter.perEvent(VALUE, DataType.UNKNOWN)
                  .defaultExpression("#input")
                  .docs("What to log.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void createSink(NodeContext ctx, DataStream<Variables> input) {
    SideEffectSinks.attach(
        ctx,
        input,
        new Write(
            ctx.nodeId(),
            "walnut.scenario." + ctx.scenarioId() + "." + ctx.nodeId(),
            ctx.params().value(LEVEL, String.class),
            ctx.params().value(MESSAGE, String.class),
            ctx.params().lazy(VALUE)));
  }

  @Override
  public LazyParameter<Object> testOutput(NodeContext ctx) {
    return ctx.params().lazy(VALUE);
  }

  private static final class Write extends ProcessFunction<Variables, String> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final String logger;
    private final String level;
    private final String message;
    private final LazyParameter<Object> value;
    private transient Logger log;

    Write(String nodeId, String logger, String level, String message, LazyParameter<Object> value) {
      this.nodeId = nodeId;
      this.logger = logger;
      this.level = level;
      this.message = message;
      this.value = value;
    }

    @Override
    public void open(OpenContext openContext) {
      log = LoggerFactory.getLogger(logger);
    }

    @Override
    public void processElement(Variables v, Context ctx, Collector<String> out) {
      String json;
      try {
        json = JsonValues.write(value.evaluate(v));
      } catch (RuntimeException | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, VALUE, v, e);
        return;
      }
      switch (level) {
        case "ERROR" -> log.error("{} {}", message, json);
        case "WARN" -> log.warn("{} {}", message, json);
        case "DEBUG" -> log.debug("{} {}", message, json);
        default -> log.info("{} {}", message, json);
      }
      out.collect(json);
    }
  }
}
