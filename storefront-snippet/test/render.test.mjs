import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shopifyLiquid, productDrop, renderSnippet } from './shopify-liquid.mjs';

const TYPE = 'app--1234567--recommendations';
const products = [
  productDrop({ id: 8000000000001, title: 'Maple Mug 1', handle: 'maple-mug-1', price: 12 }),
  productDrop({ id: 8000000000002, title: 'Cedar Tee 2', handle: 'cedar-tee-2', price: 19.5 }),
  productDrop({ id: 8000000000003, title: 'Oak <Cap> 3', handle: 'oak-cap-3', price: 7 }),
];
const HANDLE_KEY = 'a-handle-key-of-the-test-shop';
// what the sink writes for customer 7407263514789 (ShopifyRecommendationsScenarioTest computes the same)
const customerHandle = (id) => 'c-' + createHmac('sha256', HANDLE_KEY).update(String(id)).digest('hex').slice(0, 32);
const metaobjects = { [TYPE]: { [customerHandle(7407263514789)]: { products: { value: products } } } };
const localization = { country: { iso_code: 'DE' }, language: { iso_code: 'de' } };

const cards = (html) => [...html.matchAll(/<li class="walnut-recs__card" data-product-id="(\d+)">/g)].map((m) => m[1]);

test('a logged-in customer with recommendations gets the product cards rendered server-side', async () => {
  const html = await renderSnippet(shopifyLiquid(), { type: TYPE, handle_key: HANDLE_KEY }, {
    customer: { id: 7407263514789 },
    metaobjects,
    localization,
  });
  assert.deepEqual(cards(html), ['8000000000001', '8000000000002', '8000000000003']);
  assert.match(html, /data-walnut-source="liquid"/);
  assert.match(html, /<a class="walnut-recs__link" href="\/products\/cedar-tee-2">/);
  assert.match(html, /<img src="\/cdn\/products\/8000000000001.svg\?width=400" class="walnut-recs__image" loading="lazy" alt="Maple Mug 1">/);
  assert.match(html, /<span class="walnut-recs__price">€19.50<\/span>/);
  assert.match(html, /Oak &lt;Cap&gt; 3/, 'titles are escaped');
  assert.doesNotMatch(html, /<script/, 'no script for logged-in customers');
  assert.doesNotMatch(html, /hidden/);
  assert.doesNotMatch(html, new RegExp(HANDLE_KEY), 'the key is never output');
});

test('the guessable handle of the old scheme shows nothing', async () => {
  const guessable = { [TYPE]: { 'c-7407263514789': { products: { value: products } } } };
  const html = await renderSnippet(shopifyLiquid(), { type: TYPE, handle_key: HANDLE_KEY }, {
    customer: { id: 7407263514789 },
    metaobjects: guessable,
    localization,
  });
  assert.equal(html.trim(), '');
});

test('a logged-in customer without recommendations gets nothing at all', async () => {
  const html = await renderSnippet(shopifyLiquid(), { type: TYPE, handle_key: HANDLE_KEY }, {
    customer: { id: 1 },
    metaobjects,
    localization,
  });
  assert.equal(html.trim(), '');
});

test('nothing renders when the type has no metaobjects visible to the storefront', async () => {
  const html = await renderSnippet(shopifyLiquid(), { type: 'app--1234567--other' }, {
    customer: { id: 7407263514789 },
    metaobjects,
    localization,
  });
  assert.equal(html.trim(), '');
});

test('an anonymous shopper gets a hidden placeholder and the script that fills it', async () => {
  const html = await renderSnippet(
    shopifyLiquid(),
    { type: TYPE, heading: 'Für dich', storefront_endpoint: 'http://127.0.0.1:8081/api/2026-10/graphql.json' },
    { metaobjects, localization },
  );
  assert.match(html, /<section\s+class="walnut-recs"\s+hidden\s+data-walnut-recommendations/);
  assert.match(html, new RegExp(`data-type="${TYPE}"`));
  assert.match(html, /data-endpoint="http:\/\/127.0.0.1:8081\/api\/2026-10\/graphql.json"/);
  assert.match(html, /data-country="DE"/);
  assert.match(html, /data-language="DE"/);
  assert.match(html, /<h2 class="walnut-recs__heading">Für dich<\/h2>/);
  assert.match(html, /<script src="\/cdn\/shop\/t\/1\/assets\/walnut-recommendations.js" defer="defer"><\/script>/);
  assert.deepEqual(cards(html), []);
});

test('the endpoint defaults to the shop-relative Storefront API', async () => {
  const html = await renderSnippet(shopifyLiquid(), { type: TYPE }, { metaobjects, localization });
  assert.match(html, /data-endpoint="\/api\/2026-10\/graphql.json"/);
});
