/*
 * Walnut's web pixel: Shopify's standard customer events → Walnut's Snowplow collector.
 *
 * App pixels run in a Web Worker (strict sandbox) with no DOM, so Snowplow's browser tracker
 * cannot run here; the events are sent in the tracker protocol (tp2 POST) over `fetch` instead.
 * The shopper id is the one the theme app embed stores (`walnut_shopper_id`, the browser
 * tracker's domain user id, which the recommendations block keys anonymous shoppers by), else
 * Shopify's clientId.
 */
import { register } from '@shopify/web-pixels-extension';
import { SUBSCRIBED_EVENTS, cartAfterAdding, payloadData, toTrackerEvent, tp2Url } from './snowplow.js';

export const SHOPPER_ID_COOKIE = 'walnut_shopper_id';

register(({ analytics, browser, settings, init }) => {
  const endpoint = tp2Url(settings.collectorUrl);
  const userId = init.data.customer && init.data.customer.id;
  let cart = init.data.cart;

  for (const name of SUBSCRIBED_EVENTS) {
    analytics.subscribe(name, async (event) => {
      if (name === 'product_added_to_cart') cart = cartAfterAdding(cart, event.data.cartLine);
      const shopperId = (await browser.cookie.get(SHOPPER_ID_COOKIE)) || event.clientId;
      const payload = toTrackerEvent(event, { appId: settings.appId, eventId: crypto.randomUUID(), shopperId, userId, cart });
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=UTF-8' },
          body: JSON.stringify(payloadData([payload], Date.now())),
          keepalive: true,
        });
        // the collector answers 200 once Kafka has the event; anything else is lost (a pixel
        // must not keep the shopper's page busy with retries)
        if (!response.ok) console.warn(`walnut pixel: the collector answered ${response.status} to ${name}`);
      } catch (e) {
        console.warn(`walnut pixel: ${name} not sent: ${e.message}`);
      }
    });
  }
});
