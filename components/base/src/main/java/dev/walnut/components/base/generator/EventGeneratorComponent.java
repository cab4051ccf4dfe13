package dev.walnut.components.base.generator;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.SourceComponent;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.components.base.internal.RecordFailures;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code event-generator} (Nussknacker's component and parameters): every {@code schedule}, {@code
 * count} records whose {@code #input} is {@code value}, an expression evaluated anew for each
 * record (e.g. with {@code #RANDOM}); for demos and tests. Event time is the time of the tick.
 *
 * <p>Deployed, it runs until cancelled: a sequence of tick numbers, each held until one {@code
 * schedule} after the previous tick (processing time), so the source's thread waits in between and
 * a checkpoint may wait up to one {@code schedule}. In a test run it is bounded: {@code Test run
 * ticks} ticks at once, stamped one {@code schedule} apart from the run's start, and any test input
 * given for the node is not read.
 */
public final class EventGeneratorComponent implements SourceComponent {
  private static final long serialVersionUID = 1L;
  static final String SCHEDULE = "schedule";
  static final String COUNT = "count";
  static final String VALUE = "value";
  static final String TEST_TICKS = "Test run ticks";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("event-generator", ComponentKind.SOURCE)
          .docs(
              "Every `schedule`, `count` records whose `#input` is `value`, evaluated per record;"
                  + " e.g. `{userid: 'u' + #RANDOM.nextInt(100), url: 'p' + #RANDOM.nextInt(20)}`"
                  + " for a demo clickstream. Bounded to `Test run ticks` ticks in test runs.")
          .parameter(
              Parameter.once(SCHEDULE, DataType.DURATION)
                  .validator(ParameterValidator.positiveDuration())
                  .docs("The time between ticks, e.g. `'PT1S'`.")
                  .build())
          .parameter(
              Parameter.once(COUNT, DataType.LONG)
                  .defaultExpression("1")
                  .validator(ParameterValidator.between(1, 100_000))
                  .docs("How many records each tick emits.")
                  .build())
          .parameter(
              Parameter.perEvent(VALUE, DataType.UNKNOWN)
                  .docs(
                      "The record, evaluated anew for each one, e.g. `{amount: #RANDOM.nextInt(100)}`.")
                  .build())
          .parameter(
              Parameter.once(TEST_TICKS, DataType.LONG)
                  .defaultExpression("10")
                  .validator(ParameterValidator.between(1, 10_000))
                  .docs("How many ticks a test run generates (all at once, then the input ends).")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType inputType(TypingContext ctx) {
    return ctx.params().typeOf(VALUE);
  }

  @Override
  public DataStream<Variables> createSource(NodeContext ctx) {
    return generate(ctx, Long.MAX_VALUE, true);
  }

  @Override
  public DataStream<Variables> createTestSource(NodeContext ctx, DataStream<String> jsonLines) {
    return generate(ctx, ctx.params().value(TEST_TICKS, Long.class), false);
  }

  private static DataStream<Variables> generate(NodeContext ctx, long ticks, boolean paced) {
    ParameterValues p = ctx.params();
    Generate generate =
        new Generate(
            ctx.nodeId(),
            p.value(SCHEDULE, Duration.class).toMillis(),
            p.value(COUNT, Long.class),
            p.lazy(VALUE),
            paced);
    // one subtask: the ticks are a single schedule, not one per subtask
    SingleOutputStreamOperator<Variables> generated =
        ctx.env()
            .fromSequence(0, ticks - 1)
            .name(ctx.nodeId() + "-ticks")
            .uid(ctx.nodeId() + "-ticks")
            .setParallelism(1)
            .process(generate, VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId())
            .setParallelism(1);
    ctx.collectErrors(generated);
    return generated
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<Variables>forMonotonousTimestamps()
                .withTimestampAssigner((v, previous) -> (Long) v.get(Generate.TIME)))
        .name(ctx.nodeId() + "-event-time")
        .uid(ctx.nodeId() + "-event-time")
        .setParallelism(1)
        .map(Generate::withoutTime, VariablesTypeInfo.INSTANCE)
        .name(ctx.nodeId() + "-records")
        .uid(ctx.nodeId() + "-records")
        .setParallelism(1);
  }

  /**
   * Tick number → {@code count} records. The tick's time travels in a variable the next steps turn
   * into the record's timestamp and drop: a process function cannot set timestamps itself. A value
   * that fails goes to the errors (with an empty context: there is no record yet); the tick's other
   * records still go out.
   */
  private static final class Generate extends ProcessFunction<Long, Variables> {
    private static final long serialVersionUID = 1L;
    static final String TIME = "__eventGeneratorTime";
    private final String nodeId;
    private final long scheduleMs;
    private final long count;
    private final LazyParameter<Object> value;
    private final boolean paced;
    private long nextDue = -1;

    Generate(
        String nodeId, long scheduleMs, long count, LazyParameter<Object> value, boolean paced) {
      this.nodeId = nodeId;
      this.scheduleMs = scheduleMs;
      this.count = count;
      this.value = value;
      this.paced = paced;
    }

    @Override
    public void processElement(Long tick, Context ctx, Collector<Variables> out)
        throws InterruptedException {
      // paced from the previous tick, not from a start time: after a restore from a checkpoint
      // the sequence resumes at a high tick number and must not wait that many schedules
      long now = System.currentTimeMillis();
      long due = nextDue < 0 ? now : nextDue;
      if (paced && due > now) {
        Thread.sleep(due - now);
      }
      nextDue = due + scheduleMs;
      for (long i = 0; i < count; i++) {
        String id = nodeId + "-" + tick + "-" + i;
        Variables none = Variables.of(id, Map.of());
        Object input;
        try {
          input = value.evaluate(none);
        } catch (Exception | StackOverflowError e) {
          RecordFailures.report(ctx, nodeId, VALUE, none, e);
          continue;
        }
        Map<String, Object> vars = new java.util.HashMap<>(4);
        vars.put(Variables.INPUT, input);
        vars.put(TIME, due);
        out.collect(Variables.of(id, vars));
      }
    }

    static Variables withoutTime(Variables v) {
      Map<String, Object> vars = new java.util.HashMap<>(v.variables());
      vars.remove(TIME);
      return Variables.of(v.id(), vars);
    }
  }
}
