package dev.walnut.designer;

import dev.walnut.api.ComponentKind;
import dev.walnut.api.Editor;
import dev.walnut.api.Parameter;
import dev.walnut.designer.http.ApiException;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of the database (and so out of every API answer): a parameter whose editor is
 * {@link Editor.Type#SECRET} may only hold a reference such as {@code '${env:NAME}'}, resolved
 * where the scenario runs.
 */
final class SecretReferences {
  private static final Pattern REFERENCE = Pattern.compile("'\\$\\{(env|file):[A-Za-z0-9_./-]+}'");

  private final ComponentRegistry registry;

  SecretReferences(ComponentRegistry registry) {
    this.registry = registry;
  }

  /** A 400 naming the node and parameter when a secret parameter holds anything but a reference. */
  void check(Scenario scenario) {
    for (NodeData n : scenario.allNodes()) {
      if (n instanceof NodeData.Source s) {
        check(n.id(), ComponentKind.SOURCE, s.ref().component(), s.ref().parameters());
      } else if (n instanceof NodeData.Sink s) {
        check(n.id(), ComponentKind.SINK, s.ref().component(), s.ref().parameters());
      } else if (n instanceof NodeData.Enricher e) {
        check(n.id(), ComponentKind.ENRICHER, e.service().component(), e.service().parameters());
      } else if (n instanceof NodeData.Processor p) {
        check(n.id(), ComponentKind.ENRICHER, p.service().component(), p.service().parameters());
      } else if (n instanceof NodeData.CustomNode c) {
        check(n.id(), ComponentKind.CUSTOM, c.nodeType(), c.parameters());
      } else if (n instanceof NodeData.Join j) {
        check(n.id(), ComponentKind.CUSTOM, j.nodeType(), j.parameters());
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
                    .filter(v -> !REFERENCE.matcher(v.expression().expression().trim()).matches())
                    .ifPresent(
                        v -> {
                          throw ApiException.badRequest(
                              "parameter `"
                                  + p.name()
                                  + "` of node `"
                                  + nodeId
                                  + "` is a secret: store a reference like '${env:NAME}' or"
                                  + " '${file:/path}', never the value itself");
                        });
              }
            });
  }
}
