// The app block and the app embed rendered with liquidjs and the Shopify-only tags and filters the
// storefront snippet's tests register (storefront-snippet/test/shopify-liquid.mjs, imported as it is).
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shopifyLiquid, productDrop } from '../../storefront-snippet/test/shopify-liquid.mjs';
import { appRoot } from './pixel-harness.mjs';

const EXTENSION = path.join(appRoot, 'extensions/walnut-recommendations');
const TYPE = 'app--1234567--recommendations';
const HANDLE_KEY = 'a-handle-key-of-the-test-shop';
const CUSTOMER = 7407263514789;
const products = [1, 2, 3, 4, 5, 6].map((i) =>
  productDrop({ id: 8000000000000 + i, title: `Maple Mug ${i}`, handle: `maple-mug-${i}`, price: 10 + i }),
);
const customerHandle = (id) => 'c-' + createHmac('sha256', HANDLE_KEY).update(String(id)).digest('hex').slice(0, 32);
const metaobjects = { [TYPE]: { [customerHandle(CUSTOMER)]: { products: { value: products } } } };
const localization = { country: { iso_code: 'DE' }, language: { iso_code: 'de' } };
const settings = {
  heading: 'Für dich',
  count: 4,
  fallback: 'related',
  fallback_heading: 'You may also like',
  metaobject_type: TYPE,
  handle_key: HANDLE_KEY,
  storefront_token: 'public-token',
};

function engine() {
  const liquid = shopifyLiquid({ assetBase: '/cdn/shop/extensions/walnut/assets/' });
  // the extension's own snippets folder (the copy of storefront-snippet's, made by `npm run sync`)
  liquid.options.root = [path.join(EXTENSION, 'snippets')];
  liquid.options.partials = [path.join(EXTENSION, 'snippets')];
  // {% schema %}: the theme editor's settings, rendered as nothing
  liquid.registerTag('schema', {
    parse(token, remainTokens) {
      let t;
      while ((t = remainTokens.shift())) if (t.name === 'endschema') return;
      throw new Error('tag {% schema %} not closed');
    },
    render: () => '',
  });
  return liquid;
}

const source = (name) => fs.readFileSync(path.join(EXTENSION, 'blocks', name), 'utf8');
const schemaOf = (name) => JSON.parse(source(name).match(/{% schema %}([\s\S]*){% endschema %}/)[1]);
const renderBlock = (globals, overrides = {}) =>
  engine().parseAndRender(source('recommendations.liquid'), {}, {
    globals: {
      block: { id: 'AbC123', shopify_attributes: 'data-shopify-editor-block="{}"', settings: { ...settings, ...overrides } },
      routes: { product_recommendations_url: '/recommendations/products' },
      cart: { currency: { iso_code: 'EUR' } },
      metaobjects,
      localization,
      ...globals,
    },
  });
const cards = (html) => [...html.matchAll(/<li class="walnut-recs__card" data-product-id="(\d+)">/g)].map((m) => m[1]);

test('the extension carries the storefront snippet and its script unchanged', () => {
  for (const file of ['snippets/walnut-recommendations.liquid', 'assets/walnut-recommendations.js']) {
    assert.equal(
      fs.readFileSync(path.join(EXTENSION, file), 'utf8'),
      fs.readFileSync(path.join(appRoot, '../storefront-snippet', file), 'utf8'),
      `${file} is storefront-snippet's (run npm run sync)`,
    );
  }
});

