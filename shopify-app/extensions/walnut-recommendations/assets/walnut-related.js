/*
 * The recommendations block's fallback for a logged-in customer without Walnut recommendations, on
 * a product page: Shopify's own related products (the product recommendations endpoint,
 * `intent=related`), rendered as the same cards as snippets/walnut-recommendations.liquid.
 * A failing request leaves the block hidden; nothing is thrown.
 */
(function () {
  'use strict';

  /** The endpoint's URL: `routes.product_recommendations_url` + `.json` with the query. */
  function relatedUrl(base, productId, limit) {
    return base + '.json?product_id=' + encodeURIComponent(productId) + '&limit=' + Number(limit) + '&intent=related';
  }

  /** What a card shows of one product of the endpoint's answer (prices in cents), at most `limit`. */
  function cardsFrom(answer, limit, formatPrice) {
    var products = (answer && answer.products) || [];
    return products.slice(0, limit).map(function (p) {
      var image = p.featured_image && (p.featured_image.src || p.featured_image);
      return {
        id: String(p.id),
        url: p.url,
        title: p.title,
        price: formatPrice(p.price / 100),
        image: typeof image === 'string' ? image + (image.indexOf('?') >= 0 ? '&' : '?') + 'width=400' : null,
      };
    });
  }

  function render(block, cards) {
    var list = block.querySelector('.walnut-recs__list');
    cards.forEach(function (c) {
      var li = document.createElement('li');
      li.className = 'walnut-recs__card';
      li.setAttribute('data-product-id', c.id);
      var a = document.createElement('a');
      a.className = 'walnut-recs__link';
      a.href = c.url;
      if (c.image) {
        var img = document.createElement('img');
        img.className = 'walnut-recs__image';
        img.loading = 'lazy';
        img.src = c.image;
        img.alt = c.title;
        a.appendChild(img);
      }
      [['walnut-recs__title', c.title], ['walnut-recs__price', c.price]].forEach(function (t) {
        var span = document.createElement('span');
        span.className = t[0];
        span.textContent = t[1];
        a.appendChild(span);
      });
      li.appendChild(a);
      list.appendChild(li);
    });
    block.setAttribute('data-walnut-source', 'shopify-related');
    block.hidden = cards.length === 0;
  }

  if (typeof document !== 'undefined') {
    document.querySelectorAll('[data-walnut-related]').forEach(function (block) {
      var limit = Number(block.getAttribute('data-limit')) || 4;
      var currency = block.getAttribute('data-currency');
      var format = function (amount) {
        try {
          return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'currency', currency: currency }).format(amount);
        } catch (e) {
          return amount.toFixed(2);
        }
      };
      fetch(relatedUrl(block.getAttribute('data-url'), block.getAttribute('data-product-id'), limit))
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (answer) {
          render(block, cardsFrom(answer, limit, format));
        })
        .catch(function () {});
    });
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { relatedUrl: relatedUrl, cardsFrom: cardsFrom };
  }
})();
