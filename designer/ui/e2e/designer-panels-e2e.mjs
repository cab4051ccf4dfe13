// The designer's panels in a real Chromium (Debian's, never a downloaded one) at 1366 × 768, driven
// by playwright-core: the toolbar and auto-layout, the string editor, messages with a caret and a
// "did you mean", the test panel beside the node form, disabling a node, the scenario properties,
// the deployment state and the live view of a collect sink. Started by DesignerPanelsE2ETest,
// which provides the server, Kafka (500 clicks in `clickstream`) and the scenario to import.
import { chromium } from "playwright-core";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is required`);
  return v;
};
const url = env("WALNUT_URL");
const shots = env("WALNUT_SHOTS");
// when set, the screenshots the designer's README shows are copied there
const docShots = process.env.WALNUT_DOC_SHOTS;
mkdirSync(shots, { recursive: true });
if (docShots) mkdirSync(docShots, { recursive: true });

let step = 0;
const log = (m) => console.log(`[panels] ${m}`);
const browser = await chromium.launch({
  executablePath: process.env.WALNUT_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
page.setDefaultTimeout(60_000);
page.on("console", (m) => m.type() === "error" && console.log(`[browser] ${m.text()}`));
page.on("pageerror", (e) => console.log(`[browser] page error: ${e.message}`));
const shot = async (name, doc) => {
  step += 1;
  const file = join(shots, `panels-${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  if (doc && docShots) copyFileSync(file, join(docShots, `${doc}.png`));
  log(`screenshot ${file}`);
};
const byTest = (id) => page.locator(`[data-testid="${id}"]`);
const check = (ok, message) => {
  if (!ok) throw new Error(message);
};
const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

