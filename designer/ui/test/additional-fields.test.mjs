// Test cases and sticky notes live in the scenario's additional fields: set, replaced, and removed
// when none is left, without touching the other fields (run by `npm test`, from UiModelTest).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { stickyNotesOf, testCasesOf, toGraph, toTree, withStickyNotes, withTestCases } from "../../target/ui-test/model.mjs";

const root = new URL("../../../", import.meta.url).pathname;
const sessions = JSON.parse(readFileSync(`${root}scenarios/clickstream-sessions.json`, "utf8"));

test("the shipped case is read, replaced and removed with the other fields kept", () => {
  assert.equal(testCasesOf(sessions).length, 1);
  const two = withTestCases(sessions, [...testCasesOf(sessions), { name: "another", assertions: [] }]);
  assert.deepEqual(testCasesOf(two).map((c) => c.name), [testCasesOf(sessions)[0].name, "another"]);
  const none = withTestCases(two, []);
  assert.equal("testCases" in none.metaData.additionalFields, false);
  assert.deepEqual(none.metaData.additionalFields.properties, sessions.metaData.additionalFields.properties);
});

test("sticky notes survive the canvas model and are removed when none is left", () => {
  const note = { noteId: "note-1", content: "why", layoutData: { x: 1, y: 2 }, dimensions: { width: 220, height: 120 }, color: "#fdf3a7" };
  const withNote = withStickyNotes(sessions, [note]);
  const back = toTree(toGraph(withNote));
  assert.deepEqual(stickyNotesOf(back), [note]);
  assert.equal("stickyNotes" in withStickyNotes(back, []).metaData.additionalFields, false);
});
