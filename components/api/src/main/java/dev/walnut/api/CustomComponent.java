package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Anything else on the stream: windows, aggregations, joins of branches, co-visitation. May key the
 * stream and keep state; stateful operators must set stable uids derived from {@link
 * CustomContext#nodeId()} so savepoints survive upgrades.
 */
@PublicEvolving
public interface CustomComponent extends Component {

  /** The type of the output variable (ignored when the node has none). */
  DataType outputType(TypingContext context);

  /**
   * Builds the transformation. Returns the output stream, or {@code null} when the component ends
   * the branch ({@link ComponentDefinition#mayEndBranch()}).
   */
  DataStream<Variables> transform(CustomContext context);

  /** The node's view for custom components. */
  @PublicEvolving
  interface CustomContext extends NodeContext {

    /** The single input (not for joins). */
    DataStream<Variables> input();

    /** For joins: the input of each branch, by branch id. */
    Map<String, DataStream<Variables>> branches();

    /** For joins: the branch parameters, by branch id. */
    Map<String, ParameterValues> branchParams();

    /** The output variable's name, or null when the node has none. */
    String outputVariable();
  }
}
