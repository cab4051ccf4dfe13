package dev.walnut.api;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Reads records from the outside world into contexts with {@code #input} set, event time assigned
 * and watermarks generated.
 */
@PublicEvolving
public interface SourceComponent extends Component {

  /** The type of {@code #input}. */
  DataType inputType(TypingContext context);

  /** The production source. */
  DataStream<Variables> createSource(NodeContext context);

  /**
   * The same records from test data, one JSON document per line, parsed and time-stamped exactly as
   * the production source would. Used by test runs instead of {@link #createSource}.
   */
  DataStream<Variables> createTestSource(NodeContext context, DataStream<String> jsonLines);
}
