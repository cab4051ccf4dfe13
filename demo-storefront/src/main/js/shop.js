// The demo storefront's page code, bundled with the real Snowplow browser tracker and its
// e-commerce plugin by scripts/bundle-tracker.sh. Every page carries its settings in
// <script id="walnut-shop" type="application/json">: the collector, the tracker's app id, the page
// type, and on product pages the product (the e-commerce product entity, id = the Shopify product
// id as a string). The cart lives in the `walnut_cart` cookie (`<id>:<quantity>,…`), which the
// server reads to render the cart page from the Storefront API.
import { newTracker, trackPageView } from '@snowplow/browser-tracker';
import {
  SnowplowEcommercePlugin,
  setPageType,
  trackAddToCart,
  trackProductView,
  trackTransaction,
} from '@snowplow/browser-plugin-snowplow-ecommerce';

const CART = 'walnut_cart';
const CART_ID = 'walnut_cart_id';
const CART_DAYS = 7;

function cookie(name) {
  const prefix = name + '=';
  for (const part of document.cookie.split(';')) {
    const c = part.trim();
    if (c.startsWith(prefix)) return decodeURIComponent(c.substring(prefix.length));
  }
  return null;
}

function setCookie(name, value, days) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${days * 86400}; SameSite=Lax`;
}

/** The cart's lines, in the order added: [{ id, quantity }]. */
function cartLines() {
  return (cookie(CART) || '')
    .split(',')
    .map((entry) => entry.split(':'))
    .filter(([id, quantity]) => /^[0-9]+$/.test(id || '') && Number(quantity) > 0)
    .map(([id, quantity]) => ({ id, quantity: Number(quantity) }));
}

function saveCart(lines) {
  setCookie(CART, lines.map((l) => `${l.id}:${l.quantity}`).join(','), CART_DAYS);
}

function newId() {
  return window.crypto && crypto.randomUUID
    ? crypto.randomUUID()
    : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

function cartId() {
  let id = cookie(CART_ID);
  if (!id) {
    id = newId();
    setCookie(CART_ID, id, CART_DAYS);
  }
  return id;
}

function showCartCount() {
  const count = cartLines().reduce((sum, l) => sum + l.quantity, 0);
  document.querySelectorAll('[data-cart-count]').forEach((el) => {
    el.textContent = String(count);
  });
}

function money(amount) {
  return Math.round(amount * 100) / 100;
}

function addToCart(product, button) {
  const lines = cartLines();
  const line = lines.find((l) => l.id === product.id);
  if (line) line.quantity += 1;
  else lines.push({ id: product.id, quantity: 1 });
  saveCart(lines);
  // The cart's value as far as this page knows it: the server prices the other lines on the cart page.
  const known = lines.find((l) => l.id === product.id).quantity * product.price;
  trackAddToCart({
    cart_id: cartId(),
    total_value: money(known),
    currency: product.currency,
    products: [{ ...product, quantity: 1 }],
  });
  showCartCount();
  const status = document.querySelector('[data-cart-status]');
  if (status) status.textContent = `Added to cart: ${product.name}`;
  if (button) button.blur();
}

function buy(lines, currency, button) {
  const products = lines.map((l) => ({ ...l.product, quantity: l.quantity }));
  const revenue = money(products.reduce((sum, p) => sum + p.price * p.quantity, 0));
  const transactionId = newId();
  trackTransaction({
    transaction_id: transactionId,
    revenue,
    currency,
    payment_method: 'demo',
    total_quantity: products.reduce((sum, p) => sum + p.quantity, 0),
    products,
  });
  saveCart([]);
  setCookie(CART_ID, '', 0);
  showCartCount();
  button.hidden = true;
  const done = document.querySelector('[data-order-done]');
  if (done) {
    done.textContent = `Thank you! Order ${transactionId.substring(0, 8)} is placed.`;
    done.hidden = false;
  }
  const table = document.querySelector('[data-cart-lines]');
  if (table) table.hidden = true;
}

function start() {
  const settings = JSON.parse(document.getElementById('walnut-shop').textContent);
  newTracker('sp', settings.collector, {
    appId: settings.appId,
    platform: 'web',
    eventMethod: 'post',
    // one request per event: a click that leaves the page must not strand buffered events
    bufferSize: 1,
    stateStorageStrategy: 'cookieAndLocalStorage',
    plugins: [SnowplowEcommercePlugin()],
  });
  setPageType({ type: settings.pageType, language: 'en' });
  trackPageView();
  if (settings.product) trackProductView(settings.product);

  document.querySelectorAll('[data-add-to-cart]').forEach((button) => {
    button.addEventListener('click', () => addToCart(settings.product, button));
  });
  document.querySelectorAll('[data-buy]').forEach((button) => {
    button.addEventListener('click', () => buy(settings.cart || [], settings.currency, button));
  });
  showCartCount();
  window.walnutShop = { settings, cartLines };
}

start();
