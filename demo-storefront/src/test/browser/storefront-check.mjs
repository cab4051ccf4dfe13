// Drives the demo storefront in headless Chromium (playwright-core, Debian's chromium; never
// downloads a browser) as a newcomer would, for DemoStorefrontBrowserTest. Talks to the test in
// JSON lines: stdout says what happened, stdin says what to expect next.
//
//   node storefront-check.mjs --shop URL --collector URL --click ID,ID,ID --out DIR
//
// 1. opens the shop (the block shows "Trending now"), clicks the three products in the grid (the
//    last one also "Add to cart"), waiting each time until the collector acknowledged the events;
//    prints {"step":"clicked","domainUserId":…};
// 2. reads {"recommended":[ids],"modelVersion":…} from stdin (the test has written the shopper's
//    metaobject meanwhile) and waits, without reloading, until the block shows those products;
// 3. buys the cart; opens the shop in a fresh browser context (no cookies): trending again;
//    prints {"step":"done",…}. Screenshots go to --out.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    shop: { type: 'string' },
    collector: { type: 'string' },
    click: { type: 'string' },
    out: { type: 'string' },
  },
});
for (const required of ['shop', 'collector', 'click', 'out']) {
  if (!args[required]) {
    console.error(`missing --${required}`);
    process.exit(2);
  }
}
const executablePath = process.env.WALNUT_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}: run scripts/setup.sh --with-browser (apt-get install chromium) or set WALNUT_CHROMIUM`);
  process.exit(3);
}
fs.mkdirSync(args.out, { recursive: true });
const clicks = args.click.split(',');
const stdin = readline.createInterface({ input: process.stdin });
const lines = stdin[Symbol.asyncIterator]();
const say = (message) => process.stdout.write(JSON.stringify(message) + '\n');

/**
 * Resolves once the collector has acknowledged (200) `count` more tracker events from this tab; the
 * tracker may send several queued events in one POST.
 */
function collectorAnswers(tab, count) {
  let acknowledged = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the collector acknowledged ${acknowledged} of ${count} tracker events in 20 s`)),
      20000,
    );
    const listener = (response) => {
      const request = response.request();
      if (!response.url().startsWith(args.collector) || request.method() !== 'POST') return;
      if (response.status() !== 200) {
        clearTimeout(timer);
        reject(new Error(`the collector answered ${response.status()} to ${response.url()}`));
        return;
      }
      acknowledged += (request.postDataJSON().data || []).length;
      if (acknowledged >= count) {
        clearTimeout(timer);
        tab.off('response', listener);
        resolve();
      }
    };
    tab.on('response', listener);
  });
}

/** What the recommendations block shows now. */
function block(tab) {
  return tab.evaluate(() => {
    const section = document.querySelector('[data-walnut-recommendations]');
    return {
      visible: !!section && !section.hidden && section.offsetHeight > 0,
      kind: section && section.getAttribute('data-walnut-kind'),
      handle: section && section.getAttribute('data-walnut-handle'),
      heading: section && section.querySelector('.walnut-recs__heading').textContent,
      title: section && section.getAttribute('title'),
      cards: [...document.querySelectorAll('.walnut-recs__card')].map((li) => ({
        productId: li.getAttribute('data-product-id'),
        title: li.querySelector('.walnut-recs__title').textContent,
        href: li.querySelector('a').getAttribute('href'),
        imageLoaded: (() => {
          const img = li.querySelector('img');
          return !!img && img.complete && img.naturalWidth > 0;
        })(),
      })),
    };
  });
}

async function waitForBlock(tab, kind, ids) {
  await tab.waitForFunction(
    ([k, expected]) => {
      const section = document.querySelector('[data-walnut-recommendations]');
      if (!section || section.hidden || section.getAttribute('data-walnut-kind') !== k) return false;
      const shown = [...section.querySelectorAll('.walnut-recs__card')].map((li) => li.getAttribute('data-product-id'));
      return !expected || shown.join(',') === expected.join(',');
    },
    [kind, ids],
    { timeout: 30000, polling: 200 },
  );
  await tab.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 10000 });
  return block(tab);
}

