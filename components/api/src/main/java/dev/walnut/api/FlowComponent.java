package dev.walnut.api;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Describes a control-flow node type of the scenario format ({@code Filter}, {@code Variable},
 * {@code VariableBuilder}, {@code Switch}, {@code Split}): its parameters and docs for validation
 * and the palette. The engine implements the semantics, which are fixed by the format.
 */
@PublicEvolving
public interface FlowComponent extends Component {}
