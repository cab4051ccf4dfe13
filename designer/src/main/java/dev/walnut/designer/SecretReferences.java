package dev.walnut.designer;

import dev.walnut.api.ComponentKind;
import dev.walnut.api.Editor;
import dev.walnut.api.Parameter;
import dev.walnut.api.SecretReference;
import dev.walnut.designer.http.ApiException;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of the database (and so out of every API answer): a parameter whose editor is
 * {@link Editor.Type#SECRET} may only hold a {@link SecretReference} such as {@code '${env:NAME}'},
 * resolved where the scenario runs, and naming a secret this process's allow-list allows ({@link
 * SecretReference#refusal()}): a scenario cannot name the designer's own password variable.
 */
final class SecretReferences {
  /** A SpEL string literal: the reference is the text between its quotes. */
  private static final Pattern QUOTED = Pattern.compile("'(.*)'", Pattern.DOTALL);

  private final ComponentRegistry registry;

  SecretReferences(ComponentRegistry registry) {
    this.registry = registry;
  }

  /** A 400 naming the node and parameter when a secret parameter holds anything but a reference. */
  void check(Scenario scenario) {
    for (NodeData n : scenario.allNodes()) {
      if (n.kind().namesItsComponent()) {
        check(
            n.id(),
            n.kind().componentKind().orElseThrow(),
            n.componentId().orElseThrow(),
            n.componentParameters());
      }
    }
  }

  private void check(
      String nodeId, ComponentKind kind, String componentId, List<NodeParameter> given) {
    registry
        .find(kind, componentId)
        .ifPresent(
            c -> {
              for (Parameter p : c.definition().parameters()) {
                if (p.editor().type() != Editor.Type.SECRET) {
                  continue;
                }
                NodeParameter.find(given, p.name())
                    .filter(v -> !v.expression().isBlank())
                    .flatMap(v -> reference(v.expression().expression()))
                    .flatMap(SecretReference::refusal)
                    .ifPresent(
                        reason -> {
                          throw ApiException.badRequest(
                              "parameter `" + p.name() + "` of node `" + nodeId + "`: " + reason);
                        });
                NodeParameter.find(given, p.name())
                    .filter(v -> !v.expression().isBlank())
                    .filter(v -> reference(v.expression().expression()).isEmpty())
                    .ifPresent(
                        v -> {
                          throw ApiException.badRequest(
                              "parameter `"
                                  + p.name()
                                  + "` of node `"
                                  + nodeId
                                  + "` is a secret: store a reference like '${env:NAME}',"
                                  + " '${sys:name}' or '${file:/path}', never the value itself");
                        });
              }
            });
  }

  /** The reference a SpEL string literal holds, or empty when it holds anything else. */
  private static Optional<SecretReference> reference(String expression) {
    Matcher quoted = QUOTED.matcher(expression.trim());
    return quoted.matches() && SecretReference.isReference(quoted.group(1))
        ? Optional.of(SecretReference.parse(quoted.group(1), "the secret"))
        : Optional.empty();
  }
}
