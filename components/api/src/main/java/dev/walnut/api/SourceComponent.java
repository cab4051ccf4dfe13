package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.List;
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

  /**
   * The newest records of the source's input, oldest first, as the JSON lines {@link
   * #createTestSource} reads: the designer's "capture" test input. Called on the designer's request
   * thread, outside any job; it reads without side effects (no committed offsets).
   *
   * @param limit at most this many records
   * @throws UnsupportedOperationException when this source cannot capture (the default)
   * @throws Exception when the outside system cannot be read; the message says what failed
   */
  default List<String> capture(DesignContext context, int limit) throws Exception {
    throw new UnsupportedOperationException(
        "source `" + definition().id() + "` cannot capture records; upload a sample file instead");
  }
}
