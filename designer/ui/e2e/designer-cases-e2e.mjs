// Stored test cases in a real Chromium (Debian's, never a downloaded one), driven by
// playwright-core: open a shipped scenario, run its test case from the Test cases tab and see the
// nodes marked passed on the canvas; write a second case in the panel, run it, see it fail with
// what differed (and the node marked failed), fix it, run it again, and save the scenario with
// both cases; then add a sticky note, drag it, and save it with the scenario. Started by DesignerCasesE2ETest, which provides the server and the scenario file.
import { chromium } from "playwright-core";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is required`);
  return v;
};
const url = env("WALNUT_URL");
const shots = env("WALNUT_SHOTS");
const docShots = process.env.WALNUT_DOC_SHOTS;
mkdirSync(shots, { recursive: true });
if (docShots) mkdirSync(docShots, { recursive: true });

let step = 0;
const log = (m) => console.log(`[cases] ${m}`);
const browser = await chromium.launch({
  executablePath: process.env.WALNUT_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
page.setDefaultTimeout(90_000);
page.on("console", (m) => m.type() === "error" && console.log(`[browser] ${m.text()}`));
page.on("pageerror", (e) => console.log(`[browser] page error: ${e.message}`));
const shot = async (name, doc) => {
  step += 1;
  const file = join(shots, `cases-${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  if (doc && docShots) copyFileSync(file, join(docShots, `${doc}.png`));
  log(`screenshot ${file}`);
};
const byTest = (id) => page.locator(`[data-testid="${id}"]`);
const check = (ok, message) => {
  if (!ok) throw new Error(message);
};
const waitAttr = (id, name, value) =>
  page.waitForFunction(
    ([id, name, value]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(name) === value,
    [id, name, value],
  );

/** The case the analyst writes: two clicks, one not a page view; the condition first wrong. */
const written = (sessions) => ({
  name: "only page views reach the sessions",
  inputs: {
    clicks: [
      { userid: "u9", url: "https://p", event_time: "2024-01-02T00:00:00Z" },
      { userid: "u9", url: "mailto:x", event_time: "2024-01-02T00:01:00Z" },
    ],
  },
  assertions: [
    { node: "page views only", count: { in: 2, out: 1 } },
    { node: "sessions", condition: `#output.size() == ${sessions}` },
  ],
});

try {
  await page.goto(url);
  await byTest("login-user").fill(env("WALNUT_USER"));
  await byTest("login-password").fill(env("WALNUT_PASSWORD"));
  await byTest("login-submit").click();
  await byTest("palette-Source-kafka").waitFor();
  await byTest("import-file").setInputFiles(env("WALNUT_CASES_SCENARIO"));
  await page.getByText(/^Imported clickstream-sessions/).waitFor();
  await byTest("node-sessions").waitFor();

  // the shipped case: run all, every checked node marked passed on the canvas
  await byTest("tab-test").click();
  await byTest("side-tab-cases").click();
  await byTest("case-0").waitFor();
  await byTest("run-all-cases").click();
  await waitAttr("case-result-0", "data-passed", "true");
  await waitAttr("case-mark-sessions", "data-case", "pass");
  await waitAttr("case-mark-page views only", "data-case", "pass");
  check((await byTest("cases-summary").innerText()) === "1 of 1 passed", "the summary does not say 1 of 1 passed");
  await shot("shipped-case-passes");

  // a case written in the panel: wrong first, so it fails saying what differed
  await byTest("add-case").click();
  await byTest("case-json-1").waitFor();
  const template = JSON.parse(await byTest("case-json-1").inputValue());
  check(Array.isArray(template.inputs?.clicks), `the new case does not offer the source's inputs: ${JSON.stringify(template)}`);
  await byTest("case-json-1").fill("{ not json");
  await byTest("case-apply-1").click();
  await byTest("case-error-1").waitFor();
  check((await byTest("case-error-1").innerText()).startsWith("not JSON"), "a malformed edit is not reported");
  await byTest("case-json-1").fill(JSON.stringify(written(2), null, 2));
  await byTest("case-apply-1").click();
  await page.locator('[data-testid="case-1"] strong', { hasText: "only page views reach the sessions" }).waitFor();
  await byTest("run-all-cases").click();
  await waitAttr("case-result-1", "data-passed", "false");
  await waitAttr("case-mark-sessions", "data-case", "fail");
  const failures = await byTest("case-failures-1").innerText();
  check(failures.includes("#output.size() == 2` is false"), `the failure does not say what differed: ${failures}`);
  check((await byTest("cases-summary").innerText()) === "1 of 2 passed", "the summary does not say 1 of 2 passed");
  await byTest("case-1").scrollIntoViewIfNeeded();
  await shot("written-case-fails", "test-cases");

  // fixed, run alone, then saved with the scenario
  await byTest("case-json-1").fill(JSON.stringify(written(1), null, 2));
  await byTest("case-apply-1").click();
  await byTest("case-run-1").click();
  await waitAttr("case-result-1", "data-passed", "true");
  await waitAttr("case-mark-sessions", "data-case", "pass");
  await byTest("comment").fill("a test case for non-page URLs");
  await byTest("save").click();
  await page.getByText("Saved version 2").waitFor();
  await shot("saved");

  // a sticky note, saved with the scenario (in its additional fields)
  await byTest("add-note").click();
  await byTest("note-text-note-1").fill("sessions: the last 5 minutes of page views per user");
  const before = await byTest("note-note-1").boundingBox();
  await page.mouse.move(before.x + 20, before.y + 5);
  await page.mouse.down();
  await page.mouse.move(before.x + 120, before.y + 65, { steps: 5 });
  await page.mouse.up();
  const after = await byTest("note-note-1").boundingBox();
  check(Math.abs(after.x - before.x - 100) < 3 && Math.abs(after.y - before.y - 60) < 3, `the note did not follow the drag: ${JSON.stringify([before, after])}`);
  await byTest("comment").fill("a note");
  await byTest("save").click();
  await page.getByText("Saved version 3").waitFor();
  await shot("sticky-note", "sticky-note");
  log("done");
} catch (e) {
  await shot("failure").catch(() => {});
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
