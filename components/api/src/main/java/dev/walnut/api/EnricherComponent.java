package dev.walnut.api;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Computes one output variable from the current record: a model prediction, a lookup, an embedding.
 * The engine runs a {@link Enricher.Sync} in a map operator and a {@link Enricher.Async} through
 * Flink's async I/O.
 */
@PublicEvolving
public interface EnricherComponent extends Component {

  /** The type of the output variable. */
  DataType outputType(TypingContext context);

  /** A serialisable enricher; its resources are opened in {@link Enricher#open}. */
  Enricher createEnricher(NodeContext context);
}