try {
  await page.goto(url);
  await byTest("login-user").fill(env("WALNUT_USER"));
  await byTest("login-password").fill(env("WALNUT_PASSWORD"));
  await byTest("login-submit").click();
  await byTest("palette-Source-kafka").waitFor();
  await byTest("import-file").setInputFiles(env("WALNUT_PANELS_SCENARIO"));
  await page.getByText(/^Imported panels/).waitFor();
  await byTest("node-seen").waitFor();

  // layout: the toolbar is one row at 1366 px; after auto-layout no node is under the controls or minimap
  const bar = await page.locator("header.toolbar").evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, height: e.clientHeight }));
  check(bar.scroll <= bar.client && bar.height < 48, `the toolbar does not fit one row at 1366 px: ${JSON.stringify(bar)}`);
  await byTest("layout").click();
  await page.waitForTimeout(400);
  const minimap = await page.locator(".react-flow__minimap").boundingBox();
  const controls = await page.locator(".react-flow__controls").boundingBox();
  for (const id of ["clicks", "no-url", "seen"]) {
    const box = await byTest(`node-${id}`).boundingBox();
    check(!overlaps(box, minimap) && !overlaps(box, controls), `node ${id} lies under the minimap or the controls after auto-layout`);
  }
  await shot("layout-1366");

  // string parameters: plain text, the quotes added; SpEL one click away
  await byTest("node-clicks").click();
  check((await byTest("param-Topic").inputValue()) === "clickstream", "the Topic is not shown as plain text");
  await byTest("mode-Topic").click();
  await page.locator('[data-testid="param-Topic"].cm-content').filter({ hasText: "'clickstream'" }).waitFor();
  await byTest("param-Topic").fill("'click' + 'stream'");
  await page.waitForFunction(() => document.querySelector('[data-testid="mode-Topic"]').disabled);
  await shot("string-editor-spel");
  await byTest("param-Topic").fill("'clickstream'");
  await page.waitForFunction(() => !document.querySelector('[data-testid="mode-Topic"]').disabled);
  await byTest("mode-Topic").click();
  await byTest("param-Topic").fill("clickstream");
  check((await byTest("param-Topic").inputValue()) === "clickstream", "back in the plain editor the Topic is lost");

  // messages: a syntax error with its position and a caret, a mistyped variable with a "did you mean"
  await byTest("node-no-url").click();
  await byTest("param-expression").fill("#input.url ==");
  const syntax = byTest("error-no-url-expression").filter({ hasText: "syntax error at character" });
  await syntax.waitFor();
  check((await syntax.locator("pre.caret").innerText()).includes("^"), "the syntax error has no caret under the expression");
  check(!(await syntax.innerText()).includes("EL1"), "the syntax error shows Spring's code");
  await shot("syntax-error-caret", "syntax-error");
  await byTest("param-expression").fill("#inptu.url == 'never'");
  await byTest("error-no-url-expression").filter({ hasText: "did you mean `#input`?" }).waitFor();
  await byTest("param-expression").fill("#input.url == 'never'");
  await byTest("error-no-url-expression").waitFor({ state: "detached" });
  await page.getByTestId("validity").filter({ hasText: /^valid$/ }).waitFor();

  // the test panel: a node click opens its form, the results are in the tab beside it
  await byTest("tab-test").click();
  await byTest("test-input-clicks").setInputFiles(env("WALNUT_CLICKS"));
  await byTest("test-input-summary-clicks").filter({ hasText: "(500 records)" }).waitFor();
  await byTest("test-run").click();
  await byTest("test-result").waitFor({ timeout: 180_000 });
  await page.locator('[data-testid="counts-seen"][data-source="test"]').filter({ hasText: "in 0" }).waitFor();
  await byTest("node-clicks").click();
  await byTest("node-panel").waitFor();
  await byTest("side-tab-results").click();
  await page.locator('[data-testid="node-records"] tbody tr').first().waitFor();
  // the records table scrolls inside the panel, never wider than it
  const widths = await page.evaluate(() => {
    const side = document.querySelector(".side").getBoundingClientRect();
    const box = document.querySelector('[data-testid="node-records"]').closest(".table-scroll").getBoundingClientRect();
    return { side: side.right, box: box.right };
  });
  check(widths.box <= widths.side + 1, `the records table sticks out of the side panel: ${JSON.stringify(widths)}`);
  await shot("test-results-tab", "test-results");

  // disable the filter: every record passes it in the test run
  await byTest("node-no-url").click();
  await byTest("node-panel").waitFor();
  await byTest("node-disabled").check();
  await page.locator('[data-testid="node-no-url"][data-disabled="true"]').waitFor();
  // the context menu enables and disables it again
  await byTest("node-no-url").click({ button: "right" });
  await byTest("node-menu-disable").filter({ hasText: "Enable" }).click();
  await page.locator('[data-testid="node-no-url"]:not([data-disabled])').waitFor();
  await byTest("node-no-url").click({ button: "right" });
  await byTest("node-menu").waitFor();
  await shot("node-context-menu");
  await byTest("node-menu-disable").filter({ hasText: "Disable" }).click();
  await page.locator('[data-testid="node-no-url"][data-disabled="true"]').waitFor();
  await page.getByTestId("validity").filter({ hasText: /^valid$/ }).waitFor();
  await byTest("side-tab-results").click();
  await byTest("test-run").click();
  await page.locator('[data-testid="counts-seen"][data-source="test"]').filter({ hasText: "in 500" }).waitFor({ timeout: 180_000 });
  await shot("disabled-node-test-run", "disabled-node");

  // scenario properties: a wrong parallelism is reported beside its field, an extra key/value kept
  await byTest("tab-properties").click();
  await byTest("properties-panel").waitFor();
  await page.locator('[data-testid="properties-panel"] .muted').filter({ hasText: "Loading" }).waitFor({ state: "detached" });
  const knownParallelism = (await byTest("property-parallelism").count()) > 0;
  log(`properties: parallelism ${knownParallelism ? "is a known property" : "added as a key/value"}`);
  if (knownParallelism) await byTest("property-parallelism").fill("0");
  else {
    await byTest("property-new-key").fill("parallelism");
    await byTest("property-new-value").fill("0");
    await byTest("property-add").click();
  }
  await byTest("property-error-parallelism").waitFor();
  await page.getByTestId("validity").filter({ hasText: "1 error" }).waitFor();
  await shot("properties-error", "properties");
  await byTest("property-parallelism").fill("1");
  await byTest("property-error-parallelism").waitFor({ state: "detached" });
  await byTest("property-new-key").fill("kafka.client.id");
  await byTest("property-new-value").fill("walnut-e2e");
  await byTest("property-add").click();
  await byTest("property-kafka.client.id").waitFor();
  await page.getByTestId("validity").filter({ hasText: /^valid$/ }).waitFor();

  // save, deploy: the state (and no failure) in the toolbar, the live view receives the sink's records
  await byTest("comment").fill("filter disabled, properties set");
  await byTest("save").click();
  await page.getByText("Saved version 2").waitFor();
  await byTest("deploy").click();
  await byTest("job-state").filter({ hasText: "RUNNING" }).waitFor({ timeout: 120_000 });
  check((await byTest("job-failure").count()) === 0, "a running job shows a failure");
  await byTest("tab-live").click();
  await byTest("live-seen").waitFor();
  await page.waitForFunction(
    () => /^(\d+) records?/.test(document.querySelector('[data-testid="live-count-seen"]')?.textContent ?? "") &&
      Number(/^(\d+)/.exec(document.querySelector('[data-testid="live-count-seen"]').textContent)[1]) >= 50,
    null,
    { timeout: 120_000 },
  );
  const firstRecord = await page.locator('[data-testid="live-records-seen"] pre.json-record').first().innerText();
  check(firstRecord.includes('"url"') && firstRecord.includes("\n"), `the live view does not show pretty JSON: ${firstRecord}`);
  await shot("live-view", "live-view");
  await byTest("live-pause-seen").click();
  await byTest("live-pause-seen").filter({ hasText: "Resume" }).waitFor();
  await byTest("live-clear-seen").click();
  await byTest("live-count-seen").filter({ hasText: /^0 records/ }).waitFor();
  await byTest("live-pause-seen").click();
  await byTest("live-pause-seen").filter({ hasText: "Pause" }).waitFor();
  const link = byTest("flink-job-link");
  if ((await link.count()) > 0) log(`Flink job link: ${await link.getAttribute("href")}`);
  await byTest("cancel").click();
  await byTest("job-state").filter({ hasText: "CANCELED" }).waitFor({ timeout: 120_000 });
  writeFileSync(join(shots, "panels-result.txt"), "ok\n");
} catch (e) {
  await shot("failure").catch(() => {});
  console.error(`[panels] FAILED: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
