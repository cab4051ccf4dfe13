// Version compare drawn on the canvas, Switch case removal and Join branches in the canvas model
// (run by `npm test`, from UiModelTest).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { branchIdOf, toGraph, toTree, withoutSwitchCase } from "../../target/ui-test/model.mjs";
import { diffGraph } from "../../target/ui-test/compare.mjs";

const root = new URL("../../../", import.meta.url).pathname;
const covisit = () => JSON.parse(readFileSync(join(root, "scenarios/datasqrl-covisit.json"), "utf8"));
const spel = (expression) => ({ language: "spel", expression });
const at = (x, y) => ({ description: null, layoutData: { x, y } });

test("two versions on one canvas: added, changed and removed nodes and edges are marked", () => {
  const older = covisit();
  const newer = covisit();
  newer.nodes[1].parameters[2].expression.expression = "'PT20M'";
  const audit = structuredClone(newer.nodes[2]);
  audit.id = "audit";
  newer.nodes[2] = audit;
  const diff = { from: 1, to: 2, added: ["audit"], removed: ["recommendations"], changed: ["co-visits"], propertiesChanged: false, identical: false };

  const g = diffGraph(older, newer, diff);
  const mark = Object.fromEntries(g.nodes.map((n) => [n.id, n.data.diff ?? "same"]));
  assert.deepEqual(mark, { clicks: "same", "co-visits": "changed", audit: "added", recommendations: "removed" });
  // the ghost stands where the older version had it
  const ghost = g.nodes.find((n) => n.id === "recommendations");
  const before = toGraph(older).nodes.find((n) => n.id === "recommendations");
  assert.deepEqual(ghost.position, before.position);
  assert.ok(g.nodes.every((n) => n.draggable === false));
  const edges = Object.fromEntries(g.edges.map((e) => [e.id, e.data.diff ?? "same"]));
  assert.deepEqual(edges, {
    "clicks:out->co-visits": "same",
    "co-visits:out->audit": "added",
    "removed:co-visits:out->recommendations": "removed",
  });
});

const switchScenario = () => ({
  metaData: { id: "s", additionalFields: { description: null, properties: {}, metaDataType: "StreamMetaData" } },
  nodes: [
    { id: "in", ref: { typ: "kafka", parameters: [] }, additionalFields: at(0, 0), type: "Source" },
    {
      id: "sw",
      expression: spel("#input.kind"),
      exprVal: "kind",
      nexts: [
        { expression: spel("#kind == 'a'"), nodes: [{ id: "a", ref: { typ: "collect", parameters: [] }, endResult: null, isDisabled: null, additionalFields: at(0, 200), type: "Sink" }] },
        { expression: spel("#kind == 'b'"), nodes: [{ id: "b", ref: { typ: "collect", parameters: [] }, endResult: null, isDisabled: null, additionalFields: at(200, 200), type: "Sink" }] },
        { expression: spel("#kind == 'c'"), nodes: [{ id: "c", ref: { typ: "collect", parameters: [] }, endResult: null, isDisabled: null, additionalFields: at(400, 200), type: "Sink" }] },
      ],
      defaultNext: [{ id: "d", ref: { typ: "collect", parameters: [] }, endResult: null, isDisabled: null, additionalFields: at(600, 200), type: "Sink" }],
      additionalFields: at(0, 100),
      type: "Switch",
    },
  ],
  additionalBranches: [],
});

test("a legacy Switch (expression, exprVal) round trips and loses a case with its edge", () => {
  const tree = switchScenario();
  const g = toGraph(tree);
  assert.equal(JSON.stringify(toTree(g)), JSON.stringify(tree));
  const sw = g.nodes.find((n) => n.id === "sw");
  const { raw, edges } = withoutSwitchCase(sw.data.raw, g.edges, 1);
  assert.equal(raw.nexts.length, 2);
  assert.deepEqual(
    edges.filter((e) => e.source === "sw").map((e) => e.id).sort(),
    ["sw:case-0->a", "sw:case-1->c", "sw:default->d"],
  );
  const nodes = g.nodes.filter((n) => n.id !== "b").map((n) => (n.id === "sw" ? { ...n, data: { ...n.data, raw } } : n));
  const after = toTree({ nodes, edges, head: g.head });
  const rebuilt = after.nodes[1];
  assert.equal(rebuilt.exprVal, "kind");
  assert.deepEqual(rebuilt.expression, spel("#input.kind"));
  assert.deepEqual(rebuilt.nexts.map((c) => [c.expression.expression, c.nodes.map((n) => n.id)]), [
    ["#kind == 'a'", ["a"]],
    ["#kind == 'c'", ["c"]],
  ]);
  assert.deepEqual(rebuilt.defaultNext.map((n) => n.id), ["d"]);
});

test("a Join keeps its branch parameters and names its incoming branches", () => {
  const source = (id, x) => ({ id, ref: { typ: "kafka", parameters: [] }, additionalFields: at(x, 0), type: "Source" });
  const tree = {
    metaData: { id: "j", additionalFields: { description: null, properties: {}, metaDataType: "StreamMetaData" } },
    nodes: [source("views", 0), { definition: { id: "views-branch", joinId: "both" }, type: "BranchEndData" }],
    additionalBranches: [
      [source("orders", 300), { definition: { id: "orders", joinId: "both" }, type: "BranchEndData" }],
      [
        {
          id: "both",
          outputVar: "joined",
          nodeType: "join-latest",
          parameters: [{ name: "window", expression: spel("'PT1H'") }],
          branchParameters: [
            { branchId: "views-branch", parameters: [{ name: "key", expression: spel("#input.user") }] },
            { branchId: "orders", parameters: [{ name: "key", expression: spel("#input.customer") }] },
          ],
          additionalFields: at(150, 150),
          type: "Join",
        },
        { id: "out", ref: { typ: "collect", parameters: [] }, endResult: null, isDisabled: null, additionalFields: at(150, 300), type: "Sink" },
      ],
    ],
  };
  const g = toGraph(tree);
  assert.deepEqual(g.edges.filter((e) => e.target === "both").map(branchIdOf).sort(), ["orders", "views-branch"]);
  assert.equal(JSON.stringify(toTree(g)), JSON.stringify(tree));
});
