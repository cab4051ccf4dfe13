// End-to-end flow of the designer in a real Chromium (Debian's, never a downloaded one), driven by
// playwright-core. Started by DesignerE2ETest, which provides the server, Kafka and the inputs.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is required`);
  return v;
};
const url = env("WALNUT_URL");
const shots = env("WALNUT_SHOTS");
const executablePath = process.env.WALNUT_CHROMIUM || "/usr/bin/chromium";
mkdirSync(shots, { recursive: true });

let step = 0;
const log = (m) => console.log(`[e2e] ${m}`);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
const page = await context.newPage();
page.setDefaultTimeout(60_000);
page.on("console", (m) => m.type() === "error" && console.log(`[browser] ${m.text()}`));
page.on("pageerror", (e) => console.log(`[browser] page error: ${e.message}`));
const shot = async (name) => {
  step += 1;
  const file = join(shots, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${file}`);
};
const byTest = (id) => page.locator(`[data-testid="${id}"]`);

async function dropFromPalette(paletteId, x, y) {
  const canvas = byTest("canvas");
  await byTest(paletteId).dragTo(canvas, { targetPosition: { x, y } });
}

async function rename(fromId, toId) {
  await byTest(`node-${fromId}`).click();
  const input = byTest("node-id");
  await input.fill(toId);
  await input.press("Enter");
  await byTest(`node-${toId}`).waitFor();
}

async function connect(fromId, handle, toId) {
  const from = await byTest(`handle-${fromId}-${handle}`).boundingBox();
  const to = await page.locator(`[data-testid="node-${toId}"] .react-flow__handle.target`).boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  await page.mouse.up();
  await page.locator(`.react-flow__edge[data-id="${fromId}:${handle}->${toId}"]`).waitFor({ state: "attached" });
}

async function fill(testId, value) {
  const f = byTest(testId);
  await f.fill(value);
}

try {
  // 1. log in
  await page.goto(url);
  await byTest("login-user").fill(env("WALNUT_USER"));
  await byTest("login-password").fill(env("WALNUT_PASSWORD"));
  await shot("login");
  await byTest("login-submit").click();
  await byTest("palette-Source-kafka").waitFor();
  await shot("palette");

  // 2. build datasqrl-covisit from an empty canvas
  await byTest("new-name").fill("datasqrl-covisit");
  await byTest("create").click();
  await page.getByText("datasqrl-covisit v1").waitFor();
  await dropFromPalette("palette-Source-kafka", 350, 80);
  await rename("kafka", "clicks");
  // a fresh kafka source has no topic: the validation error shows on the node and in the form
  await byTest("error-clicks-Topic").waitFor();
  await page.locator('[data-testid="node-clicks"].wnode-error').waitFor();
  await shot("validation-error");
  // the topic comes from the broker: the component suggests the topics Kafka has
  await byTest("suggest-Topic").click();
  await byTest("suggestion-Topic-clickstream").waitFor();
  const offered = await byTest("suggestions-Topic").innerText();
  if (!offered.includes("1 partition") || !offered.includes("recommendations")) {
    throw new Error(`the Topic suggestions miss the broker's topics: ${offered}`);
  }
  await shot("topic-suggestions");
  await byTest("suggestion-Topic-clickstream").click();
  await byTest("suggestions-Topic").waitFor({ state: "detached" });
  const picked = await byTest("param-Topic").inputValue();
  if (picked !== "clickstream") throw new Error(`picking the suggestion set the Topic to "${picked}"`);
  await fill("param-Timestamp field", "event_time");
  await byTest("error-clicks-Topic").waitFor({ state: "detached" });
  await shot("validation-fixed");

  await dropFromPalette("palette-CustomNode-co-visit", 350, 260);
  await rename("co-visit", "co-visits");
  await dropFromPalette("palette-Sink-kafka", 350, 440);
  await rename("kafka", "recommendations");
  await connect("clicks", "out", "co-visits");
  await connect("co-visits", "out", "recommendations");
  await byTest("node-co-visits").click();
  await fill("param-outputVar", "covisit");
  // the expression editor completes the variables the server reports for this node
  await byTest("param-userKey").click();
  await page.keyboard.type("#in");
  await page.locator(".cm-tooltip-autocomplete").getByText("#input").waitFor();
  await shot("autocomplete");
  await fill("param-userKey", "#input.userid");
  await fill("param-item", "#input.url");
  await fill("param-window", "PT10M");
  await byTest("node-recommendations").click();
  await fill("param-Topic", "recommendations");
  await fill("param-Key", "#covisit.item");
  await fill(
    "param-Value",
    "{url: #covisit.item, recommendation: #covisit.recommendation, frequency: #covisit.frequency}",
  );
  await page.locator('[data-testid="node-clicks"]:not(.wnode-error)').waitFor();
  await page.getByTestId("validity").filter({ hasText: /^valid$/ }).waitFor();
  await shot("built");

  // delete a node and undo it; copy and paste a node and undo that
  await byTest("node-recommendations").click();
  await page.locator('[data-testid="node-panel"] button.danger').click();
  await byTest("node-recommendations").waitFor({ state: "detached" });
  await byTest("undo").click();
  await byTest("node-recommendations").waitFor();
  await page.locator('.react-flow__edge[data-id="co-visits:out->recommendations"]').waitFor({ state: "attached" });
  await byTest("node-co-visits").click();
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await byTest("node-co-visits-copy").waitFor();
  await shot("pasted");
  await byTest("undo").click();
  await byTest("node-co-visits-copy").waitFor({ state: "detached" });
  await page.getByTestId("validity").filter({ hasText: /^valid$/ }).waitFor();
  // a valid scenario marks no node as failing, whatever undo restored
  const marked = await page.locator(".wnode-badge").count();
  if (marked !== 0) throw new Error(`the scenario is valid but ${marked} node(s) are marked with errors`);

  // 3. save with a comment
  await byTest("comment").fill("co-visitation recommender, built by drag and drop");
  await byTest("save").click();
  await page.getByText("Saved version 2").waitFor();
  await shot("saved");

  // the keyboard: the shortcut list, select all, duplicate and undo it
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("?");
  await byTest("shortcuts").waitFor();
  await shot("shortcuts");
  await page.keyboard.press("Escape");
  await byTest("shortcuts").waitFor({ state: "detached" });
  await page.keyboard.press("Control+a");
  await page.waitForFunction(() => document.querySelectorAll(".react-flow__node.selected").length === 3);
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => document.querySelectorAll(".react-flow__node.selected").length === 0);
  await byTest("node-co-visits").click();
  await page.keyboard.press("Control+d");
  await byTest("node-co-visits-copy").waitFor();
  await byTest("undo").click();
  await byTest("node-co-visits-copy").waitFor({ state: "detached" });
  if (!(await byTest("save").isDisabled())) throw new Error("undoing the duplicate left unsaved changes");

  // the difference between version 1 (empty) and 2, drawn on the canvas
  await byTest("tab-versions").click();
  await byTest("compare-2").click();
  await byTest("compare-banner").waitFor();
  await page.locator('[data-testid="node-recommendations"][data-diff="added"]').waitFor();
  const addedNodes = await page.locator('.react-flow__node [data-diff="added"]').count();
  if (addedNodes !== 3) throw new Error(`comparing v1 (empty) with v2 marks ${addedNodes} nodes as added, not 3`);
  await shot("compare-on-canvas");
  await byTest("compare-close").click();
  await byTest("compare-banner").waitFor({ state: "detached" });
  await page.locator("[data-diff]").first().waitFor({ state: "detached" });

  // 4. test-run with the DataSQRL clickstream sample, then inspect a node's results
  await byTest("tab-test").click();
  await byTest("test-input-clicks").setInputFiles(env("WALNUT_CLICKS"));
  await byTest("test-input-summary-clicks").filter({ hasText: "(500 records)" }).waitFor();
  // or the newest records of the source's own topic (the broker holds the same 500)
  await byTest("test-capture-limit-clicks").fill("500");
  await byTest("test-capture-clicks").click();
  await byTest("test-input-summary-clicks").filter({ hasText: "(500 records, captured)" }).waitFor();
  await shot("test-input-captured");
  await byTest("test-run").click();
  await byTest("test-result").waitFor({ timeout: 180_000 });
  // a click opens the node's form; its test results are in the tab beside it
  await byTest("node-recommendations").click();
  await byTest("node-panel").waitFor();
  await byTest("side-tab-results").click();
  await page.locator('[data-testid="node-result"] table.records tbody tr').first().waitFor();
  const rows = await page.locator('[data-testid="node-result"] table.records tbody tr').count();
  log(`test run: ${rows} records shown for recommendations`);
  // a node in the middle: the records that entered it, with their variables
  await byTest("node-co-visits").click();
  await byTest("side-tab-results").click();
  await page.locator('[data-testid="node-records"] tbody tr').first().waitFor();
  const entered = await page.locator('[data-testid="node-records"] tbody tr').count();
  const header = await page.locator('[data-testid="node-records"] thead').innerText();
  if (entered < 1 || !header.includes("input")) throw new Error(`co-visits shows ${entered} records, columns ${header}`);
  log(`test run: ${entered} records with their variables shown for co-visits`);
  await shot("test-run-node-records");
  await page.locator('[data-testid="counts-clicks"][data-source="test"]').filter({ hasText: "out 500" }).waitFor();
  await shot("test-run");

  // 5. deploy on the local MiniCluster, see counts grow, cancel
  await byTest("deploy").click();
  await byTest("job-state").filter({ hasText: "RUNNING" }).waitFor({ timeout: 120_000 });
  // live counts from the cluster's metrics (Flink refreshes them about every 10 s)
  await page
    .locator('[data-testid="counts-clicks"][data-source="live"]')
    .filter({ hasText: "out 500" })
    .waitFor({ timeout: 120_000 });
  await page
    .locator('[data-testid="counts-co-visits"][data-source="live"]')
    .filter({ hasText: "in 500" })
    .waitFor({ timeout: 60_000 });
  await shot("deployed-counts");
  await byTest("cancel").click();
  await byTest("job-state").filter({ hasText: "CANCELED" }).waitFor({ timeout: 120_000 });
  await shot("cancelled");

  // 6. import the Nussknacker sample and export it back unchanged
  const samplePath = env("WALNUT_NU_SAMPLE");
  await byTest("import-file").setInputFiles(samplePath);
  await page.getByText(/^Imported /).waitFor();
  await page.locator(".react-flow__node").first().waitFor();
  await shot("imported-nussknacker-sample");
  // the canvas model holds the sample without loss: nothing shows as unsaved
  if (!(await byTest("save").isDisabled())) throw new Error("the imported sample shows unsaved changes");
  const [download] = await Promise.all([page.waitForEvent("download"), byTest("export").click()]);
  const exportedPath = join(shots, "exported-nussknacker-sample.json");
  await download.saveAs(exportedPath);
  const same = isDeepStrictEqual(
    JSON.parse(readFileSync(exportedPath, "utf8")),
    JSON.parse(readFileSync(samplePath, "utf8")),
  );
  if (!same) throw new Error(`the exported sample differs from the imported one: ${exportedPath}`);
  log("Nussknacker sample exported unchanged");

  // 7. a Join with branch parameters per incoming branch, and a Switch with its legacy value
  await byTest("new-name").fill("union-switch");
  await byTest("create").click();
  await page.getByText("union-switch v1").waitFor();
  await dropFromPalette("palette-Source-kafka", 200, 60);
  await rename("kafka", "views");
  await fill("param-Topic", "clickstream");
  await dropFromPalette("palette-Source-kafka", 560, 60);
  await rename("kafka", "orders");
  await fill("param-Topic", "recommendations");
  await dropFromPalette("palette-Join-union", 380, 210);
  await rename("union", "both");
  await connect("views", "out", "both");
  await connect("orders", "out", "both");
  await byTest("node-both").click();
  await fill("param-outputVar", "merged");
  const branchForm = await byTest("branch-parameters").innerText();
  if (!branchForm.includes("branch views") || !branchForm.includes("branch orders")) {
    throw new Error(`the union's form does not show one set of branch parameters per branch: ${branchForm}`);
  }
  await byTest("error-both").filter({ hasText: "needs its branch parameters" }).first().waitFor();
  await fill("param-views-Output expression", "#input.url");
  await fill("param-orders-Output expression", "#input.item");
  await byTest("error-both").filter({ hasText: "needs its branch parameters" }).first().waitFor({ state: "detached" });
  await dropFromPalette("palette-Switch-switch", 380, 370);
  await rename("switch", "route");
  await dropFromPalette("palette-Sink-collect", 380, 560);
  await rename("collect", "out");
  await fill("param-Value", "#page");
  await connect("both", "out", "route");
  await byTest("node-route").click();
  await fill("param-switch-expression", "#merged");
  await fill("param-exprVal", "page");
  await fill("param-case-1", "#page == null");
  await byTest("add-case").click();
  await fill("param-case-2", "#page != null");
  await connect("route", "case-1", "out");
  await shot("union-switch-built");
  // the first case goes: the second becomes case 1 and keeps its edge
  await byTest("remove-case-1").click();
  await page.locator('.react-flow__edge[data-id="route:case-0->out"]').waitFor({ state: "attached" });
  await byTest("handle-route-case-1").waitFor({ state: "detached" });
  // renaming a source renames the branch its parameters are given for
  await rename("orders", "purchases");
  await byTest("node-both").click();
  await byTest("branch-parameters").filter({ hasText: "branch purchases" }).waitFor();
  await page.getByTestId("validity").filter({ hasText: /^valid$/ }).waitFor();
  await shot("union-switch-valid");
  await byTest("comment").fill("a union and a switch");
  await byTest("save").click();
  await page.getByText("Saved version 2").waitFor();
  writeFileSync(join(shots, "result.txt"), "ok\n");
} catch (e) {
  await shot("failure").catch(() => {});
  console.error(`[e2e] FAILED: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
