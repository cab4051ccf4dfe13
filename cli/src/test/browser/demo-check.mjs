// Drives `./walnut demo`'s storefront as a newcomer would, in headless Chromium (playwright-core
// from demo-storefront/node_modules, Debian's chromium; no browser is downloaded): clicks three
// products from the grid and waits for "Recommended for you"; then a fresh browser.
// Usage: node demo-check.mjs PLAYWRIGHT_CORE_DIR STOREFRONT_URL SCREENSHOT_DIR
// Prints one JSON line: {viewed, recommended, title, heading, freshHeading}.
import fs from 'node:fs';
import path from 'node:path';

const [playwrightDir, url, shots] = process.argv.slice(2);
const { chromium } = await import(path.join(playwrightDir, 'index.mjs'));
const executablePath = process.env.WALNUT_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}: run scripts/setup.sh --with-browser (apt-get install chromium) or set WALNUT_CHROMIUM`);
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url + '/');
  const links = [...new Set(await page.$$eval('a[href^="/products/"]', (as) => as.map((a) => a.getAttribute('href'))))];
  if (links.length < 3) throw new Error(`the grid shows ${links.length} products`);
  const viewed = [];
  for (const href of links.slice(0, 3)) {
    await page.goto(url + href);
    viewed.push(href.replace('/products/', ''));
    await page.waitForTimeout(1000);
  }
  // the block refreshes every few seconds: wait for the shopper's own list
  const block = page.locator('[title^="Model version"]');
  // the placeholder block is in the page, hidden, until the shopper's metaobject exists
  const visible = (text) => page.getByText(text, { exact: true }).isVisible().catch(() => false);
  let heading = '';
  for (let i = 0; i < 180 && heading !== 'Recommended for you'; i++) {
    await page.waitForTimeout(1000);
    heading = (await visible('Recommended for you')) ? 'Recommended for you' : '';
  }
  // a list made after the first or second view may still hold a product clicked later: the block
  // refreshes until the list made after the third view arrives (the flow coalesces writes for 3 s)
  const shown = () => page.$$eval('[title^="Model version"] a[href^="/products/"]',
    (as) => [...new Set(as.map((a) => a.getAttribute('href').replace('/products/', '')))]);
  let recommended = await shown();
  for (let i = 0; i < 45 && recommended.some((id) => viewed.includes(id)); i++) {
    await page.waitForTimeout(1000);
    recommended = await shown();
  }
  await page.screenshot({ path: path.join(shots, 'demo-recommended-for-you.png'), fullPage: true });
  const title = (await block.count()) > 0 ? await block.first().getAttribute('title') : null;
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(url + '/');
  let freshHeading = '';
  for (let i = 0; i < 60 && !freshHeading; i++) {
    await fresh.waitForTimeout(1000);
    freshHeading = (await fresh.getByText('Trending now', { exact: true }).isVisible().catch(() => false)) ? 'Trending now' : '';
  }
  await fresh.screenshot({ path: path.join(shots, 'demo-fresh-visitor.png'), fullPage: true });
  console.log(JSON.stringify({ viewed, recommended, title, heading, freshHeading, errors }));
} finally {
  await browser.close();
}
