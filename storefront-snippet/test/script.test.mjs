import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { root } from './shopify-liquid.mjs';

function loadScript() {
  const module = { exports: {} };
  vm.runInNewContext(fs.readFileSync(path.join(root, 'assets', 'walnut-recommendations.js'), 'utf8'), { module });
  return module.exports;
}

test('domain_userid is the first dot-separated element of the _sp_id cookie', () => {
  const { domainUserId } = loadScript();
  assert.equal(domainUserId('a=1; _sp_id.1fff=5f0c2d9e-1b7a-4c33.1700000000.3.1700000500.1699990000; b=2'), '5f0c2d9e-1b7a-4c33');
  assert.equal(domainUserId('_sp_id.abcd=5f0c2d9e%2D1b7a.1700000000'), '5f0c2d9e-1b7a');
  assert.equal(domainUserId('_sp_ses.1fff=*; other=x'), null);
  assert.equal(domainUserId(''), null);
  assert.equal(domainUserId('_sp_id.1fff='), null);
});

test('the handle of an anonymous shopper is what the sink writes', () => {
  const { handleFor } = loadScript();
  assert.equal(handleFor('5F0C2D9E-1b7a-4c33'), 'a-5f0c2d9e-1b7a-4c33');
  assert.equal(handleFor('ab_cd'), 'a-ab-cd');
});

// objects made in the script's vm context have that context's prototypes
const plain = (value) => JSON.parse(JSON.stringify(value));
const COOKIES = '_sp_id.1fff=5f0c2d9e-1b7a-4c33.1700000000.3.1700000500.1699990000';

test("a shopper with the cookie is asked for with the trending fallback beside", () => {
  const { variablesFor } = loadScript();
  assert.deepEqual(plain(variablesFor({ type: 'app--1--recommendations' }, COOKIES)), {
    handle: { type: 'app--1--recommendations', handle: 'a-5f0c2d9e-1b7a-4c33' },
    withShopper: true,
    fallback: { type: 'app--1--recommendations', handle: 'trending' },
    withFallback: true,
  });
  const custom = variablesFor(
    { type: 't', fallbackHandle: 'best-sellers', country: 'DE', language: 'EN' },
    COOKIES,
  );
  assert.deepEqual(plain(custom.fallback), { type: 't', handle: 'best-sellers' });
  assert.equal(custom.country, 'DE');
  assert.equal(custom.language, 'EN');
});

test('without the cookie only the fallback is asked for; without either nothing is', () => {
  const { variablesFor } = loadScript();
  const anonymous = variablesFor({ type: 't' }, 'other=1');
  assert.equal(anonymous.withShopper, false);
  assert.equal(anonymous.handle, null);
  assert.deepEqual(plain(anonymous.fallback), { type: 't', handle: 'trending' });
  const noFallback = variablesFor({ type: 't', fallbackHandle: '' }, COOKIES);
  assert.equal(noFallback.withFallback, false);
  assert.equal(noFallback.fallback, null);
  assert.equal(variablesFor({ type: 't', fallbackHandle: '' }, ''), null);
});

function entry(handle, ids, modelVersion, extra = {}) {
  return {
    handle,
    updatedAt: '2026-12-01T10:00:00Z',
    modelVersion: modelVersion ? { value: modelVersion } : null,
    products: {
      references: {
        nodes: ids.map((id) => ({ id: `gid://shopify/Product/${id}`, title: `P ${id}`, ...extra[id] })),
      },
    },
  };
}

test("the shopper's own entry wins over trending, with its model version", () => {
  const { choose } = loadScript();
  const choice = choose({ shopper: entry('a-x', [3, 1, 2], 'session-recs/7'), fallback: entry('trending', [9], 'covisit/1') });
  assert.equal(choice.kind, 'shopper');
  assert.equal(choice.handle, 'a-x');
  assert.equal(choice.modelVersion, 'session-recs/7');
  assert.deepEqual(
    plain(choice.products.map((p) => p.id)),
    ['gid://shopify/Product/3', 'gid://shopify/Product/1', 'gid://shopify/Product/2'],
  );
});

test('no entry, an empty entry or only unavailable products fall back to trending; nothing at all is null', () => {
  const { choose } = loadScript();
  const trending = entry('trending', [9, 8], null);
  assert.equal(choose({ shopper: null, fallback: trending }).kind, 'fallback');
  assert.equal(choose({ fallback: trending }).modelVersion, null);
  assert.equal(choose({ shopper: entry('a-x', [], 'm'), fallback: trending }).handle, 'trending');
  const unavailable = entry('a-x', [1], 'm', { 1: { availableForSale: false } });
  assert.equal(choose({ shopper: unavailable, fallback: trending }).kind, 'fallback');
  assert.equal(choose({ shopper: null, fallback: null }), null);
  assert.equal(choose(undefined), null);
});

test('at most ten cards', () => {
  const { choose } = loadScript();
  const many = entry('a-x', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'm');
  assert.equal(choose({ shopper: many }).products.length, 10);
});

test('refreshing is off unless data-refresh-seconds is a positive number, and never faster than a second', () => {
  const { refreshMillis } = loadScript();
  assert.equal(refreshMillis({}), 0);
  assert.equal(refreshMillis({ refreshSeconds: '0' }), 0);
  assert.equal(refreshMillis({ refreshSeconds: 'soon' }), 0);
  assert.equal(refreshMillis({ refreshSeconds: '-3' }), 0);
  assert.equal(refreshMillis({ refreshSeconds: '5' }), 5000);
  assert.equal(refreshMillis({ refreshSeconds: '0.2' }), 1000);
});

test('cards link to the online store, or to data-product-path with {id} and {handle} filled in', () => {
  const { productHref } = loadScript();
  const product = { id: 'gid://shopify/Product/8000000000042', handle: 'oak mug', onlineStoreUrl: 'https://shop.example/products/oak-mug' };
  assert.equal(productHref(product, {}), 'https://shop.example/products/oak-mug');
  assert.equal(productHref({ ...product, onlineStoreUrl: null }, {}), '/products/oak mug');
  assert.equal(productHref(product, { productPath: '/products/{id}' }), '/products/8000000000042');
  assert.equal(productHref(product, { productPath: '/p/{handle}' }), '/p/oak%20mug');
});
