// Serves a shop page over http://127.0.0.1, opens it twice in headless Chromium with the real
// Snowplow browser tracker pointed at the collector, and waits until the collector has the events.
// Usage: node run-browser-tracker.mjs <collector-url> <get|post> <app-id>
// Prints one JSON line: { "cookies": [...] } (the browser's cookies for the collector).
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const [collector, method, appId] = process.argv.slice(2);
if (!collector || !['get', 'post'].includes(method) || !appId) {
  console.error('usage: node run-browser-tracker.mjs <collector-url> <get|post> <app-id>');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = await esbuild.build({
  entryPoints: [path.join(here, 'tracker-page.js')],
  bundle: true,
  write: false,
  format: 'iife',
  target: 'es2019',
  logLevel: 'error',
});
const script = bundle.outputFiles[0].text;
const page = `<!doctype html><html><head><title>Walnut shop</title></head><body>
<h1>Green tea</h1><script src="/tracker.js"></script></body></html>`;

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/tracker.js')) {
    res.writeHead(200, { 'content-type': 'application/javascript' });
    res.end(script);
  } else {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const shopUrl = `http://127.0.0.1:${server.address().port}/products/green-tea`;

async function goodCount() {
  const r = await fetch(`${collector}/micro/all`);
  return (await r.json()).good;
}
async function waitForGood(expected) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if ((await goodCount()) >= expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the collector did not get ${expected} good events within 60 s (has ${await goodCount()})`);
}

const executablePath = process.env.WALNUT_CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  const context = await browser.newContext();
  const before = await goodCount();
  for (const [visit, events] of [['firstVisit', 3], ['secondVisit', 2]]) {
    const tab = await context.newPage();
    tab.on('pageerror', (e) => console.error('page error:', e.message));
    await tab.goto(shopUrl);
    const target = (await goodCount()) + events;
    await tab.evaluate(([c, m, a, v]) => {
      window.walnutShop.start(c, m, a);
      window.walnutShop[v]();
    }, [collector, method, appId, visit]);
    await waitForGood(target);
    await tab.close();
  }
  const cookies = await context.cookies(collector);
  console.log(JSON.stringify({ before, cookies }));
} finally {
  await browser.close();
  server.close();
}
