// Runs the web pixel (extensions/walnut-pixel/src/index.js, with the real
// @shopify/web-pixels-extension `register`) outside Shopify: `register` hands the pixel to
// `shopify.extend`, which this harness provides, then replays a recorded sequence of customer
// events through `analytics.subscribe`, one after the other, awaiting each handler.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PIXEL = pathToFileURL(path.join(appRoot, 'extensions/walnut-pixel/src/index.js'));
let runs = 0;

/** Replays `recording.events`; returns the names of the events some subscription handled. */
export async function replay(recording, settings) {
  let pixel;
  globalThis.shopify = {
    extend(point, extend) {
      if (point !== 'WebPixel::Render') throw new Error(`unexpected extension point ${point}`);
      pixel = extend;
    },
  };
  // a fresh module instance per run: the pixel registers itself when imported
  await import(`${PIXEL.href}?run=${++runs}`);
  if (!pixel) throw new Error('the pixel did not call register()');
  const subscriptions = new Map();
  pixel({
    settings,
    init: recording.init,
    analytics: {
      subscribe(name, callback) {
        subscriptions.set(name, callback);
        return () => subscriptions.delete(name);
      },
    },
    browser: {
      cookie: {
        get: async (name) => (name === undefined ? '' : (recording.cookies || {})[name] || ''),
        set: async () => '',
      },
    },
    customerPrivacy: { subscribe() {} },
  });
  const handled = [];
  for (const event of recording.events) {
    const callback = subscriptions.get(event.name);
    if (callback) {
      await callback(event);
      handled.push(event.name);
    }
  }
  return { subscribed: [...subscriptions.keys()], handled };
}
