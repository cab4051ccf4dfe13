package dev.walnut.api;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A building block of scenarios. Implementations are immutable and serialisable; per-task resources
 * are opened by the Flink functions they create, in {@code open()}, never here. Implement one of
 * the kind-specific sub-interfaces: {@link SourceComponent}, {@link SinkComponent}, {@link
 * EnricherComponent}, {@link CustomComponent} or {@link FlowComponent}.
 */
@PublicEvolving
public interface Component extends java.io.Serializable {

  ComponentDefinition definition();
}
