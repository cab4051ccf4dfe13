// A liquidjs engine with the Shopify-only tags and filters the snippet uses, registered to behave
// like Shopify's for the values the tests pass (a stand-in for Shopify's renderer, which is not
// available outside Shopify).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHmac } from 'node:crypto';
import { Liquid } from 'liquidjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function shopifyLiquid({ assetBase = '/cdn/shop/t/1/assets/' } = {}) {
  const engine = new Liquid({ root: path.join(root, 'snippets'), extname: '.liquid', strictFilters: true });
  // {% doc %}…{% enddoc %}: documentation, renders nothing
  engine.registerTag('doc', {
    parse(token, remainTokens) {
      let t;
      while ((t = remainTokens.shift())) {
        if (t.name === 'enddoc') return;
      }
      throw new Error('tag {% doc %} not closed');
    },
    render() {
      return '';
    },
  });
  engine.registerFilter('asset_url', (name) => assetBase + name);
  engine.registerFilter('image_url', (image, ...args) => {
    const src = typeof image === 'string' ? image : image.src;
    const opts = Object.fromEntries(args.filter(Array.isArray));
    return opts.width ? `${src}${src.includes('?') ? '&' : '?'}width=${opts.width}` : src;
  });
  engine.registerFilter('image_tag', (url, ...args) => {
    const attrs = args
      .filter(Array.isArray)
      .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
      .join('');
    return `<img src="${escapeAttr(url)}"${attrs}>`;
  });
  // Shopify's hmac_sha256: the hex digest of the text under the key
  engine.registerFilter('hmac_sha256', (text, key) => createHmac('sha256', String(key)).update(String(text)).digest('hex'));
  // Shopify's default money format for EUR shops: cents → "€12.00"
  engine.registerFilter('money', (cents) => `€${(Number(cents) / 100).toFixed(2)}`);
  return engine;
}

/** Product drops as Liquid sees them (price in cents). */
export function productDrop({ id, title, handle, price }) {
  return {
    id,
    title,
    handle,
    url: `/products/${handle}`,
    price: Math.round(price * 100),
    featured_image: { src: `/cdn/products/${id}.svg`, alt: title },
  };
}

export async function renderSnippet(engine, params, globals) {
  const args = Object.entries(params)
    .map(([k, v]) => `${k}: ${JSON.stringify(v).replace(/"/g, "'")}`)
    .join(', ');
  // Shopify objects (customer, metaobjects, localization) are global: visible inside {% render %}
  return engine.parseAndRender(`{% render 'walnut-recommendations', ${args} %}`, {}, { globals });
}
