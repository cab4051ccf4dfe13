/*
 * Shopify's standard customer events → Snowplow tracker-protocol events (tp2), as the `snowplow`
 * source of Walnut types them: page views as `e=pv`; product views, add-to-carts and completed
 * checkouts as the self-describing `snowplow_ecommerce_action` (`product_view`, `add_to_cart`,
 * `transaction`) with the e-commerce product / cart / transaction entities in `cx`.
 *
 * Pure functions only (no fetch, no clock, no randomness unless passed in), so the mapping is
 * tested field by field against recorded events; src/index.js wires them to the pixel API.
 */

export const TRACKER_VERSION = 'shopify-pixel-0.1.0';
export const TP2_PATH = '/com.snowplowanalytics.snowplow/tp2';
export const SUBSCRIBED_EVENTS = ['page_viewed', 'product_viewed', 'product_added_to_cart', 'checkout_completed'];

const SNOWPLOW = 'iglu:com.snowplowanalytics.snowplow/';
const ECOMMERCE = 'iglu:com.snowplowanalytics.snowplow.ecommerce/';
export const SCHEMAS = Object.freeze({
  payloadData: SNOWPLOW + 'payload_data/jsonschema/1-0-4',
  unstructEvent: SNOWPLOW + 'unstruct_event/jsonschema/1-0-0',
  contexts: SNOWPLOW + 'contexts/jsonschema/1-0-0',
  action: ECOMMERCE + 'snowplow_ecommerce_action/jsonschema/1-0-2',
  product: ECOMMERCE + 'product/jsonschema/1-0-0',
  cart: ECOMMERCE + 'cart/jsonschema/1-0-0',
  transaction: ECOMMERCE + 'transaction/jsonschema/1-0-0',
});

/** Shopify ids come as numbers or as `gid://shopify/Product/123`; Walnut keys products by the number. */
export function numericId(id) {
  if (id === null || id === undefined) return null;
  const text = String(id);
  const slash = text.lastIndexOf('/');
  return slash >= 0 ? text.slice(slash + 1) : text;
}

/** The e-commerce product entity of a product variant (Shopify's `ProductVariant`). */
export function productEntity(variant, quantity) {
  const product = variant.product || {};
  const entity = {
    id: numericId(product.id),
    name: product.title,
    // required by the schema; Shopify's product type may be empty
    category: product.type || '',
    price: variant.price.amount,
    currency: variant.price.currencyCode,
  };
  if (variant.id) entity.variant = numericId(variant.id);
  if (product.vendor) entity.brand = product.vendor;
  if (quantity !== undefined) entity.quantity = quantity;
  return { schema: SCHEMAS.product, data: entity };
}

/**
 * The cart the pixel knows of after a line was added: Shopify's add-to-cart event carries only the
 * line, so the cart at page load (`init.data.cart`) plus the lines added since.
 */
export function cartAfterAdding(cart, cartLine) {
  const line = cartLine.cost.totalAmount;
  const before = cart && cart.cost && cart.cost.totalAmount;
  const sameCurrency = before && before.currencyCode === line.currencyCode;
  return {
    id: cart ? cart.id : null,
    cost: { totalAmount: { amount: round((sameCurrency ? before.amount : 0) + line.amount), currencyCode: line.currencyCode } },
    totalQuantity: (cart && sameCurrency ? cart.totalQuantity || 0 : 0) + cartLine.quantity,
  };
}

function cartEntity(cart) {
  const data = { total_value: cart.cost.totalAmount.amount, currency: cart.cost.totalAmount.currencyCode };
  if (cart.id) data.cart_id = numericId(cart.id);
  return { schema: SCHEMAS.cart, data };
}

function transactionEntity(checkout) {
  const payment = checkout.transactions && checkout.transactions[0];
  const data = {
    transaction_id: numericId((checkout.order && checkout.order.id) || checkout.token),
    revenue: checkout.totalPrice.amount,
    currency: checkout.currencyCode || checkout.totalPrice.currencyCode,
    payment_method: payment ? (payment.paymentMethod && payment.paymentMethod.name) || payment.gateway : 'unknown',
    total_quantity: checkout.lineItems.reduce((sum, item) => sum + item.quantity, 0),
  };
  if (checkout.totalTax) data.tax = checkout.totalTax.amount;
  if (checkout.shippingLine) data.shipping = checkout.shippingLine.price.amount;
  if (checkout.discountsAmount && checkout.discountsAmount.amount > 0) data.discount_amount = checkout.discountsAmount.amount;
  return { schema: SCHEMAS.transaction, data };
}

/**
 * One Shopify customer event → one tracker-protocol event (every value a string, as tp2 requires),
 * or null for events the pixel does not send.
 *
 * options: appId, eventId (a UUID), shopperId (the domain user id; Shopify's clientId when absent),
 * userId (the logged-in customer's id, if any), cart (the cart after this event, for add-to-cart).
 */
export function toTrackerEvent(event, { appId, eventId, shopperId, userId, cart } = {}) {
  const document = (event.context && event.context.document) || {};
  const navigator = (event.context && event.context.navigator) || {};
  const payload = {
    e: 'pv',
    eid: eventId,
    tv: TRACKER_VERSION,
    p: 'web',
    aid: appId,
    duid: shopperId || event.clientId,
    dtm: String(Date.parse(event.timestamp)),
  };
  if (userId) payload.uid = String(userId);
  if (document.location && document.location.href) payload.url = document.location.href;
  if (document.title) payload.page = document.title;
  if (document.referrer) payload.refr = document.referrer;
  if (document.characterSet) payload.cs = document.characterSet;
  if (navigator.language) payload.lang = navigator.language;
  if (navigator.userAgent) payload.ua = navigator.userAgent;

  let action;
  let entities;
  switch (event.name) {
    case 'page_viewed':
      return payload;
    case 'product_viewed':
      action = 'product_view';
      entities = [productEntity(event.data.productVariant)];
      break;
    case 'product_added_to_cart': {
      const line = event.data.cartLine;
      action = 'add_to_cart';
      entities = [productEntity(line.merchandise, line.quantity), cartEntity(cart || cartAfterAdding(null, line))];
      break;
    }
    case 'checkout_completed': {
      const checkout = event.data.checkout;
      action = 'transaction';
      entities = [transactionEntity(checkout), ...checkout.lineItems.filter((i) => i.variant).map((i) => productEntity(i.variant, i.quantity))];
      break;
    }
    default:
      return null;
  }
  payload.e = 'ue';
  payload.ue_px = base64Url({ schema: SCHEMAS.unstructEvent, data: { schema: SCHEMAS.action, data: { type: action } } });
  payload.cx = base64Url({ schema: SCHEMAS.contexts, data: entities });
  return payload;
}

/** The tp2 POST body for events, stamped with the time they are sent. */
export function payloadData(events, sentAtMillis) {
  return { schema: SCHEMAS.payloadData, data: events.map((e) => ({ ...e, stm: String(sentAtMillis) })) };
}

/** The collector's tp2 endpoint for the `collectorUrl` setting (with or without a trailing slash). */
export function tp2Url(collectorUrl) {
  return String(collectorUrl).replace(/\/+$/, '') + TP2_PATH;
}

/** base64url without padding of the JSON, as Snowplow's trackers encode `ue_px` and `cx`. */
export function base64Url(value) {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function round(amount) {
  return Math.round(amount * 100) / 100;
}
