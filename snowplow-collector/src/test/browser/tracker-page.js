// Bundled by run-browser-tracker.mjs (esbuild) into the test page: the real Snowplow browser
// tracker and its e-commerce plugin, driven through window.walnutShop.
import { newTracker, trackPageView } from '@snowplow/browser-tracker';
import {
  SnowplowEcommercePlugin,
  trackProductView,
  trackAddToCart,
} from '@snowplow/browser-plugin-snowplow-ecommerce';

const greenTea = { id: 'p-42', name: 'Green tea', category: 'tea', price: 4.5, currency: 'EUR' };

window.walnutShop = {
  start(collector, method, appId) {
    newTracker('sp', collector, {
      appId,
      platform: 'web',
      eventMethod: method,
      bufferSize: 1,
      stateStorageStrategy: 'cookieAndLocalStorage',
      plugins: [SnowplowEcommercePlugin()],
    });
  },
  firstVisit() {
    trackPageView();
    trackProductView(greenTea);
    trackAddToCart({ cart_id: 'cart-1', total_value: 9.0, currency: 'EUR', products: [{ ...greenTea, quantity: 2 }] });
  },
  secondVisit() {
    trackPageView();
    trackProductView(greenTea);
  },
};