function watch(tab, errors) {
  tab.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  tab.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  tab.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  tab.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
}

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  const report = { errors: [] };
  const shopper = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const tab = await shopper.newPage();
  watch(tab, report.errors);

  // the shop's home: page view; the block shows the trending entry
  let sent = collectorAnswers(tab, 1);
  await tab.goto(args.shop + '/');
  await sent;
  report.homeBlock = await waitForBlock(tab, 'fallback', null);
  report.grid = await tab.$$eval('.shop-card', (cards) => cards.map((c) => c.getAttribute('data-product-id')));
  report.categories = await tab.$$eval('.shop-nav a', (links) => links.map((a) => a.textContent));
  await tab.screenshot({ path: path.join(args.out, '01-home-trending.png'), fullPage: true });

  report.productPages = [];
  for (let i = 0; i < clicks.length; i++) {
    if (i > 0) {
      sent = collectorAnswers(tab, 1);
      await Promise.all([tab.waitForURL(args.shop + '/'), tab.click('.shop-logo')]);
      await sent;
    }
    // page view + product view
    sent = collectorAnswers(tab, 2);
    await Promise.all([
      tab.waitForURL(`${args.shop}/products/${clicks[i]}`),
      tab.click(`.shop-card[data-product-id="${clicks[i]}"] a`),
    ]);
    await sent;
    report.productPages.push({
      id: clicks[i],
      title: await tab.textContent('.shop-product__title'),
      price: await tab.textContent('.shop-product__price'),
      imageLoaded: await tab.$eval('.shop-product__image', (img) => img.complete && img.naturalWidth > 0),
    });
  }
  sent = collectorAnswers(tab, 1);
  await tab.click('[data-add-to-cart]');
  await sent;
  report.cartCountAfterAdd = await tab.textContent('[data-cart-count]');
  await tab.screenshot({ path: path.join(args.out, '02-product-added-to-cart.png'), fullPage: true });

  const spId = (await shopper.cookies(args.shop)).find((c) => c.name.startsWith('_sp_id.'));
  if (!spId) throw new Error('the tracker set no _sp_id cookie');
  say({ step: 'clicked', domainUserId: decodeURIComponent(spId.value).split('.')[0] });

  // the test wrote the shopper's metaobject: the open page picks it up without a reload
  const next = await lines.next();
  const expected = JSON.parse(next.value);
  await tab.evaluate(() => {
    window.walnutNotReloaded = true;
  });
  report.recommendedBlock = await waitForBlock(tab, 'shopper', expected.recommended);
  report.notReloaded = await tab.evaluate(() => window.walnutNotReloaded === true);
  await tab.locator('[data-walnut-recommendations]').scrollIntoViewIfNeeded();
  await tab.locator('[data-walnut-recommendations]').hover();
  await tab.screenshot({ path: path.join(args.out, '03-recommended-for-you.png'), fullPage: true });

  // the cart: page view, then the purchase
  sent = collectorAnswers(tab, 1);
  await Promise.all([tab.waitForURL(args.shop + '/cart'), tab.click('.shop-cart-link')]);
  await sent;
  report.cartLines = await tab.$$eval('.shop-cart__line', (rows) => rows.map((r) => r.getAttribute('data-product-id')));
  sent = collectorAnswers(tab, 1);
  await tab.click('[data-buy]');
  await sent;
  report.orderMessage = await tab.textContent('[data-order-done]');
  report.cartCountAfterBuy = await tab.textContent('[data-cart-count]');
  await tab.screenshot({ path: path.join(args.out, '04-bought.png'), fullPage: true });

  // a newcomer: no cookies, so trending
  const newcomer = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const fresh = await newcomer.newPage();
  watch(fresh, report.errors);
  await fresh.goto(args.shop + '/');
  report.freshBlock = await waitForBlock(fresh, 'fallback', null);
  await fresh.screenshot({ path: path.join(args.out, '05-fresh-visitor-trending.png'), fullPage: true });
  await newcomer.close();
  await shopper.close();

  say({ step: 'done', ...report });
} finally {
  stdin.close();
  await browser.close();
}
