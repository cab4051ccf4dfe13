import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { appRoot, replay } from './pixel-harness.mjs';
import { SCHEMAS, cartAfterAdding, numericId, payloadData, toTrackerEvent, tp2Url } from '../extensions/walnut-pixel/src/snowplow.js';

const recording = JSON.parse(fs.readFileSync(path.join(appRoot, 'test/fixtures/customer-events.json'), 'utf8'));
const events = recording.events;
const byName = (name, nth = 0) => events.filter((e) => e.name === name)[nth];
const decode = (b64) => JSON.parse(Buffer.from(b64, 'base64url').toString('utf8'));
const options = { appId: 'walnut-demo', eventId: '0b6c2b58-3b1f-4c8e-9a51-2d1c0f6e7a90', shopperId: '5f0c2d9e-1b7a-4c33' };
const action = (payload) => {
  const ue = decode(payload.ue_px);
  assert.equal(ue.schema, SCHEMAS.unstructEvent);
  assert.equal(ue.data.schema, SCHEMAS.action);
  return ue.data.data.type;
};
const entities = (payload) => {
  const cx = decode(payload.cx);
  assert.equal(cx.schema, SCHEMAS.contexts);
  return cx.data;
};

test('a page view is a tp2 page view with the page from the event context', () => {
  const event = byName('page_viewed', 1);
  assert.deepEqual(toTrackerEvent(event, options), {
    e: 'pv',
    eid: options.eventId,
    tv: 'shopify-pixel-0.1.0',
    p: 'web',
    aid: 'walnut-demo',
    duid: '5f0c2d9e-1b7a-4c33',
    dtm: String(Date.parse('2026-12-08T10:15:09.480Z')),
    url: 'https://walnut-demo.myshopify.com/products/maple-mug',
    page: 'Maple Mug – Walnut Demo Shop',
    refr: 'https://walnut-demo.myshopify.com/',
    cs: 'UTF-8',
    lang: 'de-DE',
    ua: event.context.navigator.userAgent,
  });
});

test("without the embed's shopper id the domain user id is Shopify's clientId; a customer id is the user id", () => {
  const payload = toTrackerEvent(byName('page_viewed'), { appId: 'a', eventId: 'e', userId: 7407263514789 });
  assert.equal(payload.duid, 'c2f1b1e4-9c8f-4f7e-8d6a-3b2e1f0a9d87');
  assert.equal(payload.uid, '7407263514789');
  assert.equal(payload.refr, undefined, 'no referrer on the first page');
  for (const value of Object.values(payload)) assert.equal(typeof value, 'string', 'tp2 values are strings');
});

test('a product view is a product_view action with the product entity', () => {
  const payload = toTrackerEvent(byName('product_viewed'), options);
  assert.equal(payload.e, 'ue');
  assert.equal(action(payload), 'product_view');
  assert.deepEqual(entities(payload), [
    {
      schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0',
      data: { id: '8266836345064', name: 'Maple Mug', category: 'Mug', price: 12, currency: 'EUR', variant: '44610569208040', brand: 'Walnut Goods' },
    },
  ]);
  assert.doesNotMatch(payload.ue_px + payload.cx, /[+/=]/, 'base64url without padding');
});

test('an add-to-cart is an add_to_cart action with the product (quantity) and the cart after it', () => {
  const event = byName('product_added_to_cart');
  const cart = cartAfterAdding(recording.init.data.cart, event.data.cartLine);
  assert.deepEqual(cart, {
    id: 'Z2NwLWV1cm9wZS13ZXN0MTowMUpFRzhXN1dZOVZNM1hQUEJaV1I0R0tQTQ',
    cost: { totalAmount: { amount: 51, currencyCode: 'EUR' } },
    totalQuantity: 3,
  });
  const payload = toTrackerEvent(event, { ...options, cart });
  assert.equal(action(payload), 'add_to_cart');
  const [product, cartEntity] = entities(payload);
  assert.deepEqual(product.data, { id: '8266836410600', name: 'Cedar Tee', category: 'Tee', price: 19.5, currency: 'EUR', variant: '44610569273576', brand: 'Walnut Goods', quantity: 2 });
  assert.deepEqual(cartEntity, {
    schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/cart/jsonschema/1-0-0',
    data: { total_value: 51, currency: 'EUR', cart_id: 'Z2NwLWV1cm9wZS13ZXN0MTowMUpFRzhXN1dZOVZNM1hQUEJaV1I0R0tQTQ' },
  });
});

