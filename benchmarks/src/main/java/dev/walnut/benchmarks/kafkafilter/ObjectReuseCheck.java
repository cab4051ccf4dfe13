package dev.walnut.benchmarks.kafkafilter;

import dev.walnut.engine.compile.CompileOptions;
import dev.walnut.engine.compile.FlinkCompiler;
import dev.walnut.engine.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.operators.sink.CommitterOperatorFactory;

/**
 * What Flink's object reuse would change for Walnut's compiled job, read off the job the engine
 * builds (compiled, never run). With object reuse off, Flink's default, an operator hands the
 * operator chained after it {@code serializer.copy(record)}; object reuse skips that copy. The copy
 * is already free when the stream's serializer declares its type immutable and returns the record
 * itself, as {@code VariablesSerializer} does for Walnut's {@code Variables}. A Kafka sink's own
 * stream from its writer to its committer is left out: it carries committables at checkpoints, not
 * records (the reference's sink has the same).
 *
 * @param enabled whether the compiled job has object reuse on
 * @param copyingStreams the streams between operators whose type the serializer does not declare
 *     immutable (each record is copied there while object reuse is off), as {@code from → to
 *     (type)}
 */
record ObjectReuseCheck(boolean enabled, List<String> copyingStreams) {

  /** Compiles {@code scenario} as the benchmark deploys it and inspects the job graph. */
  static ObjectReuseCheck of(ValidationResult scenario, Map<String, String> properties) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment();
    new FlinkCompiler().compile(scenario, env, CompileOptions.production(properties));
    boolean enabled = env.getConfig().isObjectReuseEnabled();
    StreamGraph graph = env.getStreamGraph(false);
    List<String> copying = new ArrayList<>();
    for (StreamNode node : graph.getStreamNodes()) {
      for (StreamEdge edge : node.getOutEdges()) {
        StreamNode target = graph.getStreamNode(edge.getTargetId());
        if (target.getOperatorFactory() instanceof CommitterOperatorFactory) {
          continue;
        }
        TypeSerializer<?> serializer =
            edge.getOutputTag() != null
                ? edge.getOutputTag()
                    .getTypeInfo()
                    .createSerializer(env.getConfig().getSerializerConfig())
                : node.getTypeSerializerOut();
        if (serializer != null && !serializer.isImmutableType()) {
          copying.add(
              node.getOperatorName()
                  + " → "
                  + target.getOperatorName()
                  + " ("
                  + serializer.getClass().getSimpleName()
                  + ")");
        }
      }
    }
    return new ObjectReuseCheck(enabled, List.copyOf(copying));
  }

  /** The benchmark's note on object reuse, for its output. */
  String note() {
    String reference =
        "The hand-written reference runs with it on (env.getConfig().enableObjectReuse(), as a"
            + " Flink engineer would set it).";
    if (enabled) {
      return "object reuse: on in Walnut's compiled job. " + reference;
    }
    if (copyingStreams.isEmpty()) {
      return "object reuse: off in Walnut's compiled job (FlinkCompiler keeps Flink's default), yet"
          + " no record is copied between its operators: every stream's serializer declares its"
          + " type immutable (Variables: copy() returns the record itself), so turning it on would"
          + " change nothing here. "
          + reference;
    }
    return "object reuse: off in Walnut's compiled job (FlinkCompiler keeps Flink's default), and"
        + " each record is copied on "
        + String.join(", ", copyingStreams)
        + ". "
        + reference;
  }
}
