// Browser part of the designer's ValidateBenchmark: how long opening a stored scenario takes in
// the UI, the way a user does it (pick it in the scenario list), until the canvas shows all its
// nodes and the validation result of that version is shown; beside the bare API calls the UI makes
// for it (GET the scenario, POST /api/validate), fetched from the same page. Debian's Chromium,
// never a downloaded one, driven by playwright-core. Started by ValidateBenchmark, which stores the
// scenarios; prints one line `RESULT {"ui": [ms, ...], "api": [ms, ...]}`.
import { chromium } from "playwright-core";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is required`);
  return v;
};
const url = env("WALNUT_URL");
const scenario = env("WALNUT_SCENARIO");
const nodes = Number(env("WALNUT_NODES"));
// a small scenario opened between the timed runs, so each run opens the large one afresh
const other = env("WALNUT_OTHER");
const otherNodes = Number(env("WALNUT_OTHER_NODES"));
const runs = Number(env("WALNUT_RUNS"));
const warmup = Number(env("WALNUT_WARMUP"));
const executablePath = process.env.WALNUT_CHROMIUM || "/usr/bin/chromium";

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (e) => console.log(`[browser] page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && console.log(`[browser] ${m.text()}`));
  const byTest = (id) => page.locator(`[data-testid="${id}"]`);

  await page.goto(url);
  await byTest("login-user").fill(env("WALNUT_USER"));
  await byTest("login-password").fill(env("WALNUT_PASSWORD"));
  await byTest("login-submit").click();
  await byTest("palette-Source-kafka").waitFor();
  for (const name of [scenario, other]) {
    await page.locator(`[data-testid="scenario-select"] option[value="${name}"]`).waitFor({ state: "attached" });
  }
  // the moment the user's choice reaches the page: the select's change event (seen before React's)
  await page.evaluate(() =>
    window.addEventListener("change", (e) => {
      if (e.target?.dataset?.testid === "scenario-select") window.__walnutPicked = performance.now();
    }, true),
  );

  /** Picks `name` in the scenario list; ms from the change event until it is shown and validated. */
  async function open(name, count, version) {
    await page.evaluate(() => {
      window.__walnutPicked = null;
    });
    const shown = page.evaluate(
      ({ expected, count }) =>
        new Promise((resolve, reject) => {
          const ready = () => {
            if (document.querySelector('[data-testid="validity"]')?.dataset.validatedVersion !== expected) return false;
            const drawn = document.querySelectorAll(".react-flow__node");
            if (drawn.length !== count) return false;
            for (const n of drawn) if (n.style.visibility === "hidden") return false;
            return true;
          };
          const started = performance.now();
          // checked every frame: the first frame that will paint the finished state
          const frame = () => {
            const picked = window.__walnutPicked;
            if (picked !== null && ready()) resolve(performance.now() - picked);
            else if (performance.now() - started > 30_000) reject(new Error(`${expected} was not shown in 30 s`));
            else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
      { expected: `${name} v${version}`, count },
    );
    await byTest("scenario-select").selectOption(name);
    return shown;
  }

  /** The UI's requests for opening `name`, without the UI: GET it, then validate what came back. */
  const bareApi = (name) =>
    page.evaluate(async (name) => {
      const auth = { Authorization: `Bearer ${sessionStorage.getItem("walnut-token")}` };
      const t0 = performance.now();
      const got = await fetch(`/api/scenarios/${encodeURIComponent(name)}`, { headers: auth });
      if (!got.ok) throw new Error(`GET ${name} answered ${got.status}`);
      const stored = await got.json();
      const validated = await fetch("/api/validate", {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify(stored.scenario),
      });
      if (!validated.ok) throw new Error(`POST /api/validate answered ${validated.status}`);
      const answer = await validated.json();
      const ms = performance.now() - t0;
      if (!answer.valid) throw new Error(`the API found ${name} invalid: ${JSON.stringify(answer.errors)}`);
      return ms;
    }, name);

  const ui = [];
  const api = [];
  for (let i = 0; i < warmup + runs; i++) {
    await open(other, otherNodes, 1);
    const apiMs = await bareApi(scenario);
    const uiMs = await open(scenario, nodes, 1);
    const validity = await byTest("validity").innerText();
    if (validity !== "valid") throw new Error(`the UI shows "${validity}" for ${scenario}`);
    if (i >= warmup) {
      ui.push(uiMs);
      api.push(apiMs);
    }
  }
  console.log(`RESULT ${JSON.stringify({ ui, api })}`);
} finally {
  await browser.close();
}
