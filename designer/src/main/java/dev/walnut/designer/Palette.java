package dev.walnut.designer;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.Editor;
import dev.walnut.api.Evaluation;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.NodeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The designer's palette, derived from every component's own definition (found through the SPI, so
 * a plugin appears by being on the classpath): grouped, with the parameter schema the node forms
 * are generated from, the docs and an icon name.
 */
final class Palette {
  private static final List<String> GROUP_ORDER =
      List.of("sources", "base", "enrichers", "custom", "sinks");

  private Palette() {}

  /** The palette as JSON-ready maps: {@code {groups: [{name, components: [...]}]}}. */
  static Map<String, Object> of(ComponentRegistry registry) {
    Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
    GROUP_ORDER.forEach(g -> groups.put(g, new ArrayList<>()));
    registry.all().stream()
        .map(Component::definition)
        .sorted(Comparator.comparing(ComponentDefinition::id))
        .forEach(d -> groups.computeIfAbsent(groupOf(d), g -> new ArrayList<>()).add(component(d)));
    List<Map<String, Object>> out = new ArrayList<>();
    groups.forEach(
        (name, components) -> {
          if (!components.isEmpty()) {
            out.add(Map.of("name", name, "components", components));
          }
        });
    return Map.of("groups", out);
  }

  static String groupOf(ComponentDefinition d) {
    if (d.group() != null && !d.group().isBlank()) {
      return d.group();
    }
    return switch (d.kind()) {
      case SOURCE -> "sources";
      case SINK -> "sinks";
      case ENRICHER -> "enrichers";
      case CUSTOM -> "custom";
      case FLOW -> "base";
    };
  }

  /** The Nussknacker node type a component is placed as (the engine's {@link NodeType} table). */
  static String nodeTypeOf(ComponentDefinition d) {
    return NodeType.forComponent(d).json();
  }

  private static Map<String, Object> component(ComponentDefinition d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
    m.put("group", groupOf(d));
    m.put("nodeType", nodeTypeOf(d));
    m.put("icon", d.icon() == null ? d.kind().name().toLowerCase(Locale.ROOT) : d.icon());
    m.put("docs", d.docs());
    m.put("outputVariable", d.outputVariable().name().toLowerCase(Locale.ROOT));
    m.put("contextAfter", d.contextAfter().name().toLowerCase(Locale.ROOT));
    m.put("joinsBranches", d.joinsBranches());
    m.put("parameters", d.parameters().stream().map(Palette::parameter).toList());
    m.put("branchParameters", d.branchParameters().stream().map(Palette::parameter).toList());
    return m;
  }

  /** A parameter's schema for the node forms; also used for nodes' dynamic parameters. */
  static Map<String, Object> parameter(Parameter p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("type", p.type().display());
    m.put("evaluation", p.evaluation() == Evaluation.ONCE ? "once" : "per-record");
    m.put("optional", p.isOptional());
    m.put("defaultExpression", p.defaultExpression().orElse(null));
    Map<String, Object> editor = new LinkedHashMap<>();
    editor.put("type", p.editor().type().name().toLowerCase(Locale.ROOT));
    if (p.editor().type() == Editor.Type.FIXED_VALUES) {
      editor.put(
          "fixedValues",
          p.editor().fixedValues().stream()
              .map(v -> Map.of("expression", v.expression(), "label", v.label()))
              .toList());
    }
    m.put("editor", editor);
    // the component offers values from the outside world (POST /api/suggestions)
    m.put("suggestions", p.hasSuggestions());
    m.put("validators", p.validators().stream().map(ParameterValidator::describe).toList());
    m.put("docs", p.docs());
    return m;
  }
}
