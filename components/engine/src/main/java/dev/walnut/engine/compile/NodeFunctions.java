package dev.walnut.engine.compile;

import dev.walnut.api.Enricher;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import dev.walnut.api.errors.RecordErrors;
import dev.walnut.api.json.JsonValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** The Flink functions of the engine's own node types. All serialisable; no state. */
final class NodeFunctions {
  private NodeFunctions() {}

  /**
   * Opens an enricher; a failure names the node ({@code node `x`: ...}), which is how the designer
   * tells which node keeps a job from starting.
   */
  static void open(String nodeId, Enricher enricher, org.apache.flink.metrics.MetricGroup metrics)
      throws Exception {
    try {
      enricher.open(metrics);
    } catch (Exception e) {
      throw new IllegalStateException(
          "node `" + nodeId + "` cannot start: " + RecordErrors.message(e), e);
    }
  }

  /** Filter: true to the main output, false to {@code falseTag} (or dropped when null). */
  static final class Filter extends ProcessFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final LazyParameter<Object> condition;
    private final OutputTag<Variables> falseTag;

    Filter(String nodeId, LazyParameter<Object> condition, OutputTag<Variables> falseTag) {
      this.nodeId = nodeId;
      this.condition = condition;
      this.falseTag = falseTag;
    }

