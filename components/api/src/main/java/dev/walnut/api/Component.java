package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.List;

/**
 * A building block of scenarios. Implementations are immutable and serialisable; per-task resources
 * are opened by the Flink functions they create, in {@code open()}, never here. Implement one of
 * the kind-specific sub-interfaces: {@link SourceComponent}, {@link SinkComponent}, {@link
 * EnricherComponent}, {@link CustomComponent} or {@link FlowComponent}.
 */
@PublicEvolving
public interface Component extends java.io.Serializable {

  ComponentDefinition definition();

  /**
   * Values the designer offers for a parameter declared with {@link Parameter.Builder#suggested()}:
   * names that live outside the scenario, such as Kafka topics or MLflow models. Called on the
   * designer's request thread, never while a job runs; it may call the outside service, should
   * answer within a few seconds and throw with a message saying what is unreachable.
   *
   * @param parameter the parameter's name
   * @return the suggestions, best first; empty by default
   * @throws Exception when the outside service cannot be asked; the message reaches the analyst
   */
  default List<Suggestion> suggestions(String parameter, DesignContext context) throws Exception {
    return List.of();
  }
}
