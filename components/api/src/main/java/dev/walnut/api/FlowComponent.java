package dev.walnut.api;

import dev.walnut.api.annotation.Internal;

/**
 * Describes a control-flow node type of the scenario format ({@code Filter}, {@code Variable},
 * {@code VariableBuilder}, {@code Switch}, {@code Split}): its parameters and docs for validation
 * and the palette. The engine implements the semantics, which are fixed by the format.
 *
 * <p>Internal: only the engine's own provider implements it. A third-party flow component would
 * describe a node type the engine has no semantics for; write a {@link CustomComponent} instead.
 */
@Internal
public interface FlowComponent extends Component {}
