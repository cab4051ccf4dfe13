// The canvas model must not lose anything: scenario JSON -> graph -> scenario JSON is the identity
// for every real scenario and the Nussknacker sample (run by `npm test`, from UiModelTest).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { edgeId, toGraph, toTree } from "../../target/ui-test/model.mjs";

const root = new URL("../../../", import.meta.url).pathname;
const files = [
  join(root, "../shared/reference/nussknacker-scenario-sample.json"),
  ...readdirSync(join(root, "scenarios"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(root, "scenarios", f)),
];

for (const file of files) {
  test(`round trip of ${file}`, () => {
    const tree = JSON.parse(readFileSync(file, "utf8"));
    assert.equal(JSON.stringify(toTree(toGraph(tree))), JSON.stringify(tree));
  });
}

test("a filter's false branch and a new edge into a sink become nextFalse and the next node", () => {
  const tree = JSON.parse(readFileSync(join(root, "scenarios/datasqrl-covisit.json"), "utf8"));
  const g = toGraph(tree);
  const filter = {
    id: "f",
    type: "walnut",
    position: { x: 0, y: 90 },
    data: {
      raw: { id: "f", expression: { language: "spel", expression: "true" }, isDisabled: null, nextFalse: [], type: "Filter" },
      order: 9,
    },
  };
  const sinkCopy = structuredClone(g.nodes.find((n) => n.id === "recommendations"));
  sinkCopy.id = "rejected";
  sinkCopy.data.raw.id = "rejected";
  const edges = g.edges.filter((e) => e.target !== "co-visits");
  edges.push(
    { id: edgeId("clicks", "out", "f"), source: "clicks", sourceHandle: "out", target: "f" },
    { id: edgeId("f", "true", "co-visits"), source: "f", sourceHandle: "true", target: "co-visits" },
    { id: edgeId("f", "false", "rejected"), source: "f", sourceHandle: "false", target: "rejected" },
  );
  const out = toTree({ nodes: [...g.nodes, filter, sinkCopy], edges, head: g.head });
  assert.deepEqual(
    out.nodes.map((n) => n.id),
    ["clicks", "f", "co-visits", "recommendations"],
  );
  assert.deepEqual(out.nodes[1].nextFalse.map((n) => n.id), ["rejected"]);
  assert.deepEqual(out.additionalBranches, []);
});
