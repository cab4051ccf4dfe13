package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;

/** The role a component plays in a scenario graph (the node types of Nussknacker's format). */
@PublicEvolving
public enum ComponentKind {
  /** Starts a branch: reads records from the outside world ({@code Source} nodes). */
  SOURCE,
  /** Ends a branch: writes records to the outside world ({@code Sink} nodes). */
  SINK,
  /**
   * Adds one output variable computed from the current record, synchronously or asynchronously
   * ({@code Enricher} nodes).
   */
  ENRICHER,
  /**
   * Anything else on the stream: stateful, may key the stream, may join branches, may end a branch
   * ({@code CustomNode} and {@code Join} nodes).
   */
  CUSTOM,
  /**
   * The control-flow node types of the scenario format ({@code Filter}, {@code Variable}, {@code
   * VariableBuilder}, {@code Switch}, {@code Split}). Their semantics belong to the format and are
   * implemented by the engine; the component only describes them for validation and the palette.
   */
  FLOW
}
