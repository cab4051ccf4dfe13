package dev.walnut.engine.compile;

import dev.walnut.api.CustomComponent;
import dev.walnut.api.Enricher;
import dev.walnut.api.EnricherComponent;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.SourceComponent;
import dev.walnut.api.Variables;
import dev.walnut.api.errors.DeadLetterSink;
import dev.walnut.api.errors.RecordErrors;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.engine.scenario.CanonicalNode;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeType;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioProperties;
import dev.walnut.engine.validation.NodePlan;
import dev.walnut.engine.validation.ValidationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * Turns a validated scenario into a Flink DataStream job. Each node becomes one operator (or a
 * component's own operators) whose name and uid are the node id, so savepoints survive new versions
 * of the scenario; consecutive nodes chain into one task.
 */
public final class FlinkCompiler {
  /**
   * Deployed jobs restart after a failure of the job itself (a broker gone, a task manager lost;
   * never a bad record) with an exponential back-off from 1 s to 1 min, reset after 10 min of
   * running well, without limit: a job waits for its outside world instead of ending.
   */
  static org.apache.flink.configuration.Configuration restartStrategy() {
    var conf = new org.apache.flink.configuration.Configuration();
    conf.set(
        org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY,
        "exponential-delay");
    conf.set(
        org.apache.flink.configuration.RestartStrategyOptions
            .RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        Duration.ofSeconds(1));
    conf.set(
        org.apache.flink.configuration.RestartStrategyOptions
            .RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
        Duration.ofMinutes(1));
    conf.set(
        org.apache.flink.configuration.RestartStrategyOptions
            .RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
        Duration.ofMinutes(10));
    conf.set(
        org.apache.flink.configuration.RestartStrategyOptions
            .RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR,
        0.1);
    return conf;
  }

  public CompiledJob compile(
      ValidationResult validated, StreamExecutionEnvironment env, CompileOptions options) {
    if (!validated.isValid()) {
      throw new IllegalArgumentException(
          "cannot compile an invalid scenario:\n" + validated.describe());
    }
    return new Build(validated, env, options).run();
  }

  private static final class Build {
    private final Scenario scenario;
    private final Map<String, NodePlan> plans;
    private final StreamExecutionEnvironment env;
    private final CompileOptions options;
    private final Map<String, String> properties;
    private final int parallelism;
    private final Map<String, DataStream<String>> sinkOutputs = new LinkedHashMap<>();
    private final List<DataStream<String>> errorStreams = new ArrayList<>();
    private final Map<String, Map<String, DataStream<Variables>>> joinInputs = new HashMap<>();
    private final List<String> nodeIds = new ArrayList<>();

    Build(ValidationResult validated, StreamExecutionEnvironment env, CompileOptions options) {
      this.scenario = validated.scenario();
      this.plans = validated.plans();
      this.env = env;
      this.options = options;
      Map<String, String> props = new LinkedHashMap<>(scenario.metaData().properties());
      props.putAll(options.propertyOverrides());
      this.properties = Map.copyOf(props);
      // test runs read files in order; parallelism 1 keeps that order per key, as a Kafka
      // partition keyed by user would in production
      this.parallelism = options.isTestRun() ? 1 : scenario.metaData().parallelism();
    }

    CompiledJob run() {
      env.setParallelism(parallelism);
      if (!options.isTestRun()) {
        Duration interval =
            Duration.parse(
                ScenarioProperties.valueOrDefault(
                    properties, ScenarioProperties.CHECKPOINT_INTERVAL));
        env.enableCheckpointing(interval.toMillis());
        env.getCheckpointConfig()
            .setTolerableCheckpointFailureNumber(
                Integer.parseInt(
                    ScenarioProperties.valueOrDefault(
                        properties, ScenarioProperties.TOLERABLE_CHECKPOINT_FAILURES)));
        env.configure(restartStrategy());
      }
      List<List<CanonicalNode>> joinBranches = new ArrayList<>();
      for (List<CanonicalNode> branch : scenario.branches()) {
        if (branch.get(0).data().kind().joinsBranches()) {
          joinBranches.add(branch);
        } else {
          branch(branch, null);
        }
      }
      // validation guarantees the joins can be ordered so each one's inputs exist first
      while (!joinBranches.isEmpty()) {
        for (var it = joinBranches.iterator(); it.hasNext(); ) {
          List<CanonicalNode> b = it.next();
          NodeData.Join j = (NodeData.Join) b.get(0).data();
          Map<String, DataStream<Variables>> inputs = joinInputs.getOrDefault(j.id(), Map.of());
          if (inputs.keySet().containsAll(plans.get(j.id()).branchParams().keySet())) {
            it.remove();
            DataStream<Variables> out = join(j, inputs);
            branch(b.subList(1, b.size()), out);
          }
        }
      }
      DataStream<String> errors = null;
      for (DataStream<String> e : errorStreams) {
        errors = errors == null ? e : errors.union(e);
      }
      if (errors != null) {
        errors =
            errors
                .map(new NodeFunctions.CountErrors(), Types.STRING)
                .name("errors (count)")
                .uid("walnut-errors-count");
      }
      if (errors != null && !options.isTestRun()) {
        deadLetters(errors);
      }
      return new CompiledJob(scenario.id(), env, sinkOutputs, errors, List.copyOf(nodeIds));
    }

    /**
     * Deployed jobs: failed records go to the first {@link DeadLetterSink} that takes the scenario
     * (Walnut's Kafka one when the scenario names Kafka), values redacted unless the scenario says
     * {@code errors.variables = include}; with none, they are logged. Counted per node either way.
     */
    private void deadLetters(DataStream<String> errors) {
      DataStream<String> out =
          "include".equals(properties.get(ScenarioProperties.ERRORS_VARIABLES))
              ? errors
              : errors
                  .map(new NodeFunctions.RedactErrors(), Types.STRING)
                  .name("errors (redact)")
                  .uid("walnut-errors-redact");
      for (DeadLetterSink sink : ServiceLoader.load(DeadLetterSink.class)) {
        if (sink.accepts(properties)) {
          String where = sink.attach(out, scenario.id(), properties, "walnut-errors");
          LOG.info("scenario {}: failed records go to {}", scenario.id(), where);
          return;
        }
      }
      out.map(new LogErrors())
          .name("errors (log)")
          .uid("walnut-errors-log")
          .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
          .name("errors-discard")
          .uid("walnut-errors-discard");
    }

    /** Compiles a branch; {@code stream} is null when the branch starts with a source. */
    private void branch(List<CanonicalNode> nodes, DataStream<Variables> stream) {
      DataStream<Variables> current = stream;
      for (CanonicalNode cn : nodes) {
        current = node(cn, current);
      }
    }

    private DataStream<Variables> node(CanonicalNode cn, DataStream<Variables> in) {
      NodeData d = cn.data();
      if (d instanceof NodeData.BranchEnd be) {
        joinInputs.computeIfAbsent(be.joinId(), k -> new LinkedHashMap<>()).put(be.id(), in);
        return in;
      }
      nodeIds.add(d.id());
      NodePlan plan = plans.get(d.id());
      if (d.kind() == NodeType.SOURCE) {
        return sampled(source(plan), CompiledJob.outCounter(d.id()), d.id(), " (out)");
      }
      DataStream<Variables> input = countIn(d.id(), in);
      if (d.isDisabled()) {
        // Nussknacker's disabled node: the record passes through untouched; a disabled sink
        // writes nothing
        return d.kind() == NodeType.SINK ? null : countOut(d.id(), input);
      }
      switch (d.kind()) {
        case SINK:
          sink(plan, input);
          return null;
        case FILTER:
          return filter((CanonicalNode.FilterNode) cn, plan, input);
        case VARIABLE:
          {
            NodeData.Variable v = (NodeData.Variable) d;
            return process(
                d.id(),
                input,
                new NodeFunctions.Define(d.id(), v.varName(), plan.params().lazy("value")));
          }
        case VARIABLE_BUILDER:
          {
            NodeData.VariableBuilder vb = (NodeData.VariableBuilder) d;
            Map<String, LazyParameter<Object>> fields = new LinkedHashMap<>();
            vb.fields().forEach(f -> fields.put(f.name(), plan.params().lazy(f.name())));
            return process(d.id(), input, new NodeFunctions.Define(d.id(), vb.varName(), fields));
          }
        case ENRICHER:
          return enrich(plan, input, ((NodeData.Enricher) d).output());
        case PROCESSOR:
          return enrich(plan, input, null);
        case CUSTOM_NODE:
          {
            CustomComponent component = (CustomComponent) plan.component();
            String outputVar = ((NodeData.CustomNode) d).outputVar();
            DataStream<Variables> out = component.transform(ctx(plan, input, Map.of(), outputVar));
            return out == null ? null : countOut(d.id(), out);
          }
        case SWITCH:
          return switchNode((CanonicalNode.SwitchNode) cn, plan, input);
        case SPLIT:
          {
            DataStream<Variables> out = countOut(d.id(), input);
            ((CanonicalNode.SplitNode) cn).nexts().forEach(b -> branch(b, out));
            return null;
          }
        case SOURCE:
        case JOIN:
        case BRANCH_END:
          break;
      }
      throw new IllegalStateException("node type " + d.type() + " cannot be compiled here");
    }

    private DataStream<Variables> filter(
        CanonicalNode.FilterNode cn, NodePlan plan, DataStream<Variables> input) {
      NodeData.Filter f = cn.data();
      List<CanonicalNode> nextFalse = cn.nextFalse();
      OutputTag<Variables> falseTag =
          nextFalse.isEmpty()
              ? null
              : new OutputTag<>(f.id() + "-false", VariablesTypeInfo.INSTANCE);
      SingleOutputStreamOperator<Variables> out =
          named(
              input.process(
                  new NodeFunctions.Filter(f.id(), plan.params().lazy("expression"), falseTag),
                  VariablesTypeInfo.INSTANCE),
              f.id());
      errorStreams.add(out.getSideOutput(RecordErrors.TAG));
      if (falseTag != null) {
        branch(nextFalse, countOut(f.id(), out.getSideOutput(falseTag)));
      }
      return countOut(f.id(), out);
    }

    private DataStream<Variables> source(NodePlan plan) {
      SourceComponent c = (SourceComponent) plan.component();
      String id = plan.data().id();
      NodeCtx ctx = ctx(plan, null, Map.of(), null);
      if (!options.isTestRun()) {
        return c.createSource(ctx);
      }
      Path file = options.testInputs().get(id);
      DataStream<String> lines;
      if (file == null) {
        lines = env.fromData(List.<String>of(), Types.STRING).name(id + "-no-test-input");
      } else {
        FileSource<String> fs =
            FileSource.forRecordStreamFormat(
                    new TextLineInputFormat(),
                    org.apache.flink.core.fs.Path.fromLocalFile(file.toFile()))
                .build();
        lines =
            env.fromSource(fs, WatermarkStrategy.noWatermarks(), id + "-test-input")
                .setParallelism(1)
                .uid(id + "-test-input")
                .filter(l -> !l.isBlank())
                .setParallelism(1)
                .name(id + "-non-blank");
      }
      return c.createTestSource(ctx, lines);
    }

    private void sink(NodePlan plan, DataStream<Variables> input) {
      SinkComponent c = (SinkComponent) plan.component();
      String id = plan.data().id();
      NodeCtx ctx = ctx(plan, input, Map.of(), null);
      if (options.isTestRun()) {
        SingleOutputStreamOperator<String> out =
            input
                .process(new NodeFunctions.SinkOutput(id, c.testOutput(ctx)), Types.STRING)
                .name(id)
                .uid(id);
        errorStreams.add(out.getSideOutput(RecordErrors.TAG));
        sinkOutputs.put(id, countOutLines(id, out));
      } else {
        c.createSink(ctx, input);
      }
    }

    private DataStream<Variables> enrich(
        NodePlan plan, DataStream<Variables> input, String output) {
      String id = plan.data().id();
      Enricher enricher =
          ((EnricherComponent) plan.component()).createEnricher(ctx(plan, input, Map.of(), output));
      if (enricher instanceof Enricher.Sync sync) {
        return process(id, input, new NodeFunctions.SyncEnrich(id, sync, output));
      }
      Enricher.Async async = (Enricher.Async) enricher;
      SingleOutputStreamOperator<Variables> called =
          AsyncDataStream.orderedWait(
                  input,
                  new NodeFunctions.AsyncEnrich(id, async, output),
                  async.timeout().toMillis(),
                  TimeUnit.MILLISECONDS,
                  async.capacity())
              .name(id)
              .uid(id);
      return process(id + "-errors", called, new NodeFunctions.SplitAsyncErrors(), id);
    }

    private DataStream<Variables> switchNode(
        CanonicalNode.SwitchNode sw, NodePlan plan, DataStream<Variables> input) {
      String id = sw.data().id();
      ParameterValues head = plan.branchParams().get("");
      LazyParameter<Object> value = head.optionalLazy("expression").orElse(null);
      List<LazyParameter<Object>> cases = new ArrayList<>();
      List<OutputTag<Variables>> tags = new ArrayList<>();
      for (int i = 0; i < sw.nexts().size(); i++) {
        cases.add(plan.params().lazy("case " + (i + 1)));
        tags.add(new OutputTag<>(id + "-case-" + (i + 1), VariablesTypeInfo.INSTANCE));
      }
      SingleOutputStreamOperator<Variables> out =
          named(
              input.process(
                  new NodeFunctions.Switch(id, value, sw.data().exprVal(), cases, tags),
                  VariablesTypeInfo.INSTANCE),
              id);
      errorStreams.add(out.getSideOutput(RecordErrors.TAG));
      for (int i = 0; i < sw.nexts().size(); i++) {
        branch(sw.nexts().get(i).nodes(), countOut(id, out.getSideOutput(tags.get(i))));
      }
      if (!sw.defaultNext().isEmpty()) {
        branch(sw.defaultNext(), countOut(id, out));
      }
      return null;
    }

    private DataStream<Variables> join(NodeData.Join j, Map<String, DataStream<Variables>> inputs) {
      nodeIds.add(j.id());
      NodePlan plan = plans.get(j.id());
      Map<String, DataStream<Variables>> counted = new LinkedHashMap<>();
      inputs.forEach((branchId, s) -> counted.put(branchId, countIn(j.id(), s)));
      CustomComponent component = (CustomComponent) plan.component();
      DataStream<Variables> out = component.transform(ctx(plan, null, counted, j.outputVar()));
      return out == null ? null : countOut(j.id(), out);
    }

    private NodeCtx ctx(
        NodePlan plan,
        DataStream<Variables> input,
        Map<String, DataStream<Variables>> branches,
        String output) {
      return new NodeCtx(
          plan.data().id(),
          scenario.id(),
          plan.params(),
          properties,
          parallelism,
          env,
          options.isTestRun(),
          input,
          branches,
          plan.branchParams(),
          output,
          plan.dynamicParameters(),
          op -> errorStreams.add(op.getSideOutput(RecordErrors.TAG)));
    }

    private DataStream<Variables> process(
        String id,
        DataStream<Variables> input,
        org.apache.flink.streaming.api.functions.ProcessFunction<Variables, Variables> fn) {
      return process(id, input, fn, id);
    }

    private DataStream<Variables> process(
        String uid,
        DataStream<Variables> input,
        org.apache.flink.streaming.api.functions.ProcessFunction<Variables, Variables> fn,
        String nodeId) {
      SingleOutputStreamOperator<Variables> out =
          named(input.process(fn, VariablesTypeInfo.INSTANCE), uid);
      errorStreams.add(out.getSideOutput(RecordErrors.TAG));
      return countOut(nodeId, out);
    }

    private static SingleOutputStreamOperator<Variables> named(
        SingleOutputStreamOperator<Variables> op, String id) {
      return op.name(id).uid(id);
    }

    /**
     * Deployed jobs: "out" counters not yet attached, by the stream they count. The records leaving
     * a node are the records entering the next one, so the next node's "in" counter joins them in
     * one operator instead of two (a chained operator per count point costs every record).
     */
    private final Map<DataStream<Variables>, List<String>> pendingOut = new IdentityHashMap<>();

    private DataStream<Variables> countIn(String nodeId, DataStream<Variables> s) {
      if (!options.isTestRun() && s != null) {
        List<String> counters = new ArrayList<>(pendingOut.getOrDefault(s, List.of()));
        // a stream several nodes read (a split's branches) is counted out once, by the first
        pendingOut.remove(s);
        counters.add(CompiledJob.inCounter(nodeId));
        return s.map(new NodeFunctions.Count<Variables>(counters), VariablesTypeInfo.INSTANCE)
            .name(nodeId + " (in)");
      }
      return sampled(s, CompiledJob.inCounter(nodeId), nodeId, " (in)");
    }

    /**
     * Counts the records passing a point; test runs also keep the first ones (deployed jobs never
     * hold shoppers' records in accumulators).
     */
    private DataStream<Variables> sampled(
        DataStream<Variables> s, String counter, String nodeId, String suffix) {
      if (s == null) {
        return null;
      }
      if (!options.isTestRun()) {
        // a source's "out": counted where the next node counts its "in"
        pendingOut.computeIfAbsent(s, k -> new ArrayList<>()).add(counter);
        return s;
      }
      return s.map(
              new NodeFunctions.CountAndSample(
                  counter, CompiledJob.sampleAccumulator(nodeId), CompiledJob.SAMPLE_LIMIT),
              VariablesTypeInfo.INSTANCE)
          .name(nodeId + suffix);
    }

    private DataStream<Variables> countOut(String nodeId, DataStream<Variables> s) {
      if (!options.isTestRun() && s != null) {
        pendingOut.computeIfAbsent(s, k -> new ArrayList<>()).add(CompiledJob.outCounter(nodeId));
        return s;
      }
      return counted(
          s, CompiledJob.outCounter(nodeId), nodeId + " (out)", VariablesTypeInfo.INSTANCE);
    }

    private DataStream<String> countOutLines(String nodeId, DataStream<String> s) {
      return counted(s, CompiledJob.outCounter(nodeId), nodeId + " (out)", Types.STRING);
    }

    /**
     * Counts records passing a point into a job accumulator, keyed by node id: exact per node
     * however Flink chains operators, read by test runs and the designer's live counts alike.
     */
    private <T> DataStream<T> counted(
        DataStream<T> s,
        String accumulator,
        String name,
        org.apache.flink.api.common.typeinfo.TypeInformation<T> type) {
      if (s == null) {
        return null;
      }
      return s.map(new NodeFunctions.Count<T>(accumulator), type).name(name);
    }
  }

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(FlinkCompiler.class);

  /** Deployed jobs without a dead-letter sink: per-record errors are logged. */
  private static final class LogErrors
      implements org.apache.flink.api.common.functions.MapFunction<String, String> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG =
        org.slf4j.LoggerFactory.getLogger(FlinkCompiler.class);

    @Override
    public String map(String error) {
      LOG.warn("record failed: {}", error);
      return error;
    }
  }
}
