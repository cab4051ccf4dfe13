/*
 * Walnut recommendations for anonymous shoppers: fills the placeholder rendered by
 * snippets/walnut-recommendations.liquid. Reads the Snowplow domain_userid (the first
 * '.'-separated element of the `_sp_id.<hash>` cookie), asks the Storefront API for the metaobject
 * `a-<domain_userid>` of the recommendations type, and renders the same cards as the Liquid
 * snippet. With no cookie, no entry, or a failing API, the block stays hidden.
 */
(function () {
  'use strict';

  // Validated against Shopify's published Storefront schema by shopify-sink's StorefrontSnippetTest.
  var RECOMMENDATIONS_QUERY = /* graphql */ `
query ShopperRecommendations($handle: MetaobjectHandleInput!, $country: CountryCode, $language: LanguageCode)
@inContext(country: $country, language: $language) {
  metaobject(handle: $handle) {
    handle
    updatedAt
    products: field(key: "products") {
      references(first: 10) {
        nodes {
          ... on Product {
            id
            handle
            title
            onlineStoreUrl
            availableForSale
            featuredImage { url altText width height }
            priceRange { minVariantPrice { amount currencyCode } }
          }
        }
      }
    }
  }
}`;

  /** The Snowplow domain_userid from a cookie string, or null. */
  function domainUserId(cookies) {
    var parts = (cookies || '').split(';');
    for (var i = 0; i < parts.length; i++) {
      var cookie = parts[i].trim();
      if (cookie.indexOf('_sp_id.') === 0) {
        var value = decodeURIComponent(cookie.substring(cookie.indexOf('=') + 1));
        var id = value.split('.')[0];
        return id ? id : null;
      }
    }
    return null;
  }

  /** The metaobject handle of an anonymous shopper: lowercase [a-z0-9-], as the sink writes it. */
  function handleFor(id) {
    return ('a-' + id.toLowerCase().replace(/[^a-z0-9-]+/g, '-')).replace(/-+$/, '');
  }

  function formatPrice(money) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined, {
        style: 'currency',
        currency: money.currencyCode,
      }).format(Number(money.amount));
    } catch (e) {
      return money.amount + ' ' + money.currencyCode;
    }
  }

  /** One product card, the same markup as the Liquid snippet renders. */
  function card(product) {
    var li = document.createElement('li');
    li.className = 'walnut-recs__card';
    li.setAttribute('data-product-id', product.id.replace('gid://shopify/Product/', ''));
    var a = document.createElement('a');
    a.className = 'walnut-recs__link';
    a.href = product.onlineStoreUrl || '/products/' + product.handle;
    if (product.featuredImage) {
      var img = document.createElement('img');
      img.className = 'walnut-recs__image';
      img.loading = 'lazy';
      img.src = product.featuredImage.url;
      img.alt = product.featuredImage.altText || product.title;
      if (product.featuredImage.width) img.width = product.featuredImage.width;
      if (product.featuredImage.height) img.height = product.featuredImage.height;
      a.appendChild(img);
    }
    var title = document.createElement('span');
    title.className = 'walnut-recs__title';
    title.textContent = product.title;
    a.appendChild(title);
    var price = document.createElement('span');
    price.className = 'walnut-recs__price';
    price.textContent = formatPrice(product.priceRange.minVariantPrice);
    a.appendChild(price);
    li.appendChild(a);
    return li;
  }

  function fill(section, fetchImpl) {
    var id = domainUserId(document.cookie);
    if (!id) return Promise.resolve(false);
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (section.dataset.token) headers['X-Shopify-Storefront-Access-Token'] = section.dataset.token;
    var variables = { handle: { type: section.dataset.type, handle: handleFor(id) } };
    if (section.dataset.country) variables.country = section.dataset.country;
    if (section.dataset.language) variables.language = section.dataset.language;
    return fetchImpl(section.dataset.endpoint, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify({ query: RECOMMENDATIONS_QUERY, variables: variables }),
    })
      .then(function (response) {
        if (!response.ok) throw new Error('Storefront API answered ' + response.status);
        return response.json();
      })
      .then(function (body) {
        var metaobject = body && body.data && body.data.metaobject;
        var products =
          metaobject && metaobject.products && metaobject.products.references
            ? metaobject.products.references.nodes.filter(function (p) {
                return p && p.id && p.availableForSale !== false;
              })
            : [];
        if (products.length === 0) return false;
        var list = section.querySelector('.walnut-recs__list');
        products.slice(0, 10).forEach(function (p) {
          list.appendChild(card(p));
        });
        section.setAttribute('data-walnut-source', 'storefront-api');
        section.hidden = false;
        return true;
      })
      .catch(function () {
        // The block stays hidden: recommendations are a nicety, never an error on the page.
        return false;
      });
  }

  function init() {
    var sections = document.querySelectorAll('[data-walnut-recommendations]');
    var done = [];
    for (var i = 0; i < sections.length; i++) done.push(fill(sections[i], window.fetch.bind(window)));
    window.walnutRecommendations = Promise.all(done);
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { domainUserId: domainUserId, handleFor: handleFor, query: RECOMMENDATIONS_QUERY };
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
