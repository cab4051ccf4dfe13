package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Writes records to the outside world. */
@PublicEvolving
public interface SinkComponent extends Component {

  /** Attaches the production sink to the stream. */
  void createSink(NodeContext context, DataStream<Variables> input);

  /**
   * What the sink would write for a record. Test runs record this value instead of writing, so a
   * test run never touches the outside world.
   */
  LazyParameter<Object> testOutput(NodeContext context);
}