test("a customer with recommendations gets the snippet's cards under the block's heading, the first `count` shown", async () => {
  const html = await renderBlock({ customer: { id: CUSTOMER }, product: productDrop({ id: 9, title: 'P', handle: 'p', price: 1 }) });
  assert.match(html, /<div class="walnut-recs-block" id="walnut-recs-AbC123" data-shopify-editor-block="{}">/);
  assert.match(html, /data-walnut-source="liquid"/);
  assert.match(html, /<h2 class="walnut-recs__heading">Für dich<\/h2>/);
  assert.deepEqual(cards(html), products.map((p) => String(p.id)));
  assert.match(html, /#walnut-recs-AbC123 \.walnut-recs__card:nth-child\(n \+ 5\) \{ display: none; \}/);
  assert.doesNotMatch(html, /data-walnut-related|<script/, 'no fallback, no script');
  assert.doesNotMatch(html, new RegExp(HANDLE_KEY), 'the key is never output');
});

test("a customer without recommendations on a product page gets Shopify's related products", async () => {
  const html = await renderBlock({ customer: { id: 1 }, product: productDrop({ id: 8266836345064, title: 'P', handle: 'p', price: 1 }) }, { count: 3 });
  assert.match(html, /<section\s+class="walnut-recs"\s+hidden\s+data-walnut-related/);
  assert.match(html, /data-url="\/recommendations\/products"/);
  assert.match(html, /data-product-id="8266836345064"/);
  assert.match(html, /data-limit="3"/);
  assert.match(html, /data-currency="EUR"/);
  assert.match(html, /<h2 class="walnut-recs__heading">You may also like<\/h2>/);
  assert.match(html, /<script src="\/cdn\/shop\/extensions\/walnut\/assets\/walnut-related.js" defer="defer"><\/script>/);
  assert.deepEqual(cards(html), []);
});

test('without a product page, or with the fallback off, a customer without recommendations gets nothing', async () => {
  for (const [globals, overrides] of [
    [{ customer: { id: 1 } }, {}],
    [{ customer: { id: 1 }, product: productDrop({ id: 9, title: 'P', handle: 'p', price: 1 }) }, { fallback: 'none' }],
  ]) {
    const html = await renderBlock(globals, overrides);
    assert.doesNotMatch(html, /<section|<script/);
  }
});

test("an anonymous shopper gets the snippet's placeholder and script, from the extension's assets", async () => {
  const html = await renderBlock({});
  assert.match(html, /<section\s+class="walnut-recs"\s+hidden\s+data-walnut-recommendations/);
  assert.match(html, new RegExp(`data-type="${TYPE}"`));
  assert.match(html, /data-token="public-token"/);
  assert.match(html, /data-country="DE"/);
  assert.match(html, /<script src="\/cdn\/shop\/extensions\/walnut\/assets\/walnut-recommendations.js" defer="defer"><\/script>/);
  assert.doesNotMatch(html, /data-walnut-related/, "the script's own fallback (trending) applies");
});

test("the related fallback's URL and cards", () => {
  const module = { exports: {} };
  vm.runInNewContext(fs.readFileSync(path.join(EXTENSION, 'assets/walnut-related.js'), 'utf8'), { module });
  const { relatedUrl, cardsFrom } = module.exports;
  assert.equal(relatedUrl('/recommendations/products', 8266836345064, 3), '/recommendations/products.json?product_id=8266836345064&limit=3&intent=related');
  const answer = {
    products: [
      { id: 1, title: 'Oak <Cap>', url: '/products/oak-cap', price: 700, featured_image: '//cdn.shopify.com/oak.jpg' },
      { id: 2, title: 'Tee', url: '/products/tee', price: 1950, featured_image: null },
      { id: 3, title: 'More', url: '/products/more', price: 100, featured_image: '//cdn.shopify.com/m.jpg?v=1' },
    ],
  };
  const shown = JSON.parse(JSON.stringify(cardsFrom(answer, 2, (a) => `€${a.toFixed(2)}`)));
  assert.deepEqual(shown, [
    { id: '1', url: '/products/oak-cap', title: 'Oak <Cap>', price: '€7.00', image: '//cdn.shopify.com/oak.jpg?width=400' },
    { id: '2', url: '/products/tee', title: 'Tee', price: '€19.50', image: null },
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify(cardsFrom(null, 4, String))), []);
});

test("the app embed loads the tracker pointed at the shop's collector and stores the shopper id cookie", async () => {
  const html = await engine().parseAndRender(source('tracker-embed.liquid'), {}, {
    globals: { block: { settings: { collector_url: 'https://collector.example.com', app_id: 'walnut-demo', tracker_url: 'https://cdn.example.com/sp.js', track_page_views: false } } },
  });
  assert.match(html, /\(window, document, 'script', "https:\/\/cdn.example.com\/sp.js", 'snowplow'\)/);
  assert.match(html, /window.snowplow\('newTracker', 'walnut', "https:\/\/collector.example.com", \{\s*appId: "walnut-demo"/);
  assert.match(html, /'walnut_shopper_id=' \+ encodeURIComponent\(id\)/);
  assert.doesNotMatch(html, /trackPageView/);
  const tracking = await engine().parseAndRender(source('tracker-embed.liquid'), {}, {
    globals: { block: { settings: { collector_url: 'https://c.example.com', app_id: 'a', tracker_url: 'x', track_page_views: true } } },
  });
  assert.match(tracking, /window.snowplow\('trackPageView'\);/);
  const off = await engine().parseAndRender(source('tracker-embed.liquid'), {}, { globals: { block: { settings: { collector_url: '' } } } });
  assert.equal(off.trim(), '', 'nothing without a collector URL');
});

test("the blocks' schemas: an app block for sections, an app embed for the head, every setting the theme editor shows", () => {
  const block = schemaOf('recommendations.liquid');
  assert.equal(block.target, 'section');
  assert.deepEqual(block.settings.map((s) => s.id), ['heading', 'count', 'fallback', 'fallback_heading', 'metaobject_type', 'handle_key', 'storefront_token']);
  const count = block.settings.find((s) => s.id === 'count');
  assert.deepEqual([count.type, count.min, count.max, count.default], ['range', 1, 10, 4]);
  assert.deepEqual(block.settings.find((s) => s.id === 'fallback').options.map((o) => o.value), ['related', 'none']);
  const embed = schemaOf('tracker-embed.liquid');
  assert.equal(embed.target, 'head');
  assert.deepEqual(embed.settings.map((s) => s.id), ['collector_url', 'app_id', 'tracker_url', 'track_page_views']);
});