test('without a cart at page load the cart is the added line; another currency starts over', () => {
  const line = byName('product_added_to_cart').data.cartLine;
  assert.deepEqual(cartAfterAdding(null, line), { id: null, cost: { totalAmount: { amount: 39, currencyCode: 'EUR' } }, totalQuantity: 2 });
  const usd = { id: 'c1', cost: { totalAmount: { amount: 10, currencyCode: 'USD' } }, totalQuantity: 1 };
  assert.deepEqual(cartAfterAdding(usd, line).cost.totalAmount, { amount: 39, currencyCode: 'EUR' });
  const payload = toTrackerEvent(byName('product_added_to_cart'), options);
  assert.deepEqual(entities(payload)[1].data, { total_value: 39, currency: 'EUR' }, 'no cart id when none is known');
});

test('a completed checkout is a transaction action with the transaction and one product per line', () => {
  const payload = toTrackerEvent(byName('checkout_completed'), options);
  assert.equal(action(payload), 'transaction');
  const [transaction, ...products] = entities(payload);
  assert.deepEqual(transaction, {
    schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/transaction/jsonschema/1-0-0',
    data: { transaction_id: '5967812345678', revenue: 55.9, currency: 'EUR', payment_method: 'visa', total_quantity: 3, tax: 8.93, shipping: 4.9 },
  });
  assert.deepEqual(
    products.map((p) => [p.schema, p.data.id, p.data.quantity, p.data.price]),
    [
      [SCHEMAS.product, '8266836345064', 1, 12],
      [SCHEMAS.product, '8266836410600', 2, 19.5],
    ],
  );
  assert.equal(payload.url.endsWith('/thank-you'), true);
});

test('a checkout without an order id yet is keyed by its token; events not subscribed map to nothing', () => {
  const event = structuredClone(byName('checkout_completed'));
  event.data.checkout.order = null;
  event.data.checkout.transactions = [];
  const [transaction] = entities(toTrackerEvent(event, options));
  assert.equal(transaction.data.transaction_id, '4ae1bc3a92f1d5c0c8a9b1e2f3d4c5b6');
  assert.equal(transaction.data.payment_method, 'unknown');
  assert.equal(toTrackerEvent(byName('cart_viewed'), options), null);
});

test('ids, endpoint and body', () => {
  assert.equal(numericId('gid://shopify/Product/8266836345064'), '8266836345064');
  assert.equal(numericId(8266836345064), '8266836345064');
  assert.equal(numericId(null), null);
  assert.equal(tp2Url('https://collector.example.com/'), 'https://collector.example.com/com.snowplowanalytics.snowplow/tp2');
  assert.equal(tp2Url('http://127.0.0.1:8090'), 'http://127.0.0.1:8090/com.snowplowanalytics.snowplow/tp2');
  assert.deepEqual(payloadData([{ e: 'pv' }], 1796724931050), {
    schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
    data: [{ e: 'pv', stm: '1796724931050' }],
  });
});

test('the registered pixel sends each subscribed event of the recording in order, one POST each', async (t) => {
  const posts = [];
  t.mock.method(globalThis, 'fetch', async (url, init) => {
    posts.push({ url, init, body: JSON.parse(init.body) });
    return { ok: true, status: 200 };
  });
  const result = await replay(recording, { collectorUrl: 'https://collector.example.com', appId: 'walnut-demo' });
  assert.deepEqual(result.subscribed, ['page_viewed', 'product_viewed', 'product_added_to_cart', 'checkout_completed']);
  assert.equal(posts.length, 7, 'the cart_viewed event is not sent');
  for (const post of posts) {
    assert.equal(post.url, 'https://collector.example.com/com.snowplowanalytics.snowplow/tp2');
    assert.equal(post.init.method, 'POST');
    assert.equal(post.init.headers['Content-Type'], 'application/json; charset=UTF-8');
    assert.equal(post.body.schema, SCHEMAS.payloadData);
    assert.equal(post.body.data.length, 1);
  }
  const sent = posts.map((p) => p.body.data[0]);
  assert.deepEqual(
    sent.map((e) => (e.e === 'pv' ? 'pv' : action(e))),
    ['pv', 'pv', 'product_view', 'pv', 'product_view', 'add_to_cart', 'transaction'],
  );
  assert.ok(sent.every((e) => e.duid === '5f0c2d9e-1b7a-4c33-9e51-0d7f6a2b8c41'), "the embed's shopper id");
  assert.ok(sent.every((e) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.eid)), 'eid a UUID');
  assert.equal(new Set(sent.map((e) => e.eid)).size, 7);
  assert.ok(sent.every((e) => /^\d{13}$/.test(e.stm) && /^\d{13}$/.test(e.dtm)));
  assert.deepEqual(entities(sent[5])[1].data.total_value, 51, 'the cart at page load plus the added line');
});
