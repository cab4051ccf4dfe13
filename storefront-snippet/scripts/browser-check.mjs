// Loads a storefront page with the rendered snippet and the script in headless Chromium, against a
// Storefront API (the local Shopify), and reports what the shopper sees, as JSON on stdout.
//
//   node scripts/browser-check.mjs --storefront http://127.0.0.1:8081/api/2026-10/graphql.json \
//     --type app--1234567--recommendations --domain-userid 5f0c2d9e-1b7a --out target/screens
//
// Cases: a shopper with recommendations (cards shown, screenshot kept), a shopper without an
// entry, a shopper without the Snowplow cookie, and a failing Storefront API (block stays hidden).
// Chromium: $WALNUT_CHROMIUM or /usr/bin/chromium; never downloaded.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { root, shopifyLiquid, renderSnippet } from '../test/shopify-liquid.mjs';

const { values: args } = parseArgs({
  options: {
    storefront: { type: 'string' },
    type: { type: 'string' },
    'domain-userid': { type: 'string' },
    out: { type: 'string', default: path.join(root, 'target', 'screenshots') },
    unreachable: { type: 'string', default: 'http://127.0.0.1:59999/api/2026-10/graphql.json' },
  },
});
for (const required of ['storefront', 'type', 'domain-userid']) {
  if (!args[required]) {
    console.error(`missing --${required}`);
    process.exit(2);
  }
}
const executablePath = process.env.WALNUT_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}: install Debian's chromium (run scripts/setup.sh) or set WALNUT_CHROMIUM`);
  process.exit(2);
}
fs.mkdirSync(args.out, { recursive: true });

// The page's origin: Playwright serves it (route), nothing listens there. The script calls the
// local Shopify cross-origin, with CORS, as a theme would call a Storefront API on another domain.
const SHOP = 'http://localhost:8899';
const script = fs.readFileSync(path.join(root, 'assets', 'walnut-recommendations.js'), 'utf8');
const styles = `
  body { font-family: sans-serif; margin: 24px; }
  .walnut-recs__list { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; list-style: none; padding: 0; }
  .walnut-recs__link { display: flex; flex-direction: column; gap: 4px; color: inherit; text-decoration: none; }
  .walnut-recs__image { width: 100%; height: auto; border-radius: 6px; }
  .walnut-recs__price { font-weight: bold; }`;

async function page(endpoint) {
  const snippet = await renderSnippet(
    shopifyLiquid({ assetBase: `${SHOP}/assets/` }),
    { type: args.type, storefront_endpoint: endpoint },
    { localization: { country: { iso_code: 'DE' }, language: { iso_code: 'en' } } },
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Walnut demo</title>
    <style>${styles}</style></head><body><h1>Walnut demo shop</h1>${snippet}</body></html>`;
}

async function visit(browser, { name, cookie, endpoint, screenshot }) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 520 } });
  if (cookie) {
    await context.addCookies([{ name: '_sp_id.1fff', value: cookie, url: SHOP }]);
  }
  const html = await page(endpoint);
  await context.route(`${SHOP}/**`, (route) => {
    const url = route.request().url();
    if (url === `${SHOP}/assets/walnut-recommendations.js`) {
      return route.fulfill({ contentType: 'application/javascript', body: script });
    }
    return route.fulfill({ contentType: 'text/html', body: html });
  });
  const tab = await context.newPage();
  const errors = [];
  const failedRequests = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  tab.on('requestfailed', (r) => failedRequests.push(`${r.url()}: ${r.failure() && r.failure().errorText}`));
  await tab.goto(`${SHOP}/`);
  await tab.waitForFunction(() => window.walnutRecommendations !== undefined, null, { timeout: 20000 });
  await tab.evaluate(() => window.walnutRecommendations);
  if (screenshot) {
    await tab.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 10000 });
  }
  const result = await tab.evaluate(() => {
    const section = document.querySelector('[data-walnut-recommendations]');
    return {
      visible: !!section && !section.hidden && section.offsetHeight > 0,
      source: section && section.getAttribute('data-walnut-source'),
      cards: [...document.querySelectorAll('.walnut-recs__card')].map((li) => ({
        productId: li.getAttribute('data-product-id'),
        title: li.querySelector('.walnut-recs__title').textContent,
        price: li.querySelector('.walnut-recs__price').textContent,
        href: li.querySelector('a').getAttribute('href'),
        imageLoaded: (() => {
          const img = li.querySelector('img');
          return !!img && img.complete && img.naturalWidth > 0;
        })(),
      })),
    };
  });
  if (screenshot) {
    result.screenshot = path.join(args.out, `${name}.png`);
    await tab.screenshot({ path: result.screenshot, fullPage: true });
  }
  result.pageErrors = errors;
  result.failedRequests = failedRequests;
  await context.close();
  return result;
}

// A routed page has no address space of its own, so Chromium's Local Network Access would ask
// for a permission before it may call 127.0.0.1; a real shop calls its public Storefront API.
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessRespectPreflightResults'],
});
try {
  const id = args['domain-userid'];
  const report = {
    withRecommendations: await visit(browser, {
      name: 'walnut-recommendations',
      cookie: `${id}.1700000000.3.1700000500.1699990000`,
      endpoint: args.storefront,
      screenshot: true,
    }),
    withoutEntry: await visit(browser, { name: 'no-entry', cookie: 'ffffffff-0000.1700000000.1', endpoint: args.storefront }),
    withoutCookie: await visit(browser, { name: 'no-cookie', endpoint: args.storefront }),
    apiDown: await visit(browser, {
      name: 'api-down',
      cookie: `${id}.1700000000.1`,
      endpoint: args.unreachable,
    }),
  };
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