    @Override
    public void processElement(
        Variables ctx, ProcessFunction<Variables, Variables>.Context fc, Collector<Variables> out) {
      Object result;
      try {
        result = condition.evaluate(ctx);
      } catch (RuntimeException e) {
        fc.output(RecordErrors.TAG, RecordErrors.describe(nodeId, ctx, e));
        return;
      }
      if (Boolean.TRUE.equals(result)) {
        out.collect(ctx);
      } else if (falseTag != null) {
        fc.output(falseTag, ctx);
      }
    }
  }

  /** Switch: the first case that holds gets the record, else the main (default) output. */
  static final class Switch extends ProcessFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final LazyParameter<Object> value;
    private final String valueVariable;
    private final List<LazyParameter<Object>> cases;
    private final List<OutputTag<Variables>> tags;

    Switch(
        String nodeId,
        LazyParameter<Object> value,
        String valueVariable,
        List<LazyParameter<Object>> cases,
        List<OutputTag<Variables>> tags) {
      this.nodeId = nodeId;
      this.value = value;
      this.valueVariable = valueVariable;
      this.cases = cases;
      this.tags = tags;
    }

    @Override
    public void processElement(
        Variables ctx, ProcessFunction<Variables, Variables>.Context fc, Collector<Variables> out) {
      try {
        Variables c = value == null ? ctx : ctx.with(valueVariable, value.evaluate(ctx));
        for (int i = 0; i < cases.size(); i++) {
          if (Boolean.TRUE.equals(cases.get(i).evaluate(c))) {
            fc.output(tags.get(i), c);
            return;
          }
        }
        out.collect(c);
      } catch (RuntimeException e) {
        fc.output(RecordErrors.TAG, RecordErrors.describe(nodeId, ctx, e));
      }
    }
  }

  /** Variable and VariableBuilder: adds one variable. */
  static final class Define extends ProcessFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final String name;
    private final LazyParameter<Object> value;
    private final Map<String, LazyParameter<Object>> fields;

    /** A plain variable. */
    Define(String nodeId, String name, LazyParameter<Object> value) {
      this(nodeId, name, value, null);
    }

    /** A record variable built from fields, in order. */
    Define(String nodeId, String name, Map<String, LazyParameter<Object>> fields) {
      this(nodeId, name, null, fields);
    }

    private Define(
        String nodeId,
        String name,
        LazyParameter<Object> value,
        Map<String, LazyParameter<Object>> fields) {
      this.nodeId = nodeId;
      this.name = name;
      this.value = value;
      this.fields = fields == null ? null : new LinkedHashMap<>(fields);
    }

    @Override
    public void processElement(
        Variables ctx, ProcessFunction<Variables, Variables>.Context fc, Collector<Variables> out) {
      try {
        if (value != null) {
          out.collect(ctx.with(name, value.evaluate(ctx)));
        } else {
          Map<String, Object> record = new LinkedHashMap<>();
          for (Map.Entry<String, LazyParameter<Object>> f : fields.entrySet()) {
            record.put(f.getKey(), f.getValue().evaluate(ctx));
          }
          out.collect(ctx.with(name, Collections.unmodifiableMap(record)));
        }
      } catch (RuntimeException e) {
        fc.output(RecordErrors.TAG, RecordErrors.describe(nodeId, ctx, e));
      }
    }
  }

  /** A synchronous enricher; {@code output} null for processors (effect only). */
  static final class SyncEnrich extends ProcessFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final Enricher.Sync enricher;
    private final String output;

    SyncEnrich(String nodeId, Enricher.Sync enricher, String output) {
      this.nodeId = nodeId;
      this.enricher = enricher;
      this.output = output;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
      NodeFunctions.open(nodeId, enricher, getRuntimeContext().getMetricGroup());
    }

    @Override
    public void close() throws Exception {
      enricher.close();
    }

    @Override
    public void processElement(
        Variables ctx, ProcessFunction<Variables, Variables>.Context fc, Collector<Variables> out) {
      try {
        Object v = enricher.enrich(ctx);
        out.collect(output == null ? ctx : ctx.with(output, v));
      } catch (Exception e) {
        fc.output(RecordErrors.TAG, RecordErrors.describe(nodeId, ctx, e));
      }
    }
  }

  /**
   * An asynchronous enricher through Flink's async I/O. A failed call fails the record into the
   * result as an error entry instead of failing the job; the async operator emits no side outputs,
   * so errors travel as contexts marked with {@link #ERROR_VARIABLE} and are split off afterwards.
   */
  static final class AsyncEnrich extends RichAsyncFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    static final String ERROR_VARIABLE = "__walnut_error";
    private final String nodeId;
    private final Enricher.Async enricher;
    private final String output;

    AsyncEnrich(String nodeId, Enricher.Async enricher, String output) {
      this.nodeId = nodeId;
      this.enricher = enricher;
      this.output = output;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
      NodeFunctions.open(nodeId, enricher, getRuntimeContext().getMetricGroup());
    }

    @Override
    public void close() throws Exception {
      enricher.close();
    }

    @Override
    public void asyncInvoke(Variables ctx, ResultFuture<Variables> result) {
      enricher
          .enrich(ctx)
          .whenComplete(
              (v, e) -> {
                if (e != null) {
                  result.complete(
                      List.of(ctx.with(ERROR_VARIABLE, RecordErrors.describe(nodeId, ctx, e))));
                } else {
                  result.complete(List.of(output == null ? ctx : ctx.with(output, v)));
                }
              });
    }

    @Override
    public void timeout(Variables ctx, ResultFuture<Variables> result) {
      result.complete(
          List.of(
              ctx.with(
                  ERROR_VARIABLE,
                  RecordErrors.describe(
                      nodeId,
                      ctx,
                      new java.util.concurrent.TimeoutException(
                          "no answer within " + enricher.timeout())))));
    }
  }

  /** Splits the error-marked contexts of {@link AsyncEnrich} off to the error side output. */
  static final class SplitAsyncErrors extends ProcessFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(
        Variables ctx, ProcessFunction<Variables, Variables>.Context fc, Collector<Variables> out) {
      Object error = ctx.get(AsyncEnrich.ERROR_VARIABLE);
      if (error != null) {
        fc.output(RecordErrors.TAG, (String) error);
      } else {
        out.collect(ctx);
      }
    }
  }

  /** Counts the records passing a point into a job accumulator (test runs and deployed jobs). */
  static final class Count<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;
    private final List<String> accumulators;
    private transient LongCounter[] counters;

    Count(String accumulator) {
      this(List.of(accumulator));
    }

    /** Several points the same records pass (a node's out and the next node's in): one operator. */
    Count(List<String> accumulators) {
      this.accumulators = List.copyOf(accumulators);
    }

    @Override
    public void open(OpenContext openContext) {
      counters = new LongCounter[accumulators.size()];
      for (int i = 0; i < counters.length; i++) {
        counters[i] = getRuntimeContext().getLongCounter(accumulators.get(i));
      }
    }

    @Override
    public T map(T value) {
      for (LongCounter c : counters) {
        c.add(1L);
      }
      return value;
    }
  }

  /**
   * Test runs: counts the records passing a point and keeps the first {@code limit} of them, as
   * JSON objects of their variables, in a list accumulator (what the designer shows for a node).
   */
  static final class CountAndSample extends RichMapFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String counterName;
    private final String sampleName;
    private final int limit;
    private transient LongCounter counter;
    private transient ListAccumulator<String> samples;
    private transient int kept;

    CountAndSample(String counterName, String sampleName, int limit) {
      this.counterName = counterName;
      this.sampleName = sampleName;
      this.limit = limit;
    }

    @Override
    public void open(OpenContext openContext) {
      counter = getRuntimeContext().getLongCounter(counterName);
      // a join samples each branch into the node's one accumulator; chained branches share a task
      Accumulator<String, ArrayList<String>> existing =
          getRuntimeContext().getAccumulator(sampleName);
      if (existing instanceof ListAccumulator<String> shared) {
        samples = shared;
      } else {
        samples = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(sampleName, samples);
      }
    }

    @Override
    public Variables map(Variables value) {
      counter.add(1L);
      if (kept < limit) {
        kept++;
        samples.add(sample(value));
      }
      return value;
    }

    private static String sample(Variables value) {
      try {
        return JsonValues.write(value.variables());
      } catch (RuntimeException e) {
        return JsonValues.write(
            Map.of("unprintable", String.valueOf(value), "reason", String.valueOf(e.getMessage())));
      }
    }
  }

  /**
   * Counts failed records per node into {@link CompiledJob#errorCounter} accumulators; the error
   * lines pass on unchanged.
   */
  static final class CountErrors extends RichMapFunction<String, String> {
    private static final long serialVersionUID = 1L;
    private transient Map<String, LongCounter> counters;

    @Override
    public void open(OpenContext openContext) {
      counters = new java.util.HashMap<>();
    }

    @Override
    public String map(String error) throws java.io.IOException {
      String nodeId =
          String.valueOf(
              JsonValues.parseObject(error.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  .get("nodeId"));
      counters
          .computeIfAbsent(
              nodeId, id -> getRuntimeContext().getLongCounter(CompiledJob.errorCounter(id)))
          .add(1L);
      return error;
    }
  }

  /**
   * Dead-letter records without the variables' values: {@code input} (the record as read, which
   * already lives in the source topic) is kept, every other variable shows its name only.
   */
  static final class RedactErrors
      implements org.apache.flink.api.common.functions.MapFunction<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String map(String error) throws java.io.IOException {
      Map<String, Object> e =
          new LinkedHashMap<>(
              JsonValues.parseObject(error.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      if (e.get("variables") instanceof Map<?, ?> vars) {
        Map<String, Object> redacted = new LinkedHashMap<>();
        vars.forEach(
            (k, v) -> redacted.put(String.valueOf(k), "input".equals(k) ? v : "(redacted)"));
        e.put("variables", redacted);
      }
      return JsonValues.write(e);
    }
  }

  /** Test runs: what a sink would write, as one JSON line. */
  static final class SinkOutput extends ProcessFunction<Variables, String> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final LazyParameter<Object> value;

    SinkOutput(String nodeId, LazyParameter<Object> value) {
      this.nodeId = nodeId;
      this.value = value;
    }

    @Override
    public void processElement(
        Variables ctx, ProcessFunction<Variables, String>.Context fc, Collector<String> out) {
      try {
        out.collect(JsonValues.write(value.evaluate(ctx)));
      } catch (RuntimeException e) {
        fc.output(RecordErrors.TAG, RecordErrors.describe(nodeId, ctx, e));
      }
    }
  }
}
