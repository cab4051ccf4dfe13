package dev.walnut.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.engine.fakes.SharedData;
import dev.walnut.engine.flow.FlowComponents;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one table of node types: what each JSON type refers to and how it sits in a branch. */
class NodeTypeTest {

  @Test
  void everyJsonTypeOfTheFormatIsOneNodeType() {
    assertThat(Arrays.stream(NodeType.values()).map(NodeType::json))
        .containsExactly(
            "Source",
            "Sink",
            "Filter",
            "Variable",
            "VariableBuilder",
            "Enricher",
            "Processor",
            "CustomNode",
            "Join",
            "Split",
            "Switch",
            "BranchEndData");
    for (NodeType t : NodeType.values()) {
      assertThat(NodeType.fromJson(t.json())).contains(t);
    }
    assertThat(NodeType.fromJson("Teleport")).isEmpty();
  }

  @Test
  void aComponentIsPlacedAsTheNodeTypeOfItsKind() {
    assertThat(NodeType.forComponent(definition("kafka", ComponentKind.SOURCE)))
        .isEqualTo(NodeType.SOURCE);
    assertThat(NodeType.forComponent(definition("kafka", ComponentKind.SINK)))
        .isEqualTo(NodeType.SINK);
    assertThat(NodeType.forComponent(definition("http", ComponentKind.ENRICHER)))
        .isEqualTo(NodeType.ENRICHER);
    assertThat(NodeType.forComponent(definition("co-visit", ComponentKind.CUSTOM)))
        .isEqualTo(NodeType.CUSTOM_NODE);
    assertThat(
            NodeType.forComponent(
                ComponentDefinition.builder("union", ComponentKind.CUSTOM)
                    .docs("Joins.")
                    .joinsBranches()
                    .build()))
        .isEqualTo(NodeType.JOIN);
    assertThat(NodeType.forComponent(definition(FlowComponents.FILTER, ComponentKind.FLOW)))
        .isEqualTo(NodeType.FILTER);
    assertThat(
            NodeType.forComponent(definition(FlowComponents.RECORD_VARIABLE, ComponentKind.FLOW)))
        .isEqualTo(NodeType.VARIABLE_BUILDER);
    assertThat(NodeType.forComponent(definition(FlowComponents.SWITCH, ComponentKind.FLOW)))
        .isEqualTo(NodeType.SWITCH);
    assertThat(NodeType.forComponent(definition(FlowComponents.SPLIT, ComponentKind.FLOW)))
        .isEqualTo(NodeType.SPLIT);
  }

  @Test
  void aNodeNamesItsComponentAndParametersWhereItsTypeSays() throws Exception {
    Scenario sample =
        ScenarioJson.read(SharedData.file("reference/nussknacker-scenario-sample.json"));
    List<NodeData> nodes = sample.allNodes();

    assertThat(nodes)
        .extracting(NodeData::kind)
        .containsExactly(NodeType.SOURCE, NodeType.FILTER, NodeType.SINK);
    assertThat(nodes)
        .extracting(NodeData::componentId)
        .containsExactly(Optional.of("kafka"), Optional.of("filter"), Optional.of("kafka"));
    NodeData.Source source = (NodeData.Source) nodes.get(0);
    assertThat(source.componentParameters()).isEqualTo(source.ref().parameters());
    assertThat(nodes.get(1).componentParameters()).isEmpty();
    assertThat(NodeType.SOURCE.componentIdPath()).containsExactly("ref", "typ");
    assertThat(NodeType.FILTER.namesItsComponent()).isFalse();
    assertThat(NodeType.FILTER.componentKind()).contains(ComponentKind.FLOW);
  }

  @Test
  void successorFieldsOutputsAndBranchPlacesFollowTheFormat() {
    assertThat(NodeType.FILTER.successorFields()).containsExactly("nextFalse");
    assertThat(NodeType.SPLIT.successorFields()).containsExactly("nexts");
    assertThat(NodeType.SWITCH.successorFields()).containsExactly("nexts", "defaultNext");
    assertThat(NodeType.FILTER.outputs()).containsExactly("true", "false");
    assertThat(NodeType.SINK.outputs()).isEmpty();
    assertThat(NodeType.SWITCH.outputPerCase()).isTrue();
    assertThat(NodeType.SPLIT.fansOut()).isTrue();
    assertThat(Arrays.stream(NodeType.values()).filter(NodeType::startsBranch))
        .containsExactly(NodeType.SOURCE, NodeType.JOIN);
    assertThat(Arrays.stream(NodeType.values()).filter(NodeType::endsBranch))
        .containsExactly(NodeType.SINK, NodeType.SPLIT, NodeType.SWITCH, NodeType.BRANCH_END);
    assertThat(Arrays.stream(NodeType.values()).filter(NodeType::joinsBranches))
        .containsExactly(NodeType.JOIN);
    assertThat(NodeType.BRANCH_END.jsonFieldNames())
        .containsExactlyInAnyOrder("type", "definition");
    assertThat(NodeType.SINK.jsonFieldNames())
        .containsExactlyInAnyOrder(
            "id", "additionalFields", "type", "ref", "endResult", "isDisabled");
  }

  private static ComponentDefinition definition(String id, ComponentKind kind) {
    return ComponentDefinition.builder(id, kind).docs("A component.").build();
  }
}
