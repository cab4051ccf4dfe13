/*
 * Walnut recommendations for anonymous shoppers: fills the placeholder rendered by
 * snippets/walnut-recommendations.liquid. Reads the Snowplow domain_userid (the first
 * '.'-separated element of the `_sp_id.<hash>` cookie), asks the Storefront API for the metaobject
 * `a-<domain_userid>` of the recommendations type, and renders the same cards as the Liquid
 * snippet. When the shopper has no entry yet (or no cookie), it shows the fallback metaobject
 * (handle `trending` unless `data-fallback-handle` says otherwise; `""` turns it off) under
 * `data-fallback-heading` ("Trending now"). The model version shows on hover (the block's `title`).
 * `data-refresh-seconds` > 0 asks again every so many seconds, so new recommendations appear
 * without a reload (off by default). Nothing to show, or a failing API: the block stays as it was
 * (hidden at first), nothing is thrown.
 */
(function () {
  'use strict';

  var DEFAULT_FALLBACK_HANDLE = 'trending';
  var DEFAULT_FALLBACK_HEADING = 'Trending now';
  // Asking more often than this would only load the Storefront API; the sink writes per shopper
  // at most every few seconds anyway.
  var MIN_REFRESH_MS = 1000;

  // Validated against Shopify's published Storefront schema by shopify-sink's StorefrontSnippetTest
  // and demo-storefront's StorefrontQueriesTest.
  var RECOMMENDATIONS_QUERY = /* graphql */ `
query ShopperRecommendations(
  $handle: MetaobjectHandleInput
  $withShopper: Boolean!
  $fallback: MetaobjectHandleInput
  $withFallback: Boolean!
  $country: CountryCode
  $language: LanguageCode
) @inContext(country: $country, language: $language) {
  shopper: metaobject(handle: $handle) @include(if: $withShopper) {
    ...WalnutRecommendations
  }
  fallback: metaobject(handle: $fallback) @include(if: $withFallback) {
    ...WalnutRecommendations
  }
}

fragment WalnutRecommendations on Metaobject {
  handle
  updatedAt
  modelVersion: field(key: "model_version") {
    value
  }
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
  /**
   * Where a card links to: `data-product-path` with `{id}` (numeric) and `{handle}` filled in when
   * the block has one (a headless storefront with its own product pages), else the product's
   * online store URL.
   */
  function productHref(product, dataset) {
    var template = dataset && dataset.productPath;
    if (template) {
      var id = product.id.replace('gid://shopify/Product/', '');
      return template
        .replace('{id}', encodeURIComponent(id))
        .replace('{handle}', encodeURIComponent(product.handle));
    }
    return product.onlineStoreUrl || '/products/' + product.handle;
  }

  function card(product, dataset) {
    var li = document.createElement('li');
    li.className = 'walnut-recs__card';
    li.setAttribute('data-product-id', product.id.replace('gid://shopify/Product/', ''));
    var a = document.createElement('a');
    a.className = 'walnut-recs__link';
    a.href = productHref(product, dataset);
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

  /**
   * The query's variables for a block's data attributes (a DOMStringMap or a plain object) and the
   * page's cookies, or null when there is nothing to ask for (no cookie and no fallback).
   */
  function variablesFor(dataset, cookies) {
    var id = domainUserId(cookies);
    var fallback = dataset.fallbackHandle === undefined ? DEFAULT_FALLBACK_HANDLE : dataset.fallbackHandle;
    if (!id && !fallback) return null;
    var variables = {
      handle: id ? { type: dataset.type, handle: handleFor(id) } : null,
      withShopper: !!id,
      fallback: fallback ? { type: dataset.type, handle: fallback } : null,
      withFallback: !!fallback,
    };
    if (dataset.country) variables.country = dataset.country;
    if (dataset.language) variables.language = dataset.language;
    return variables;
  }

  function productsOf(metaobject) {
    return metaobject && metaobject.products && metaobject.products.references
      ? metaobject.products.references.nodes.filter(function (p) {
          return p && p.id && p.availableForSale !== false;
        })
      : [];
  }

  /**
   * What the block shows for a Storefront API answer: the shopper's own entry when it has products,
   * else the fallback's, else null. {kind: 'shopper'|'fallback', handle, updatedAt, modelVersion, products}
   */
  function choose(data) {
    var kinds = ['shopper', 'fallback'];
    for (var i = 0; i < kinds.length; i++) {
      var metaobject = data && data[kinds[i]];
      var products = productsOf(metaobject).slice(0, 10);
      if (products.length > 0) {
        return {
          kind: kinds[i],
          handle: metaobject.handle,
          updatedAt: metaobject.updatedAt,
          modelVersion: metaobject.modelVersion && metaobject.modelVersion.value ? metaobject.modelVersion.value : null,
          products: products,
        };
      }
    }
    return null;
  }

  /** Milliseconds between refreshes from `data-refresh-seconds`: 0 (off) unless a positive number. */
  function refreshMillis(dataset) {
    var seconds = Number(dataset.refreshSeconds);
    if (!(seconds > 0)) return 0;
    return Math.max(MIN_REFRESH_MS, Math.round(seconds * 1000));
  }

  function show(section, choice) {
    var signature = [choice.kind, choice.handle, choice.updatedAt, choice.modelVersion]
      .concat(choice.products.map(function (p) { return p.id; }))
      .join('|');
    if (section.getAttribute('data-walnut-signature') === signature) return;
    var heading = section.querySelector('.walnut-recs__heading');
    if (heading) {
      if (section.dataset.walnutHeading === undefined) section.dataset.walnutHeading = heading.textContent;
      heading.textContent =
        choice.kind === 'shopper'
          ? section.dataset.walnutHeading
          : section.dataset.fallbackHeading || DEFAULT_FALLBACK_HEADING;
    }
    var list = section.querySelector('.walnut-recs__list');
    while (list.firstChild) list.removeChild(list.firstChild);
    choice.products.forEach(function (p) {
      list.appendChild(card(p, section.dataset));
    });
    if (choice.modelVersion) section.title = 'Model version: ' + choice.modelVersion;
    else section.removeAttribute('title');
    section.setAttribute('data-walnut-source', 'storefront-api');
    section.setAttribute('data-walnut-kind', choice.kind);
    section.setAttribute('data-walnut-handle', choice.handle);
    section.setAttribute('data-walnut-signature', signature);
    section.hidden = false;
  }

  function fill(section, fetchImpl) {
    var variables = variablesFor(section.dataset, document.cookie);
    if (!variables) return Promise.resolve(false);
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (section.dataset.token) headers['X-Shopify-Storefront-Access-Token'] = section.dataset.token;
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
        var choice = choose(body && body.data);
        if (!choice) return false;
        show(section, choice);
        return true;
      })
      .catch(function () {
        // The block stays as it was: recommendations are a nicety, never an error on the page.
        return false;
      });
  }

  /** Asks again every `data-refresh-seconds`, one request at a time, while the page is visible. */
  function keepFresh(section, fetchImpl) {
    var every = refreshMillis(section.dataset);
    if (!every) return;
    var next = function () {
      setTimeout(function () {
        var asked = document.visibilityState === 'hidden' ? Promise.resolve(false) : fill(section, fetchImpl);
        asked.then(next);
      }, every);
    };
    next();
  }

  function init() {
    var sections = document.querySelectorAll('[data-walnut-recommendations]');
    var fetchImpl = window.fetch.bind(window);
    var done = [];
    for (var i = 0; i < sections.length; i++) {
      done.push(fill(sections[i], fetchImpl));
      keepFresh(sections[i], fetchImpl);
    }
    window.walnutRecommendations = Promise.all(done);
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = {
      domainUserId: domainUserId,
      handleFor: handleFor,
      variablesFor: variablesFor,
      choose: choose,
      refreshMillis: refreshMillis,
      productHref: productHref,
      query: RECOMMENDATIONS_QUERY,
    };
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
