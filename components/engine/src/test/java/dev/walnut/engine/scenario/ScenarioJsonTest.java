package dev.walnut.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.engine.fakes.SharedData;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theNussknackerSampleRoundTripsToTheSameJsonTree() throws Exception {
    String original =
        Files.readString(SharedData.file("reference/nussknacker-scenario-sample.json"));

    Scenario scenario = ScenarioJson.read(original);
    String written = ScenarioJson.write(scenario);

    assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(original));
    assertThat(scenario.id()).isEqualTo("DetectLargeTransactions");
    assertThat(scenario.metaData().parallelism()).isEqualTo(1);
    assertThat(scenario.allNodes())
        .extracting(NodeData::id)
        .containsExactly("transactions", "only large ones", "send for audit");
  }

  @Test
  void writingKeepsTheOriginalFieldOrder() throws Exception {
    String original =
        Files.readString(SharedData.file("reference/nussknacker-scenario-sample.json"));
    List<String> originalFields = fieldNames(JSON.readTree(original).at("/nodes/1"));

    JsonNode written = JSON.readTree(ScenarioJson.write(ScenarioJson.read(original)));

    assertThat(fieldNames(written.at("/nodes/1"))).isEqualTo(originalFields);
  }

  @Test
  void theUnionExcerptWithBranchEndsAndAJoinRoundTrips() throws Exception {
    JsonNode excerpt =
        JSON.readTree(SharedData.file("reference/nussknacker-union-excerpt.json").toFile());
    ObjectNode scenario = JSON.createObjectNode();
    scenario.set(
        "metaData",
        JSON.readTree(
            "{\"id\":\"offers\",\"additionalFields\":{\"description\":null,\"properties\":{\"parallelism\":\"2\"},\"metaDataType\":\"StreamMetaData\"}}"));
    ArrayNode nodes = JSON.createArrayNode();
    nodes.add(
        JSON.readTree(
            "{\"id\":\"offers\",\"ref\":{\"typ\":\"kafka\",\"parameters\":[]},\"additionalFields\":null,\"type\":\"Source\"}"));
    excerpt.get("nodes_excerpt").forEach(nodes::add);
    scenario.set("nodes", nodes);
    ArrayNode join = (ArrayNode) excerpt.get("additionalBranches_excerpt").get(0).deepCopy();
    join.remove(1);
    join.add(
        JSON.readTree(
            "{\"id\":\"out\",\"ref\":{\"typ\":\"dead-end\",\"parameters\":[]},\"endResult\":null,\"isDisabled\":null,\"additionalFields\":null,\"type\":\"Sink\"}"));
    scenario.set("additionalBranches", JSON.createArrayNode().add(join));

    Scenario read = ScenarioJson.fromTree(scenario);

    assertThat(ScenarioJson.toTree(read)).isEqualTo(scenario);
    NodeData.Join union = (NodeData.Join) read.node("Union").orElseThrow();
    assertThat(union.nodeType()).isEqualTo("union");
    assertThat(union.branchParameters())
        .extracting(BranchParameters::branchId)
        .containsExactly("Random 4% discount", "Extract the special discount");
    assertThat(read.allNodes()).filteredOn(n -> n instanceof NodeData.BranchEnd).hasSize(2);
  }

  @Test
  void aScenarioBuiltInCodeIsWrittenInCanonicalOrderAndReadBackEqual() {
    Scenario built =
        new Scenario(
            MetaData.of("built", Map.of("parallelism", "3")),
            List.of(
                new CanonicalNode.Flat(
                    new NodeData.Source(
                        "in",
                        NodeData.ComponentRef.of(
                            "kafka", List.of(NodeParameter.spel("Topic", "'t'"))),
                        AdditionalFields.at(0, 0),
                        JsonExtras.NONE)),
                new CanonicalNode.FilterNode(
                    new NodeData.Filter(
                        "f",
                        Expression.spel("#input.a > 1"),
                        null,
                        AdditionalFields.at(0, 100),
                        JsonExtras.NONE),
                    List.of()),
                new CanonicalNode.Flat(
                    new NodeData.Sink(
                        "out",
                        NodeData.ComponentRef.of("dead-end", List.of()),
                        null,
                        null,
                        AdditionalFields.at(0, 200),
                        JsonExtras.NONE))),
            List.of(),
            JsonExtras.NONE);

    ObjectNode tree = ScenarioJson.toTree(built);

    assertThat(fieldNames(tree.at("/nodes/1")))
        .containsExactly("nextFalse", "id", "expression", "isDisabled", "additionalFields", "type");
    assertThat(ScenarioJson.toTree(ScenarioJson.read(ScenarioJson.write(built)))).isEqualTo(tree);
  }

  @Test
  void unknownFieldsSurviveTheRoundTrip() throws Exception {
    String json =
        "{\"metaData\":{\"id\":\"x\",\"additionalFields\":{\"properties\":{}},\"labels\":[\"a\"]},"
            + "\"nodes\":[{\"id\":\"s\",\"ref\":{\"typ\":\"kafka\",\"parameters\":[]},\"futureField\":{\"k\":1},\"type\":\"Source\"}],"
            + "\"additionalBranches\":[]}";

    assertThat(ScenarioJson.toTree(ScenarioJson.read(json))).isEqualTo(JSON.readTree(json));
  }

  @Test
  void malformedScenariosAreRefusedWithThePathToFix() {
    assertThatThrownBy(() -> ScenarioJson.read("{\"metaData\": "))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith("scenario is not valid JSON");
    assertThatThrownBy(
            () ->
                ScenarioJson.read(
                    "{\"metaData\":{\"id\":\"x\"},\"nodes\":[{\"type\":\"Source\"}]}"))
        .hasMessage("$.nodes[0].id is missing");
    assertThatThrownBy(
            () ->
                ScenarioJson.read(
                    "{\"metaData\":{\"id\":\"x\"},\"nodes\":[{\"id\":\"a\",\"type\":\"Teleport\"}]}"))
        .hasMessageStartingWith(
            "$.nodes[0].type: unknown node type `Teleport`; expected one of Source, Sink");
    assertThatThrownBy(() -> ScenarioJson.read("{\"metaData\":{\"id\":\"x\"},\"nodes\":{}}"))
        .hasMessage("$.nodes must be an array");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
